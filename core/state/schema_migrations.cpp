#include "state/schema_migrations.h"

#include "log/log_categories.h"
#include "state/state_database.h"
#include "state/transaction_guard.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

namespace ferry {

namespace {

Error stateError(const QString &title, const QString &message)
{
    return Error{QStringLiteral("FERRY-STATE-MIGRATE"), title, message, {}, Blame::Ferry};
}

bool isSqlite(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QSQLITE");
}

// The configuration objects keep the JSON their workspace file holds; `definition` is compared to detect changes.
QString configTable(const char *name)
{
    return QStringLiteral("CREATE TABLE %1 ("
                          " id TEXT PRIMARY KEY,"
                          " name TEXT NOT NULL UNIQUE,"
                          " definition TEXT NOT NULL,"
                          " created_at {TS} NOT NULL,"
                          " updated_at {TS} NOT NULL)")
        .arg(QLatin1String(name));
}

const char kStatusCheck[] = "CHECK (status IN ('PENDING','RUNNING','SUCCESS','PARTIAL_FAILURE','ERROR','CANCELLED',"
                            "'KILLED','EXPIRED','ORPHANED'))";

} // namespace

const QList<SchemaMigrations::Migration> &SchemaMigrations::all()
{
    static const QList<Migration> migrations = {
        {1,
         QStringLiteral("configuration objects, transfers, per-model results, checkpoints, log events"),
         {
             configTable("sources"),
             configTable("models"),
             configTable("products"),
             configTable("recipients"),
             configTable("destinations"),
             QStringLiteral("CREATE TABLE transfers ("
                            " id TEXT PRIMARY KEY,"
                            " destination_id TEXT NOT NULL,"
                            " destination_name TEXT NOT NULL,"
                            " recipient_name TEXT NOT NULL,"
                            " status TEXT NOT NULL ") +
                 QLatin1String(kStatusCheck) +
                 QStringLiteral(","
                                " is_full_refresh {BOOL} NOT NULL DEFAULT {FALSE},"
                                " requested_models TEXT NOT NULL DEFAULT '[]',"
                                " window_start TEXT,"
                                " window_end TEXT,"
                                " reason TEXT NOT NULL DEFAULT 'user',"
                                " submitted_at {TS} NOT NULL,"
                                " started_at {TS},"
                                " ended_at {TS},"
                                " worker_id TEXT,"
                                " heartbeat_at {TS},"
                                " cancel_requested {BOOL} NOT NULL DEFAULT {FALSE},"
                                " rows_transferred BIGINT NOT NULL DEFAULT 0,"
                                " bytes_transferred BIGINT NOT NULL DEFAULT 0,"
                                " error_code TEXT, error_title TEXT, error_message TEXT, error_blame TEXT,"
                                " error_hint TEXT)"),
             QStringLiteral("CREATE INDEX transfers_status_submitted ON transfers (status, submitted_at, id)"),
             QStringLiteral("CREATE INDEX transfers_destination_status ON transfers (destination_id, status)"),
             QStringLiteral("CREATE INDEX transfers_submitted ON transfers (submitted_at, id)"),
             QStringLiteral("CREATE TABLE transfer_tags ("
                            " transfer_id TEXT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,"
                            " tag_key TEXT NOT NULL,"
                            " tag_value TEXT NOT NULL,"
                            " PRIMARY KEY (transfer_id, tag_key))"),
             QStringLiteral("CREATE INDEX transfer_tags_key_value ON transfer_tags (tag_key, tag_value)"),
             QStringLiteral("CREATE TABLE transfer_models ("
                            " transfer_id TEXT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,"
                            " model_name TEXT NOT NULL,"
                            " status TEXT NOT NULL ") +
                 QLatin1String(kStatusCheck) +
                 QStringLiteral(","
                                " mode TEXT CHECK (mode IN ('backfill','incremental','full_refresh')),"
                                " cursor_from TEXT,"
                                " cursor_to TEXT,"
                                " most_recent_last_updated_at TEXT,"
                                " windows_done INTEGER NOT NULL DEFAULT 0,"
                                " windows_planned INTEGER NOT NULL DEFAULT 0,"
                                " rows_read BIGINT NOT NULL DEFAULT 0,"
                                " rows_written BIGINT NOT NULL DEFAULT 0,"
                                " bytes BIGINT NOT NULL DEFAULT 0,"
                                " started_at {TS},"
                                " ended_at {TS},"
                                " error_phase TEXT, error_code TEXT, error_title TEXT, error_message TEXT,"
                                " error_blame TEXT, error_hint TEXT,"
                                " PRIMARY KEY (transfer_id, model_name))"),
             // cursor_value keeps the source's full precision as RFC 3339 UTC text; the window columns record the
             // progress of a windowed run so a failed transfer restarts at the failed window.
             QStringLiteral("CREATE TABLE checkpoints ("
                            " destination_id TEXT NOT NULL,"
                            " model_name TEXT NOT NULL,"
                            " cursor_value TEXT,"
                            " run_window_start TEXT,"
                            " run_window_end TEXT,"
                            " run_windows_done INTEGER NOT NULL DEFAULT 0,"
                            " transfer_id TEXT,"
                            " updated_at {TS} NOT NULL,"
                            " PRIMARY KEY (destination_id, model_name))"),
             QStringLiteral("CREATE TABLE log_events ("
                            " id {SERIAL_PK},"
                            " at {TS} NOT NULL,"
                            " level TEXT NOT NULL CHECK (level IN ('debug','info','warning','error')),"
                            " category TEXT NOT NULL,"
                            " transfer_id TEXT,"
                            " model_name TEXT,"
                            " phase TEXT,"
                            " message TEXT NOT NULL,"
                            " fields TEXT NOT NULL DEFAULT '{}')"),
             QStringLiteral("CREATE INDEX log_events_transfer ON log_events (transfer_id, id)"),
         }},
        // What a running transfer holds, for the dispatch rules: one row per model with its source, written when
        // the transfer is claimed; a row counts while its transfer is RUNNING. Integrity checks hold their
        // destination the same way (transfers wait while one runs).
        {2,
         QStringLiteral("dispatch: models and sources claimed by transfers, integrity checks"),
         {
             QStringLiteral("CREATE TABLE transfer_claims ("
                            " transfer_id TEXT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,"
                            " destination_id TEXT NOT NULL,"
                            " model_name TEXT NOT NULL,"
                            " source_id TEXT NOT NULL,"
                            " PRIMARY KEY (transfer_id, model_name))"),
             QStringLiteral("CREATE INDEX transfer_claims_destination ON transfer_claims (destination_id, model_name)"),
             QStringLiteral("CREATE INDEX transfer_claims_source ON transfer_claims (source_id)"),
             QStringLiteral("CREATE TABLE integrity_checks ("
                            " id TEXT PRIMARY KEY,"
                            " destination_id TEXT NOT NULL,"
                            " model_name TEXT,"
                            " status TEXT NOT NULL CHECK (status IN ('PENDING','RUNNING','MATCH','DIFFERENT','ERROR',"
                            "'CANCELLED','ORPHANED')),"
                            " submitted_at {TS} NOT NULL,"
                            " started_at {TS},"
                            " ended_at {TS},"
                            " worker_id TEXT,"
                            " heartbeat_at {TS})"),
             QStringLiteral("CREATE INDEX integrity_checks_destination_status ON integrity_checks (destination_id, status)"),
         }},
        // Where a stopped windowed run resumes: stored, not computed from the window size (which may change).
        {3,
         QStringLiteral("checkpoints: the start of a stopped run's next window"),
         {
             QStringLiteral("ALTER TABLE checkpoints ADD COLUMN run_next_start TEXT"),
         }},
        // The desktop app's history: what changed since a watcher last looked (updated_at, written with every
        // write to a transfer or one of its models), and an index per filter of the newest-first list, so a page
        // of a million transfers walks an index instead of sorting.
        {4,
         QStringLiteral("history: transfers.updated_at, indexes for filtered newest-first pages"),
         {
             QStringLiteral("ALTER TABLE transfers ADD COLUMN updated_at {TS}"),
             QStringLiteral("UPDATE transfers SET updated_at = COALESCE(ended_at, started_at, submitted_at)"),
             QStringLiteral("CREATE INDEX transfers_updated ON transfers (updated_at, id)"),
             QStringLiteral("CREATE INDEX transfers_destination_submitted ON transfers (destination_id, submitted_at, id)"),
             QStringLiteral("CREATE INDEX transfers_recipient_submitted ON transfers (recipient_name, submitted_at, id)"),
             // Replaces (destination_id, status): the dispatcher's counts still use its prefix, and a destination's
             // newest success is one probe.
             QStringLiteral("DROP INDEX transfers_destination_status"),
             QStringLiteral("CREATE INDEX transfers_destination_status ON transfers (destination_id, status, submitted_at, id)"),
             // The Logs page walks ids newest first; a rare level or model, or an old time range, is found here
             // instead of by walking millions of events.
             QStringLiteral("CREATE INDEX log_events_level ON log_events (level, id)"),
             QStringLiteral("CREATE INDEX log_events_model ON log_events (model_name, id)"),
             QStringLiteral("CREATE INDEX log_events_at ON log_events (at)"),
         }},
    };
    return migrations;
}

int SchemaMigrations::latestVersion()
{
    return all().last().version;
}

QString SchemaMigrations::dialectSql(const QString &statement, bool sqlite)
{
    QString sql = statement;
    sql.replace(QLatin1String("{TS}"), sqlite ? QLatin1String("TEXT") : QLatin1String("TIMESTAMPTZ"));
    sql.replace(QLatin1String("{BOOL}"), sqlite ? QLatin1String("INTEGER") : QLatin1String("BOOLEAN"));
    sql.replace(QLatin1String("{FALSE}"), sqlite ? QLatin1String("0") : QLatin1String("FALSE"));
    sql.replace(QLatin1String("{TRUE}"), sqlite ? QLatin1String("1") : QLatin1String("TRUE"));
    sql.replace(QLatin1String("{SERIAL_PK}"), sqlite ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT")
                                                     : QLatin1String("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"));
    return sql;
}

Result<int> SchemaMigrations::currentVersion(QSqlDatabase db)
{
    if (!db.tables().contains(QStringLiteral("schema_version")))
        return 0;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !query.next())
        return stateError(QStringLiteral("Cannot read the state schema version"), query.lastError().text());
    return query.value(0).toInt();
}

Status SchemaMigrations::migrate(QSqlDatabase db)
{
    const bool sqlite = isSqlite(db);
    QSqlQuery query(db);
    if (!sqlite) {
        // Several workers may start at once against one PostgreSQL database: migrate one at a time.
        if (!query.exec(QStringLiteral("SELECT pg_advisory_lock(7368235)")))
            return stateError(QStringLiteral("Cannot lock the state schema"), query.lastError().text());
    }
    auto unlock = qScopeGuard([&] {
        if (!sqlite)
            QSqlQuery(db).exec(QStringLiteral("SELECT pg_advisory_unlock(7368235)"));
    });

    // Two processes may open a new SQLite state database at once: each step runs in a write transaction (BEGIN
    // IMMEDIATE, one writer at a time) and checks again inside it what the other may have done meanwhile.
    {
        TransactionGuard transaction(db);
        if (!transaction.isActive())
            return transaction.error();
        if (!query.exec(dialectSql(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                                                  " version INTEGER PRIMARY KEY,"
                                                  " description TEXT NOT NULL,"
                                                  " applied_at {TS} NOT NULL)"),
                                   sqlite)))
            return stateError(QStringLiteral("Cannot create the schema_version table"), query.lastError().text());
        if (Status committed = transaction.commit(); !committed)
            return committed;
    }
    const Result<int> current = currentVersion(db);
    if (!current)
        return current.error();
    if (*current > latestVersion()) {
        return Error{QStringLiteral("FERRY-STATE-NEWER"), QStringLiteral("State database is newer than this Ferry"),
                     QStringLiteral("its schema is at version %1, this build knows up to %2")
                         .arg(*current)
                         .arg(latestVersion()),
                     QStringLiteral("upgrade Ferry, or use another state database"), Blame::Config};
    }
    for (const Migration &migration : all()) {
        if (migration.version <= *current)
            continue;
        TransactionGuard transaction(db);
        if (!transaction.isActive())
            return transaction.error();
        const Result<int> applied = currentVersion(db);
        if (!applied)
            return applied.error();
        if (migration.version <= *applied)
            continue; // another process applied it while this one waited for the lock
        for (const QString &statement : migration.statements) {
            if (!query.exec(dialectSql(statement, sqlite))) {
                return stateError(QStringLiteral("State migration %1 failed").arg(migration.version),
                                  query.lastError().text());
            }
        }
        query.prepare(QStringLiteral("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)"));
        query.addBindValue(migration.version);
        query.addBindValue(migration.description);
        query.addBindValue(StateDatabase::toDatabaseTime(db, QDateTime::currentDateTimeUtc()));
        if (!query.exec())
            return stateError(QStringLiteral("Cannot record migration %1").arg(migration.version), query.lastError().text());
        if (Status committed = transaction.commit(); !committed)
            return committed;
        qCInfo(lcState) << "applied state migration" << migration.version << migration.description;
    }
    return {};
}

} // namespace ferry
