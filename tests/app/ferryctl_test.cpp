// ferryctl as a user runs it: a real process, its output and exit codes, against a real state database.
#include "ferryctl_fixture.h"
#include "support/qt_printers.h"

#include <QDir>
#include <QFile>

namespace ferry::test {
namespace {

TEST_F(Ferryctl, VersionAndHelp)
{
    const CommandRun version = ferryctl({QStringLiteral("--version")}, false);
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_EQ(version.out, QStringLiteral("ferryctl %1\n").arg(QStringLiteral(FERRY_VERSION)));
    const CommandRun help = ferryctl({QStringLiteral("--help")}, false);
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(QStringLiteral("apply DIR"))) << help.out.toStdString();
    EXPECT_TRUE(help.out.contains(QStringLiteral("Exit codes")));
    const CommandRun applyHelp = ferryctl({QStringLiteral("apply"), QStringLiteral("--help")}, false);
    EXPECT_EQ(applyHelp.exitCode, 0);
    EXPECT_TRUE(applyHelp.out.contains(QStringLiteral("--allow-type-change"))) << applyHelp.out.toStdString();
}

TEST_F(Ferryctl, BadUsageExitsWithTwo)
{
    EXPECT_EQ(ferryctl({QStringLiteral("launch")}).exitCode, 2);
    EXPECT_EQ(ferryctl({QStringLiteral("apply")}).exitCode, 2);
    EXPECT_EQ(ferryctl({QStringLiteral("apply"), QStringLiteral("--bogus"), m_workspace}).exitCode, 2);
    EXPECT_EQ(ferryctl({QStringLiteral("validate"), m_dir.filePath(QStringLiteral("missing"))}).exitCode, 2);
    const CommandRun password = ferryctl({QStringLiteral("--state"), QStringLiteral("postgresql://u:pw123@127.0.0.1/x"),
                                   QStringLiteral("export"), m_dir.filePath(QStringLiteral("out"))},
                                  false);
    EXPECT_EQ(password.exitCode, 2);
    EXPECT_FALSE(QString(password.out + password.err).contains(QStringLiteral("pw123")));
}

TEST_F(Ferryctl, ValidateFolderOfBrokenModelsPrintsOneLinePerProblem)
{
    ASSERT_EQ(ferryctl({QStringLiteral("apply"), m_workspace}).exitCode, 0);
    const QString models = m_dir.filePath(QStringLiteral("incoming"));
    Json reserved = WorkspaceFiles::model(QStringLiteral("orders"));
    reserved["columns"][1]["name_in_destination"] = "select";
    WorkspaceFiles::write(models, QStringLiteral("orders.json"), reserved);
    Json twoKeys = WorkspaceFiles::model(QStringLiteral("payments"));
    twoKeys["columns"][1]["is_primary_key"] = true;
    twoKeys["source_name"] = "mian";
    WorkspaceFiles::write(models, QStringLiteral("payments.json"), twoKeys);
    WorkspaceFiles::writeText(models, QStringLiteral("refunds.json"), "{\"model_name\": \"refunds\",, }");

    const CommandRun run = ferryctl({QStringLiteral("validate"), models});
    EXPECT_EQ(run.exitCode, 2);
    const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList expected = {
        QStringLiteral("orders.json: columns[1].name_in_destination: \"select\" is a reserved column name"),
        QStringLiteral("payments.json: columns[1].is_primary_key: a second primary key (columns[0] is one already); "
                       "exactly one column must have is_primary_key"),
        QStringLiteral("payments.json: source_name: no source is named \"mian\" (did you mean \"main\"?)"),
        QStringLiteral("refunds.json: invalid JSON at line 1, column 26: syntax error while parsing object key - "
                       "unexpected ','; expected string literal"),
    };
    for (const QString &line : expected)
        EXPECT_TRUE(lines.contains(line)) << "missing: " << line.toStdString() << "\nin:\n" << run.out.toStdString();
    EXPECT_EQ(lines.size(), expected.size() + 1) << run.out.toStdString(); // plus the summary line
    EXPECT_EQ(lines.last(), QStringLiteral("4 error(s), 0 warning(s) in %1").arg(models));
}

TEST_F(Ferryctl, ValidateWritesNothing)
{
    const CommandRun run = ferryctl({QStringLiteral("validate"), m_workspace});
    EXPECT_EQ(run.exitCode, 0) << run.out.toStdString();
    EXPECT_TRUE(run.out.contains(QStringLiteral("is valid (8 object(s) checked"))) << run.out.toStdString();
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("state.db"))));
}

TEST_F(Ferryctl, ApplyIsAllOrNothingAndIdempotent)
{
    const CommandRun first = ferryctl({QStringLiteral("apply"), m_workspace});
    ASSERT_EQ(first.exitCode, 0) << first.err.toStdString();
    EXPECT_TRUE(first.out.contains(QStringLiteral("8 added, 0 changed, 0 removed"))) << first.out.toStdString();

    const CommandRun second = ferryctl({QStringLiteral("apply"), m_workspace});
    EXPECT_EQ(second.exitCode, 0);
    EXPECT_TRUE(second.out.startsWith(QStringLiteral("No changes"))) << second.out.toStdString();

    Json edited = WorkspaceFiles::model(QStringLiteral("events"));
    edited["description"] = "edited";
    WorkspaceFiles::write(m_workspace, QStringLiteral("models/events.json"), edited);
    WorkspaceFiles::writeText(m_workspace, QStringLiteral("sources/broken.json"), "[]");
    const CommandRun bad = ferryctl({QStringLiteral("apply"), m_workspace});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains(QStringLiteral("sources/broken.json: must hold one JSON object describing a source")))
        << bad.err.toStdString();
    EXPECT_TRUE(bad.err.contains(QStringLiteral("nothing was applied")));

    // The edit did not land: export shows the old description.
    const QString exported = m_dir.filePath(QStringLiteral("exported"));
    ASSERT_EQ(ferryctl({QStringLiteral("export"), exported}).exitCode, 0);
    QFile events(exported + QStringLiteral("/models/events.json"));
    ASSERT_TRUE(events.open(QIODevice::ReadOnly));
    EXPECT_FALSE(events.readAll().contains("edited"));
}

TEST_F(Ferryctl, ExportThenApplyChangesNothing)
{
    ASSERT_EQ(ferryctl({QStringLiteral("apply"), m_workspace}).exitCode, 0);
    const QString exported = m_dir.filePath(QStringLiteral("exported"));
    const CommandRun exportRun = ferryctl({QStringLiteral("export"), exported});
    ASSERT_EQ(exportRun.exitCode, 0) << exportRun.err.toStdString();
    EXPECT_EQ(exportRun.out, QStringLiteral("Exported 8 object(s) to %1\n").arg(exported));
    const CommandRun reapply = ferryctl({QStringLiteral("apply"), exported});
    EXPECT_EQ(reapply.exitCode, 0);
    EXPECT_TRUE(reapply.out.startsWith(QStringLiteral("No changes"))) << reapply.out.toStdString();
    EXPECT_EQ(ferryctl({QStringLiteral("export"), exported}).exitCode, 2); // not empty, no --force
    EXPECT_EQ(ferryctl({QStringLiteral("export"), QStringLiteral("--force"), exported}).exitCode, 0);
}

TEST_F(Ferryctl, DemoWorkspaceAppliesCleanly)
{
    const QString demo = m_dir.filePath(QStringLiteral("demo"));
    const CommandRun created = ferryctl({QStringLiteral("demo"), demo}, false);
    ASSERT_EQ(created.exitCode, 0) << created.err.toStdString();
    const CommandRun validated = ferryctl({QStringLiteral("validate"), demo + QStringLiteral("/workspace")});
    EXPECT_EQ(validated.exitCode, 0) << validated.out.toStdString();
    const CommandRun applied = ferryctl({QStringLiteral("apply"), demo + QStringLiteral("/workspace")});
    EXPECT_EQ(applied.exitCode, 0) << applied.err.toStdString();
    EXPECT_TRUE(applied.out.contains(QStringLiteral("10 added"))) << applied.out.toStdString();
}

TEST_F(Ferryctl, UnreachableStateDatabaseFailsWithOne)
{
    // Port 1 on loopback refuses connections at once.
    const CommandRun run = ferryctl({QStringLiteral("--state"), QStringLiteral("postgresql://ferry@127.0.0.1:1/state"),
                              QStringLiteral("apply"), m_workspace},
                             false);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(QStringLiteral("Cannot open the state database"))) << run.err.toStdString();
}

} // namespace
} // namespace ferry::test
