// ferryctl preview and ferryctl test (issue 15): an SQLite source and destination, as a user runs them.
#include "ferryctl_fixture.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace ferry::test {
namespace {

class FerryctlPreview : public Ferryctl
{
protected:
    void SetUp() override
    {
        Ferryctl::SetUp();
        const QString path = m_dir.filePath(u"source.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"ferryctl-preview-source"_s);
            db.setDatabaseName(path);
            ASSERT_TRUE(db.open());
            QSqlQuery query(db);
            for (const QString &sql :
                 {u"CREATE TABLE events (id TEXT PRIMARY KEY, tenant_id TEXT, kind TEXT, amount NUMERIC, updated_at TEXT)"_s,
                  u"INSERT INTO events VALUES ('e1', 't_acme', 'login', 1.5, '2026-03-01 10:00:00')"_s,
                  u"INSERT INTO events VALUES ('e2', 't_acme', NULL, 2, '2026-03-03 10:00:00')"_s,
                  u"INSERT INTO events VALUES ('e3', 't_acme', 'refund', 3, '2026-03-02 10:00:00')"_s,
                  u"INSERT INTO events VALUES ('g1', 't_globex', 'login', 4, '2026-03-04 10:00:00')"_s,
                  u"INSERT INTO events VALUES ('a1', 't_acme2', 'login', 5, '2026-03-05 10:00:00')"_s}) {
                ASSERT_TRUE(query.exec(sql)) << query.lastError().text().toStdString();
            }
        }
        QSqlDatabase::removeDatabase(u"ferryctl-preview-source"_s);
        WorkspaceFiles::write(m_workspace, u"sources/main.json"_s,
                              Json{{"name", "main"}, {"vendor", "sqlite"}, {"path", path.toStdString()}});
        Json events = WorkspaceFiles::model(u"events"_s);
        events["source_table"] = "events";
        WorkspaceFiles::write(m_workspace, u"models/events.json"_s, events);
        Json users = WorkspaceFiles::model(u"users"_s);
        users["source_table"] = "users";
        WorkspaceFiles::write(m_workspace, u"models/users.json"_s, users);
        Json acme = WorkspaceFiles::destination(u"acme db"_s, u"acme"_s);
        acme["path"] = m_dir.filePath(u"acme/acme.db"_s).toStdString();
        WorkspaceFiles::write(m_workspace, u"destinations/acme db.json"_s, acme);
        Json globex = Json{{"name", "globex db"}, {"recipient", "globex"}, {"vendor", "postgres"}, {"host", "127.0.0.1"},
                           {"port", 1}, {"database", "warehouse"}, {"username", "loader"}, {"password_env", "NO_SUCH_VAR_X"}};
        WorkspaceFiles::write(m_workspace, u"destinations/globex db.json"_s, globex);
        const CommandRun applied = ferryctl({u"apply"_s, m_workspace});
        ASSERT_EQ(applied.exitCode, 0) << applied.text();
    }
};

TEST_F(FerryctlPreview, PrintsTheRecipientsNewestRowsAsATable)
{
    const CommandRun run = ferryctl({u"preview"_s, u"events"_s, u"--recipient"_s, u"acme"_s});
    ASSERT_EQ(run.exitCode, 0) << run.text();
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 6) << run.text();
    EXPECT_TRUE(lines[0].startsWith(u"id "_s) && lines[0].contains(u"| updated_at"_s)) << run.text();
    EXPECT_TRUE(lines[2].startsWith(u"e2 "_s) && lines[2].contains(u"NULL"_s)) << run.text();
    EXPECT_TRUE(lines[3].startsWith(u"e3 "_s)) << run.text();
    EXPECT_TRUE(lines[4].startsWith(u"e1 "_s) && lines[4].contains(u"2026-03-01T10:00:00.000000Z"_s)) << run.text();
    EXPECT_EQ(lines[5], u"(3 rows of tenant \"t_acme\", newest first)"_s);
    EXPECT_FALSE(run.out.contains(u"g1"_s) || run.out.contains(u"a1"_s)) << run.text();
}

TEST_F(FerryctlPreview, JsonHasColumnsRowsNullsAndMore)
{
    const CommandRun run = ferryctl({u"preview"_s, u"events"_s, u"--recipient"_s, u"acme"_s, u"--limit"_s, u"1"_s, u"--json"_s});
    ASSERT_EQ(run.exitCode, 0) << run.text();
    const Json json = Json::parse(run.out.toStdString());
    EXPECT_EQ(json["tenant"], "t_acme");
    EXPECT_EQ(json["columns"][0]["name"], "id");
    EXPECT_EQ(json["columns"][3]["type"], "timestamp");
    ASSERT_EQ(json["rows"].size(), 1u);
    EXPECT_EQ(json["rows"][0][0], "e2");
    EXPECT_TRUE(json["rows"][0][1].is_null());
    EXPECT_TRUE(json["more"].get<bool>());
    EXPECT_FALSE(QString::fromStdString(json["query"].get<std::string>()).contains(u"t_acme"_s));
}

TEST_F(FerryctlPreview, BadInputAndSourceErrors)
{
    EXPECT_EQ(ferryctl({u"preview"_s, u"events"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"preview"_s, u"nope"_s, u"--recipient"_s, u"acme"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"preview"_s, u"events"_s, u"--recipient"_s, u"nobody"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"preview"_s, u"events"_s, u"--recipient"_s, u"acme"_s, u"--limit"_s, u"0"_s}).exitCode, 2);
    const CommandRun missing = ferryctl({u"preview"_s, u"users"_s, u"--recipient"_s, u"acme"_s});
    EXPECT_EQ(missing.exitCode, 1) << missing.text();
    EXPECT_TRUE(missing.err.contains(u"users"_s) && missing.err.contains(u"\"main\""_s)) << missing.text();
}

TEST_F(FerryctlPreview, TestPrintsEachStepAndFailsWithOne)
{
    const CommandRun good = ferryctl({u"test"_s, u"destinations/acme db"_s});
    ASSERT_EQ(good.exitCode, 0) << good.text();
    for (const QString &step : {u"\u2713 connect: "_s, u"\u2713 create table: "_s, u"\u2713 write: "_s, u"\u2713 read: "_s,
                                u"\u2713 clean up: "_s})
        EXPECT_TRUE(good.out.contains(step)) << step.toStdString() << "\n" << good.text();
    EXPECT_TRUE(good.out.endsWith(u"destinations/acme db: ok\n"_s)) << good.text();

    const CommandRun source = ferryctl({u"test"_s, u"sources/main"_s, u"--json"_s});
    ASSERT_EQ(source.exitCode, 0) << source.text();
    const Json json = Json::parse(source.out.toStdString());
    EXPECT_TRUE(json["ok"].get<bool>());
    EXPECT_EQ(json["checks"][0]["step"], "connect");
    EXPECT_EQ(json["checks"][1]["step"], "tables");

    const CommandRun bad = ferryctl({u"test"_s, u"destinations/globex db"_s});
    EXPECT_EQ(bad.exitCode, 1) << bad.text();
    EXPECT_TRUE(bad.out.startsWith(u"\u2717 connect: "_s)) << bad.text();
    EXPECT_TRUE(bad.out.contains(u"NO_SUCH_VAR_X"_s)) << bad.text();

    EXPECT_EQ(ferryctl({u"test"_s, u"models/events"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"test"_s, u"destinations/nope"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"test"_s, u"main"_s}).exitCode, 2);
}

} // namespace
} // namespace ferry::test
