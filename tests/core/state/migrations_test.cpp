#include "state_test_fixture.h"

#include "state/schema_migrations.h"
#include "state/transaction_guard.h"
#include "state/log_store.h"
#include "state/transfer_store.h"

#include <QFileInfo>

#include <latch>
#include <thread>

#include <QSqlError>
#include <QSqlQuery>

namespace ferry::test {
namespace {

class Migrations : public StateBackendTest
{
};

// Drops what migration 5 made (its schema_version row stays: callers delete it).
void undoMigration5(QSqlQuery &query, bool sqlite)
{
    // Migrations 6 and 7 too: they come after 5 (dropping object_changes drops migration 7's index of it).
    EXPECT_TRUE(query.exec(QStringLiteral("DROP TABLE object_changes"))) << query.lastError().text().toStdString();
    for (const char *table : {"sources", "models", "products", "recipients", "destinations"}) {
        EXPECT_TRUE(query.exec(QStringLiteral("ALTER TABLE %1 DROP COLUMN version").arg(QLatin1String(table))))
            << query.lastError().text().toStdString();
    }
    const QStringList back =
        sqlite ? QStringList{QStringLiteral("DROP TRIGGER transfer_search_transfers_insert"),
                             QStringLiteral("DROP TRIGGER transfer_search_transfers_update"),
                             QStringLiteral("DROP TRIGGER transfer_search_transfers_delete"),
                             QStringLiteral("DROP TRIGGER transfer_search_tags_insert"),
                             QStringLiteral("DROP TRIGGER transfer_search_tags_update"),
                             QStringLiteral("DROP TRIGGER transfer_search_tags_delete"),
                             QStringLiteral("DROP TRIGGER transfer_search_models_insert"),
                             QStringLiteral("DROP TRIGGER transfer_search_models_update"),
                             QStringLiteral("DROP TRIGGER transfer_search_models_delete"),
                             QStringLiteral("DROP TABLE transfer_search"),
                             QStringLiteral("DROP TRIGGER log_events_search_insert"),
                             QStringLiteral("DROP TRIGGER log_events_search_delete"),
                             QStringLiteral("DROP TRIGGER log_events_search_update"),
                             QStringLiteral("DROP TABLE log_events_search"),
                             QStringLiteral("DROP TABLE transfer_search_docs"),
                             QStringLiteral("DROP VIEW transfer_search_source"),
                             QStringLiteral("DROP INDEX log_events_model_level")}
               : QStringList{QStringLiteral("DROP FUNCTION transfer_search_on_write() CASCADE"),
                             QStringLiteral("DROP FUNCTION transfer_search_refresh(TEXT)"),
                             QStringLiteral("DROP TABLE transfer_search_docs"),
                             QStringLiteral("DROP VIEW transfer_search_source"),
                             QStringLiteral("DROP INDEX IF EXISTS log_events_message_trgm"),
                             QStringLiteral("DROP INDEX log_events_model_level")};
    for (const QString &statement : back)
        ASSERT_TRUE(query.exec(statement)) << statement.toStdString() << ": " << query.lastError().text().toStdString();
}

TEST_P(Migrations, EmptyDatabaseIsMigratedToTheLatestVersion)
{
    auto state = openState();
    ASSERT_TRUE(state);
    EXPECT_EQ(state->schemaVersion(), SchemaMigrations::latestVersion());
    const QStringList tables = state->connection().tables();
    for (const char *table : {"schema_version", "sources", "models", "products", "recipients", "destinations",
                              "transfers", "transfer_models", "transfer_tags", "checkpoints", "log_events"}) {
        EXPECT_TRUE(tables.contains(QLatin1String(table))) << table;
    }
    QSqlQuery query(state->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toInt(), SchemaMigrations::all().size());
}

TEST_P(Migrations, ExistingDatabaseKeepsItsDataAndIsNotMigratedTwice)
{
    {
        auto state = openState();
        ASSERT_TRUE(state);
        QSqlQuery query(state->connection());
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO log_events (at, level, category, message) VALUES "
                                              "(CURRENT_TIMESTAMP, 'info', 'test', 'kept')")));
    }
    auto reopened = openState();
    ASSERT_TRUE(reopened);
    QSqlQuery query(reopened->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT message FROM log_events")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toString(), QStringLiteral("kept"));
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toInt(), SchemaMigrations::all().size());
}

// Two processes applying a workspace to a state database that does not exist yet: both create its schema at the
// same moment. One used to fail with "table schema_version already exists".
TEST_P(Migrations, TwoFirstOpensAtOnceBothSucceed)
{
    const int rounds = GetParam() == StateBackend::Sqlite ? 12 : 3;
    for (int round = 0; round < rounds; ++round) {
        QString url = m_url;
        std::unique_ptr<TemporaryPostgresDatabase> pg;
        QTemporaryDir dir;
        if (GetParam() == StateBackend::Postgres) {
            pg = std::make_unique<TemporaryPostgresDatabase>();
            ASSERT_TRUE(pg->isValid());
            url = pg->url();
        } else {
            url = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("state.db"));
        }
        const Result<StateLocation> location = StateLocation::parse(url);
        ASSERT_TRUE(location.ok());
        std::latch start(2);
        QStringList errors(2);
        auto open = [&](int i) {
            start.arrive_and_wait();
            Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*location);
            if (!state)
                errors[i] = state.error().toString();
            else
                (*state)->releaseThreadConnection();
        };
        std::thread first(open, 0), second(open, 1);
        first.join();
        second.join();
        EXPECT_EQ(errors, QStringList(2)) << "round " << round;
        auto state = StateDatabase::open(*location);
        ASSERT_TRUE(state.ok());
        EXPECT_EQ((*state)->schemaVersion(), SchemaMigrations::latestVersion());
        QSqlQuery query((*state)->connection());
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")));
        ASSERT_TRUE(query.next());
        EXPECT_EQ(query.value(0).toInt(), SchemaMigrations::all().size());
        query.finish();
        (*state)->releaseThreadConnection();
        if (HasFailure())
            break;
    }
}

TEST_P(Migrations, DatabaseNewerThanTheCodeIsRefused)
{
    {
        auto state = openState();
        ASSERT_TRUE(state);
        QSqlQuery query(state->connection());
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO schema_version (version, description, applied_at) "
                                              "VALUES (9999, 'from the future', CURRENT_TIMESTAMP)")));
    }
    const Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*StateLocation::parse(m_url));
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, QStringLiteral("FERRY-STATE-NEWER"));
    EXPECT_TRUE(state.error().message.contains(QStringLiteral("version 9999"))) << state.error().message.toStdString();
}

TEST_P(Migrations, WithoutMigrateAnUnmigratedDatabaseIsAnErrorAndStaysUntouched)
{
    if (GetParam() == StateBackend::Sqlite) {
        const Result<std::shared_ptr<StateDatabase>> missing =
            StateDatabase::open(*StateLocation::parse(m_url), StateDatabase::Migrate::No);
        EXPECT_FALSE(missing.ok());
        EXPECT_FALSE(QFileInfo::exists(m_dir.filePath(QStringLiteral("state.db"))));
    } else {
        const Result<std::shared_ptr<StateDatabase>> bare =
            StateDatabase::open(*StateLocation::parse(m_url), StateDatabase::Migrate::No);
        ASSERT_FALSE(bare.ok());
        EXPECT_TRUE(bare.error().message.contains(QStringLiteral("version 0"))) << bare.error().message.toStdString();
    }
}

TEST_P(Migrations, EachMigrationRunsInOneTransaction)
{
    // A migration whose statement fails must leave no table of it behind: prove the guard rolls DDL back.
    auto state = openState();
    ASSERT_TRUE(state);
    QSqlDatabase db = state->connection();
    {
        TransactionGuard guard(db);
        ASSERT_TRUE(guard.isActive());
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("CREATE TABLE half_done (id INTEGER)")));
        EXPECT_FALSE(query.exec(QStringLiteral("CREATE TABLE broken (")));
    } // no commit: rolled back
    EXPECT_FALSE(db.tables().contains(QStringLiteral("half_done")));
}

// Migration 4 on a database of version 3 with history: updated_at is the transfer's last known time.
TEST_P(Migrations, Migration4BackfillsUpdatedAtFromTheTransfersTimes)
{
    {
        auto state = openState();
        ASSERT_TRUE(state);
        QSqlDatabase db = state->connection();
        QSqlQuery query(db);
        // Back to version 3: what migrations 5 and 4 added goes.
        undoMigration5(query, GetParam() == StateBackend::Sqlite);
        ASSERT_FALSE(HasFatalFailure());
        for (const char *statement :
             {"DROP INDEX transfers_updated", "DROP INDEX transfers_destination_submitted",
              "DROP INDEX transfers_recipient_submitted", "DROP INDEX transfers_destination_status",
              "DROP INDEX log_events_level", "DROP INDEX log_events_model", "DROP INDEX log_events_at",
              "CREATE INDEX transfers_destination_status ON transfers (destination_id, status)",
              "ALTER TABLE transfers DROP COLUMN updated_at", "DELETE FROM schema_version WHERE version >= 4"})
            ASSERT_TRUE(query.exec(QLatin1String(statement))) << statement << ": " << query.lastError().text().toStdString();
        const QDateTime t0(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
        int n = 0;
        for (const auto &[started, ended] : {std::pair{QDateTime(), QDateTime()}, std::pair{t0.addSecs(60), QDateTime()},
                                             std::pair{t0.addSecs(60), t0.addSecs(120)}}) {
            query.prepare(QStringLiteral("INSERT INTO transfers (id, destination_id, destination_name, recipient_name, "
                                         "status, submitted_at, started_at, ended_at) VALUES (?, 'd', 'D', 'R', 'PENDING', ?, ?, ?)"));
            query.addBindValue(QStringLiteral("t%1").arg(n++));
            query.addBindValue(StateDatabase::toDatabaseTime(db, t0));
            const QVariant null(QMetaType(QMetaType::QDateTime));
            query.addBindValue(started.isValid() ? StateDatabase::toDatabaseTime(db, started) : null);
            query.addBindValue(ended.isValid() ? StateDatabase::toDatabaseTime(db, ended) : null);
            ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
        }
    }
    auto migrated = openState();
    ASSERT_TRUE(migrated);
    EXPECT_EQ(migrated->schemaVersion(), SchemaMigrations::latestVersion());
    QSqlQuery query(migrated->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT id, updated_at FROM transfers ORDER BY id")));
    const QDateTime t0(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    QList<QDateTime> updated;
    while (query.next())
        updated << StateDatabase::fromDatabaseTime(query.value(1));
    EXPECT_EQ(updated, (QList<QDateTime>{t0, t0.addSecs(60), t0.addSecs(120)}));
}

// Migration 5 on a database of version 4 with history: the search documents are built from the rows already there.
TEST_P(Migrations, Migration5IndexesTheExistingHistoryForTextSearch)
{
    const bool sqlite = GetParam() == StateBackend::Sqlite;
    {
        auto state = openState();
        ASSERT_TRUE(state);
        QSqlDatabase db = state->connection();
        QSqlQuery query(db);
        // Back to version 4: what migration 5 added goes.
        undoMigration5(query, sqlite);
        if (HasFatalFailure())
            return;
        ASSERT_TRUE(query.exec(QStringLiteral("DELETE FROM schema_version WHERE version >= 5")));
        const QDateTime t0(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
        for (int n = 0; n < 3; ++n) {
            query.prepare(QStringLiteral("INSERT INTO transfers (id, destination_id, destination_name, recipient_name, "
                                         "status, submitted_at, updated_at, error_message) VALUES (?, 'd', 'D', 'R', 'ERROR', ?, ?, ?)"));
            query.addBindValue(QStringLiteral("t%1").arg(n));
            query.addBindValue(StateDatabase::toDatabaseTime(db, t0.addSecs(n)));
            query.addBindValue(StateDatabase::toDatabaseTime(db, t0.addSecs(n)));
            query.addBindValue(n == 0 ? QStringLiteral("Transfer Went Sideways") : QString());
            ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
        }
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO transfer_tags (transfer_id, tag_key, tag_value) VALUES "
                                              "('t1', 'incident', 'INC-0042'), ('t1', 'env', 'prod'), ('t2', 'env', 'prod')")));
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO transfer_models (transfer_id, model_name, status, error_message) "
                                              "VALUES ('t2', 'orders', 'ERROR', 'disk quota exceeded'), "
                                              "('t2', 'users', 'SUCCESS', NULL)")));
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO log_events (at, level, category, message) VALUES "
                                              "(CURRENT_TIMESTAMP, 'info', 'test', 'Written Before The Index'), "
                                              "(CURRENT_TIMESTAMP, 'info', 'test', 'another one')")));
    }
    auto migrated = openState();
    ASSERT_TRUE(migrated);
    EXPECT_EQ(migrated->schemaVersion(), SchemaMigrations::latestVersion());
    auto found = [&](const QString &text) {
        TransferQuery query;
        query.text = text;
        const Result<QList<TransferSummary>> page = TransferStore(migrated->connection()).page(query, std::nullopt, 10);
        EXPECT_TRUE(page.ok()) << (page ? "" : page.error().toString().toStdString());
        QStringList ids;
        for (const TransferSummary &summary : page ? *page : QList<TransferSummary>())
            ids << summary.id;
        return ids;
    };
    EXPECT_EQ(found(QStringLiteral("went sideways")), QStringList{QStringLiteral("t0")});
    EXPECT_EQ(found(QStringLiteral("inc-0042")), QStringList{QStringLiteral("t1")});
    EXPECT_EQ(found(QStringLiteral("PROD")), (QStringList{QStringLiteral("t2"), QStringLiteral("t1")}));
    EXPECT_EQ(found(QStringLiteral("quota")), QStringList{QStringLiteral("t2")});
    EXPECT_EQ(found(QStringLiteral("t1")), QStringList{QStringLiteral("t1")});
    QSqlQuery query(migrated->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM transfer_search_docs")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toInt(), 3);
    // And writes after the migration are followed.
    query.finish();
    ASSERT_TRUE(query.exec(QStringLiteral("UPDATE transfer_tags SET tag_value = 'INC-0043' WHERE transfer_id = 't1' AND "
                                          "tag_key = 'incident'")));
    EXPECT_EQ(found(QStringLiteral("inc-0042")), QStringList());
    EXPECT_EQ(found(QStringLiteral("inc-0043")), QStringList{QStringLiteral("t1")});
    LogQuery logs;
    logs.text = QStringLiteral("before the index");
    const Result<QList<LogEvent>> events = LogStore(migrated->connection()).page(logs, 0, 10);
    ASSERT_TRUE(events.ok()) << events.error().toString().toStdString();
    ASSERT_EQ(events->size(), 1);
    EXPECT_EQ(events->first().message, QStringLiteral("Written Before The Index"));
}

// Migration 7 on a database with objects: each starts at version 1, and the next write of one raises it.
TEST_P(Migrations, Migration7GivesEveryStoredObjectVersionOne)
{
    {
        auto state = openState();
        ASSERT_TRUE(state);
        QSqlQuery query(state->connection());
        for (const char *statement :
             {"DROP INDEX object_changes_object_id", "ALTER TABLE models DROP COLUMN version",
              "DELETE FROM schema_version WHERE version >= 7",
              "INSERT INTO models (id, name, definition, created_at, updated_at) VALUES ('m1', 'events', '{}', "
              "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"})
            ASSERT_TRUE(query.exec(QLatin1String(statement))) << statement << ": " << query.lastError().text().toStdString();
        for (const char *table : {"sources", "products", "recipients", "destinations"}) {
            ASSERT_TRUE(query.exec(QStringLiteral("ALTER TABLE %1 DROP COLUMN version").arg(QLatin1String(table))))
                << query.lastError().text().toStdString();
        }
    }
    auto migrated = openState();
    ASSERT_TRUE(migrated);
    EXPECT_EQ(migrated->schemaVersion(), SchemaMigrations::latestVersion());
    QSqlQuery query(migrated->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT version FROM models WHERE id = 'm1'")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toLongLong(), 1);
}

INSTANTIATE_TEST_SUITE_P(State, Migrations, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres), backendName);

TEST(StateLocation, ParsesSqliteAndPostgresUrls)
{
    const Result<StateLocation> sqlite = StateLocation::parse(QStringLiteral("sqlite:/tmp/x/state.db"));
    ASSERT_TRUE(sqlite.ok());
    EXPECT_TRUE(sqlite->isSqlite());
    EXPECT_EQ(sqlite->sqlitePath, QStringLiteral("/tmp/x/state.db"));

    const Result<StateLocation> pg = StateLocation::parse(QStringLiteral("postgresql://ferry@db.internal:6543/state"));
    ASSERT_TRUE(pg.ok());
    EXPECT_EQ(pg->host, QStringLiteral("db.internal"));
    EXPECT_EQ(pg->port, 6543);
    EXPECT_EQ(pg->username, QStringLiteral("ferry"));
    EXPECT_EQ(pg->database, QStringLiteral("state"));
}

TEST(StateLocation, RefusesPasswordsAndUnknownSchemes)
{
    const Result<StateLocation> withPassword = StateLocation::parse(QStringLiteral("postgresql://ferry:s3cret@h/db"));
    ASSERT_FALSE(withPassword.ok());
    EXPECT_FALSE(withPassword.error().toString().contains(QStringLiteral("s3cret")));
    EXPECT_TRUE(withPassword.error().hint.contains(QStringLiteral("PGPASSWORD")));
    EXPECT_FALSE(StateLocation::parse(QStringLiteral("mysql://h/db")).ok());
    EXPECT_FALSE(StateLocation::parse(QStringLiteral("postgresql://h")).ok());
}

// Every ferryctl command opens and closes the state database. Closing must not checkpoint the WAL into the
// database file (three or four fsyncs, 30 ms of a `transfer create` on a busy disk): the WAL stays for the next
// command, and everything committed is there when the file is opened again.
TEST(SqliteState, ClosingLeavesTheWalForTheNextCommandAndLosesNothing)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("state.db"));
    const Result<StateLocation> location = StateLocation::parse(QStringLiteral("sqlite:") + path);
    ASSERT_TRUE(location.ok());
    {
        Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*location);
        ASSERT_TRUE(state.ok()) << state.error().toString().toStdString();
        QSqlQuery query((*state)->connection());
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO log_events (at, level, category, message) VALUES "
                                              "(CURRENT_TIMESTAMP, 'info', 'test', 'after close')")));
    }
    const QFileInfo wal(path + QStringLiteral("-wal"));
    EXPECT_TRUE(wal.exists() && wal.size() > 0) << "the WAL was checkpointed and removed at close";

    Result<std::shared_ptr<StateDatabase>> reopened = StateDatabase::open(*location, StateDatabase::Migrate::No);
    ASSERT_TRUE(reopened.ok()) << reopened.error().toString().toStdString();
    QSqlQuery query((*reopened)->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM log_events WHERE message = 'after close'")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toInt(), 1);
}

} // namespace
} // namespace ferry::test
