// ferryctl history (issue 15): the changes apply recorded, newest first.
#include "ferryctl_fixture.h"

#include <nlohmann/json.hpp>

namespace ferry::test {
namespace {

TEST_F(Ferryctl, HistoryListsOneObjectsChangesNewestFirst)
{
    ASSERT_EQ(ferryctl({QStringLiteral("apply"), m_workspace}).exitCode, 0);
    Json edited = WorkspaceFiles::model(QStringLiteral("events"));
    edited["columns"][1]["name_in_destination"] = "event_kind";
    WorkspaceFiles::write(m_workspace, QStringLiteral("models/events.json"), edited);
    ASSERT_EQ(ferryctl({QStringLiteral("apply"), m_workspace}).exitCode, 0);

    const CommandRun listed = ferryctl({QStringLiteral("history"), QStringLiteral("models/events")});
    ASSERT_EQ(listed.exitCode, 0) << listed.err.toStdString();
    const QStringList lines = listed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << listed.out.toStdString();
    EXPECT_TRUE(lines[0].contains(QStringLiteral(" changed ")) && lines[0].endsWith(QStringLiteral("models/events")))
        << lines[0].toStdString();
    EXPECT_TRUE(lines[1].contains(QStringLiteral(" added ")) && lines[1].endsWith(QStringLiteral("models/events")))
        << lines[1].toStdString();
    EXPECT_TRUE(lines[0].contains(QLatin1Char('@'))) << lines[0].toStdString();

    const CommandRun json = ferryctl({QStringLiteral("history"), QStringLiteral("events"), QStringLiteral("--json")});
    ASSERT_EQ(json.exitCode, 0) << json.err.toStdString();
    const QStringList jsonLines = json.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(jsonLines.size(), 2) << json.out.toStdString();
    const Json newest = Json::parse(jsonLines[0].toStdString());
    EXPECT_EQ(newest["action"], "changed");
    EXPECT_EQ(newest["kind"], "model");
    EXPECT_EQ(newest["name"], "events");
    EXPECT_EQ(newest["after"]["columns"][1]["name_in_destination"], "event_kind");
    EXPECT_EQ(newest["before"]["columns"][1]["name_in_destination"], "kind");
    EXPECT_TRUE(Json::parse(jsonLines[1].toStdString())["before"].is_null());

    const CommandRun limited = ferryctl({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("1")});
    EXPECT_EQ(limited.exitCode, 0);
    EXPECT_EQ(limited.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 1) << limited.out.toStdString();
    EXPECT_EQ(ferryctl({QStringLiteral("history")}).out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 9);
}

TEST_F(Ferryctl, HistoryOfAnUnknownObjectIsEmpty)
{
    ASSERT_EQ(ferryctl({QStringLiteral("apply"), m_workspace}).exitCode, 0);
    const CommandRun unknown = ferryctl({QStringLiteral("history"), QStringLiteral("models/nope")});
    EXPECT_EQ(unknown.exitCode, 0) << unknown.err.toStdString();
    EXPECT_TRUE(unknown.out.isEmpty()) << unknown.out.toStdString();
}

TEST_F(Ferryctl, HistoryBadArgumentsExitWithTwo)
{
    EXPECT_EQ(ferryctl({QStringLiteral("history"), QStringLiteral("widgets/events")}).exitCode, 2);
    EXPECT_EQ(ferryctl({QStringLiteral("history"), QStringLiteral("models/")}).exitCode, 2);
    EXPECT_EQ(ferryctl({QStringLiteral("history"), QStringLiteral("a"), QStringLiteral("b")}).exitCode, 2);
    EXPECT_EQ(ferryctl({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("0")}).exitCode, 2);
    EXPECT_EQ(ferryctl({QStringLiteral("history"), QStringLiteral("--bogus")}).exitCode, 2);
    const CommandRun help = ferryctl({QStringLiteral("history"), QStringLiteral("--help")}, false);
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(QStringLiteral("--limit"))) << help.out.toStdString();
    EXPECT_TRUE(ferryctl({QStringLiteral("--help")}, false).out.contains(QStringLiteral("history [KIND/NAME")));
}

} // namespace
} // namespace ferry::test
