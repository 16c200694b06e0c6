// ferryctl rename and delete (issue 15): the editors' patches from the command line.
#include "ferryctl_fixture.h"

#include <QFile>

namespace ferry::test {
namespace {

using namespace Qt::Literals::StringLiterals;

TEST_F(Ferryctl, RenameFollowsReferencesAndHistoryFollowsTheObject)
{
    ASSERT_EQ(ferryctl({u"apply"_s, m_workspace}).exitCode, 0);
    const CommandRun renamed = ferryctl({u"rename"_s, u"models/events"_s, u"events_v2"_s});
    ASSERT_EQ(renamed.exitCode, 0) << renamed.err.toStdString();
    EXPECT_TRUE(renamed.out.contains(u"changed model events_v2 (was events)"_s)) << renamed.out.toStdString();
    EXPECT_TRUE(renamed.out.contains(u"changed product core"_s)) << renamed.out.toStdString();

    const CommandRun history = ferryctl({u"history"_s, u"models/events_v2"_s});
    ASSERT_EQ(history.exitCode, 0) << history.err.toStdString();
    const QStringList lines = history.out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << history.out.toStdString();
    EXPECT_TRUE(lines[0].contains(u" renamed "_s) && lines[0].endsWith(u"models/events_v2 (was events)"_s))
        << lines[0].toStdString();
    EXPECT_TRUE(lines[1].contains(u" added "_s) && lines[1].endsWith(u"models/events"_s)) << lines[1].toStdString();

    const CommandRun exported = ferryctl({u"export"_s, m_dir.filePath(u"exported"_s)});
    ASSERT_EQ(exported.exitCode, 0) << exported.err.toStdString();
    QFile product(m_dir.filePath(u"exported/products/core.json"_s));
    ASSERT_TRUE(product.open(QIODevice::ReadOnly));
    EXPECT_TRUE(product.readAll().contains("events_v2"));
}

TEST_F(Ferryctl, RenameRefusesBadInput)
{
    ASSERT_EQ(ferryctl({u"apply"_s, m_workspace}).exitCode, 0);
    EXPECT_EQ(ferryctl({u"rename"_s, u"models/nope"_s, u"x"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"rename"_s, u"events"_s, u"x"_s}).exitCode, 2); // the kind is required
    EXPECT_EQ(ferryctl({u"rename"_s, u"models/events"_s}).exitCode, 2);
    const CommandRun taken = ferryctl({u"rename"_s, u"models/events"_s, u"users"_s});
    EXPECT_EQ(taken.exitCode, 2);
    EXPECT_TRUE(taken.err.contains(u"nothing was renamed"_s)) << taken.err.toStdString();
    const CommandRun invalid = ferryctl({u"rename"_s, u"recipients/acme"_s, u"a/b"_s});
    EXPECT_EQ(invalid.exitCode, 2) << invalid.err.toStdString();
    EXPECT_EQ(ferryctl({u"history"_s, u"models/users"_s}).out.split(u'\n', Qt::SkipEmptyParts).size(), 1);
}

TEST_F(Ferryctl, DeleteSaysWhatDependsOnItAndDeletesOnlyWithYes)
{
    ASSERT_EQ(ferryctl({u"apply"_s, m_workspace}).exitCode, 0);
    const CommandRun asked = ferryctl({u"delete"_s, u"models/events"_s});
    EXPECT_EQ(asked.exitCode, 1);
    EXPECT_TRUE(asked.err.contains(u"product \"core\" lists it in models; the reference is removed"_s)) << asked.err.toStdString();
    EXPECT_TRUE(asked.err.contains(u"left as they are"_s)) << asked.err.toStdString();
    EXPECT_TRUE(asked.err.contains(u"--yes"_s)) << asked.err.toStdString();
    EXPECT_EQ(ferryctl({u"history"_s, u"models/events"_s}).out.split(u'\n', Qt::SkipEmptyParts).size(), 1);

    const CommandRun deleted = ferryctl({u"delete"_s, u"models/events"_s, u"--yes"_s});
    ASSERT_EQ(deleted.exitCode, 0) << deleted.err.toStdString();
    EXPECT_TRUE(deleted.out.contains(u"removed model events"_s)) << deleted.out.toStdString();
    EXPECT_TRUE(deleted.out.contains(u"changed product core"_s)) << deleted.out.toStdString();
    EXPECT_EQ(ferryctl({u"delete"_s, u"models/events"_s, u"--yes"_s}).exitCode, 2); // gone
}

TEST_F(Ferryctl, DeleteThatWouldLeaveAnObjectInvalidIsRefused)
{
    ASSERT_EQ(ferryctl({u"apply"_s, m_workspace}).exitCode, 0);
    const CommandRun asked = ferryctl({u"delete"_s, u"recipients/acme"_s});
    EXPECT_EQ(asked.exitCode, 1);
    EXPECT_TRUE(asked.err.contains(u"blocks it: destination \"acme db\" delivers to it"_s)) << asked.err.toStdString();
    const CommandRun refused = ferryctl({u"delete"_s, u"recipients/acme"_s, u"--yes"_s});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains(u"nothing was deleted"_s)) << refused.err.toStdString();
    EXPECT_EQ(ferryctl({u"history"_s, u"recipients/acme"_s}).out.split(u'\n', Qt::SkipEmptyParts).size(), 1);
    EXPECT_EQ(ferryctl({u"delete"_s, u"widgets/acme"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"delete"_s}).exitCode, 2);
}

} // namespace
} // namespace ferry::test
