// Change history (issue 15): every apply records, in its own transaction, one row per object it added, changed,
// renamed or removed; on SQLite and PostgreSQL.
#include "workspace/workspace_state_fixture.h"

#include "state/change_history.h"
#include "state/workspace_store.h"
#include "workspace/workspace_applier.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace ferry::test {
namespace {

class ChangeHistoryTest : public WorkspaceFolderStateTest
{
protected:
    Result<WorkspaceApplier::Outcome> applyFolder(bool allowTypeChanges = false)
    {
        WorkspaceApplier::Options options;
        options.allowTypeChanges = allowTypeChanges;
        options.author = {QStringLiteral("alice"), QStringLiteral("desk-7")};
        return WorkspaceApplier(m_state, options).apply(m_folder.path());
    }

    void apply(bool allowTypeChanges = false)
    {
        const Result<WorkspaceApplier::Outcome> outcome = applyFolder(allowTypeChanges);
        ASSERT_TRUE(outcome.ok()) << outcome.error().toString().toStdString();
        ASSERT_FALSE(outcome->report.hasErrors());
    }

    QList<ObjectChange> history(ChangeHistory::Filter filter = {})
    {
        const Result<QList<ObjectChange>> changes = ChangeHistory(m_state->connection()).list(filter);
        EXPECT_TRUE(changes.ok()) << (changes.ok() ? "" : changes.error().toString().toStdString());
        return changes.ok() ? *changes : QList<ObjectChange>{};
    }

    int rowCount()
    {
        QSqlQuery query(m_state->connection());
        EXPECT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM object_changes")));
        EXPECT_TRUE(query.next());
        return query.value(0).toInt();
    }
};

TEST_P(ChangeHistoryTest, FirstApplyRecordsOneAddedRowPerObject)
{
    apply();
    const QList<ObjectChange> changes = history();
    ASSERT_EQ(changes.size(), 8); // 1 source, 2 models, 1 product, 2 recipients, 2 destinations
    const Workspace stored = *WorkspaceStore(m_state->connection()).load();
    QStringList described;
    for (const ObjectChange &change : changes) {
        EXPECT_EQ(change.action, QStringLiteral("added"));
        EXPECT_EQ(change.author.user, QStringLiteral("alice"));
        EXPECT_EQ(change.author.host, QStringLiteral("desk-7"));
        EXPECT_TRUE(change.at.isValid());
        EXPECT_FALSE(change.objectId.isEmpty());
        EXPECT_TRUE(change.before.isEmpty());
        EXPECT_FALSE(change.after.isEmpty());
        described << kindName(change.kind) + QLatin1Char(' ') + change.name;
    }
    described.sort();
    EXPECT_EQ(described.join(QLatin1Char(',')),
              QStringLiteral("destination acme db,destination globex db,model events,model users,product core,"
                             "recipient acme,recipient globex,source main"));
    // The source's definition names the password's environment variable and holds no secret.
    const QList<ObjectChange> source = history({ObjectKind::Source, QStringLiteral("main"), 10});
    ASSERT_EQ(source.size(), 1);
    EXPECT_EQ(source.first().objectId, stored.sources.first().id);
    EXPECT_TRUE(source.first().after.contains(QStringLiteral("\"password_env\""))) << source.first().after.toStdString();
    EXPECT_FALSE(source.first().after.contains(QStringLiteral("\"password\""))) << source.first().after.toStdString();
}

TEST_P(ChangeHistoryTest, SecondIdenticalApplyRecordsNothing)
{
    apply();
    apply();
    EXPECT_EQ(rowCount(), 8);
}

TEST_P(ChangeHistoryTest, ChangedColumnIsOneChangedRowWithBeforeAndAfter)
{
    apply();
    Json edited = WorkspaceFiles::model(QStringLiteral("events"));
    edited["columns"][1]["name_in_destination"] = "event_kind";
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/events.json"), edited);
    apply();
    EXPECT_EQ(rowCount(), 9);
    const QList<ObjectChange> events = history({ObjectKind::Model, QStringLiteral("events"), 100});
    ASSERT_EQ(events.size(), 2);
    EXPECT_EQ(events[0].action, QStringLiteral("changed")); // newest first
    EXPECT_EQ(events[1].action, QStringLiteral("added"));
    EXPECT_GT(events[0].id, events[1].id);
    EXPECT_FALSE(events[0].before.contains(QStringLiteral("event_kind")));
    EXPECT_TRUE(events[0].after.contains(QStringLiteral("event_kind")));
    EXPECT_EQ(events[0].before, events[1].after);
    EXPECT_EQ(history({ObjectKind::Model, QStringLiteral("events"), 1}).size(), 1);
}

TEST_P(ChangeHistoryTest, RemovalAndRenameAreRecorded)
{
    apply();
    QFile::remove(QDir(m_folder.path()).filePath(QStringLiteral("destinations/globex db.json")));
    apply();
    const QList<ObjectChange> removed = history({ObjectKind::Destination, QStringLiteral("globex db"), 100});
    ASSERT_EQ(removed.size(), 2);
    EXPECT_EQ(removed[0].action, QStringLiteral("removed"));
    EXPECT_FALSE(removed[0].before.isEmpty());
    EXPECT_TRUE(removed[0].after.isEmpty());
    EXPECT_EQ(removed[0].objectId, removed[1].objectId);

    // A rename keeps the id: "renamed", found by either name.
    const Workspace stored = *WorkspaceStore(m_state->connection()).load();
    QFile::remove(QDir(m_folder.path()).filePath(QStringLiteral("recipients/globex.json")));
    Json renamed = WorkspaceFiles::recipient(QStringLiteral("initech"), QStringLiteral("t_globex"));
    renamed["id"] = stored.recipient(QStringLiteral("globex"))->id.toStdString();
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("recipients/initech.json"), renamed);
    apply();
    const QList<ObjectChange> byOldName = history({ObjectKind::Recipient, QStringLiteral("globex"), 100});
    ASSERT_GE(byOldName.size(), 2);
    EXPECT_EQ(byOldName[0].action, QStringLiteral("renamed"));
    EXPECT_EQ(byOldName[0].name, QStringLiteral("initech"));
    EXPECT_EQ(byOldName[0].previousName, QStringLiteral("globex"));
    // Its history under the new name holds the changes under the old one (matched by the object's id).
    const QList<ObjectChange> byNewName = history({ObjectKind::Recipient, QStringLiteral("initech"), 100});
    ASSERT_EQ(byNewName.size(), 2);
    EXPECT_EQ(byNewName[1].name, QStringLiteral("globex"));
    EXPECT_EQ(byNewName[1].action, QStringLiteral("added"));
}

// Objects and history rows are written, then queuing a transfer fails: the whole apply rolls back, history too.
TEST_P(ChangeHistoryTest, FailedApplyRecordsNothing)
{
    apply();
    const int before = rowCount();
    const Workspace stored = *WorkspaceStore(m_state->connection()).load();
    QSqlQuery query(m_state->connection());
    query.prepare(QStringLiteral("INSERT INTO checkpoints (destination_id, model_name, cursor_value, updated_at) "
                                 "VALUES (?, ?, ?, ?)"));
    query.addBindValue(stored.destination(QStringLiteral("acme db"))->id);
    query.addBindValue(QStringLiteral("events"));
    query.addBindValue(QStringLiteral("2026-01-01T00:00:00.123456Z"));
    query.addBindValue(StateDatabase::toDatabaseTime(m_state->connection(), QDateTime::currentDateTimeUtc()));
    ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
    const QStringList provoke =
        m_state->isSqlite()
            ? QStringList{QStringLiteral("CREATE TRIGGER provoked BEFORE INSERT ON transfers BEGIN "
                                         "SELECT RAISE(ABORT, 'provoked failure'); END")}
            : QStringList{QStringLiteral("CREATE FUNCTION provoked() RETURNS trigger LANGUAGE plpgsql AS "
                                         "$$BEGIN RAISE EXCEPTION 'provoked failure'; END$$"),
                          QStringLiteral("CREATE TRIGGER provoked BEFORE INSERT ON transfers FOR EACH ROW "
                                         "EXECUTE FUNCTION provoked()")};
    for (const QString &statement : provoke)
        ASSERT_TRUE(query.exec(statement)) << query.lastError().text().toStdString();

    Json retyped = WorkspaceFiles::model(QStringLiteral("events"));
    retyped["columns"][2]["data_type"] = "float"; // a type change of a transferred model queues a full refresh
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/events.json"), retyped);
    QFile::remove(QDir(m_folder.path()).filePath(QStringLiteral("destinations/globex db.json")));
    const Result<WorkspaceApplier::Outcome> failed = applyFolder(true);
    ASSERT_FALSE(failed.ok());
    EXPECT_TRUE(failed.error().toString().contains(QStringLiteral("provoked failure")))
        << failed.error().toString().toStdString();
    EXPECT_EQ(rowCount(), before);
    const Workspace after = *WorkspaceStore(m_state->connection()).load();
    EXPECT_NE(after.destination(QStringLiteral("globex db")), nullptr);
}

INSTANTIATE_TEST_SUITE_P(State, ChangeHistoryTest, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres),
                         backendName);

} // namespace
} // namespace ferry::test
