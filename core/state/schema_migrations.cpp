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

// The text a transfer is found by (TransferQuery::text): its id, its error's code, title and message, its tag values
// and its models' error codes, titles and messages, joined by U+001F (a search text never spans two of them: see
// TransferSummaryReader). One row per transfer, kept by triggers on every table it reads, whoever writes them.
QString searchSourceView(bool sqlite)
{
    const QString sep = sqlite ? QStringLiteral("char(31)") : QStringLiteral("chr(31)");
    const QString agg = sqlite ? QStringLiteral("group_concat") : QStringLiteral("string_agg");
    return QStringLiteral(
               "CREATE VIEW transfer_search_source AS SELECT t.id AS transfer_id, "
               "t.id || %1 || COALESCE(t.error_code, '') || %1 || COALESCE(t.error_title, '') || %1 || "
               "COALESCE(t.error_message, '') "
               "|| COALESCE((SELECT %1 || %2(g.tag_value, %1) FROM transfer_tags g WHERE g.transfer_id = t.id), '') "
               "|| COALESCE((SELECT %1 || %2(COALESCE(m.error_code, '') || %1 || COALESCE(m.error_title, '') || %1 || "
               "COALESCE(m.error_message, ''), %1) FROM transfer_models m WHERE m.transfer_id = t.id AND "
               "COALESCE(m.error_code, m.error_title, m.error_message) IS NOT NULL), '') AS doc "
               "FROM transfers t")
        .arg(sep, agg);
}

// The triggers' WHEN conditions: a write that changes what the document holds.
const char kTransferChanged[] = "old.id IS NOT new.id OR old.error_code IS NOT new.error_code OR old.error_title IS NOT "
                                "new.error_title OR old.error_message IS NOT new.error_message";
const char kTagChanged[] = "old.transfer_id IS NOT new.transfer_id OR old.tag_value IS NOT new.tag_value";
const char kModelChanged[] = "old.transfer_id IS NOT new.transfer_id OR old.error_code IS NOT new.error_code OR "
                             "old.error_title IS NOT new.error_title OR old.error_message IS NOT new.error_message";

Status run(QSqlDatabase &db, const QStringList &statements)
{
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return stateError(QStringLiteral("State migration 5 failed"), query.lastError().text());
    }
    return {};
}

// SQLite: an FTS5 index with the trigram tokenizer (SQLite 3.34 or later) over transfer_search_docs (an external
// content table: the documents are stored once). Without FTS5 or the tokenizer, text search scans the documents.
Status searchSqlite(QSqlDatabase &db)
{
    // Upserts the document of transfer X from the view; no row when the transfer does not exist.
    auto refresh = [](const char *id) {
        return QStringLiteral("INSERT INTO transfer_search_docs (transfer_id, doc) SELECT transfer_id, doc FROM "
                              "transfer_search_source WHERE transfer_id = %1 ON CONFLICT (transfer_id) DO UPDATE SET "
                              "doc = excluded.doc WHERE doc IS NOT excluded.doc;")
            .arg(QLatin1String(id));
    };
    QStringList statements{
        searchSourceView(true),
        QStringLiteral("CREATE TABLE transfer_search_docs (id INTEGER PRIMARY KEY, transfer_id TEXT NOT NULL UNIQUE, "
                       "doc TEXT NOT NULL)"),
        QStringLiteral("INSERT INTO transfer_search_docs (transfer_id, doc) SELECT transfer_id, doc FROM transfer_search_source"),
        QStringLiteral("CREATE TRIGGER transfer_search_transfers_insert AFTER INSERT ON transfers BEGIN %1 END")
            .arg(refresh("new.id")),
        QStringLiteral("CREATE TRIGGER transfer_search_transfers_update AFTER UPDATE OF id, error_code, error_title, "
                       "error_message ON transfers WHEN %1 BEGIN DELETE FROM transfer_search_docs WHERE transfer_id = "
                       "old.id AND old.id IS NOT new.id; %2 END")
            .arg(QLatin1String(kTransferChanged), refresh("new.id")),
        QStringLiteral("CREATE TRIGGER transfer_search_transfers_delete AFTER DELETE ON transfers BEGIN DELETE FROM "
                       "transfer_search_docs WHERE transfer_id = old.id; END"),
        QStringLiteral("CREATE TRIGGER transfer_search_tags_insert AFTER INSERT ON transfer_tags BEGIN %1 END")
            .arg(refresh("new.transfer_id")),
        QStringLiteral("CREATE TRIGGER transfer_search_tags_update AFTER UPDATE OF transfer_id, tag_value ON transfer_tags "
                       "WHEN %1 BEGIN %2 %3 END")
            .arg(QLatin1String(kTagChanged), refresh("old.transfer_id"), refresh("new.transfer_id")),
        QStringLiteral("CREATE TRIGGER transfer_search_tags_delete AFTER DELETE ON transfer_tags BEGIN %1 END")
            .arg(refresh("old.transfer_id")),
        QStringLiteral("CREATE TRIGGER transfer_search_models_insert AFTER INSERT ON transfer_models WHEN "
                       "COALESCE(new.error_code, new.error_title, new.error_message) IS NOT NULL BEGIN %1 END")
            .arg(refresh("new.transfer_id")),
        QStringLiteral("CREATE TRIGGER transfer_search_models_update AFTER UPDATE OF transfer_id, error_code, error_title, "
                       "error_message ON transfer_models WHEN %1 BEGIN %2 %3 END")
            .arg(QLatin1String(kModelChanged), refresh("old.transfer_id"), refresh("new.transfer_id")),
        QStringLiteral("CREATE TRIGGER transfer_search_models_delete AFTER DELETE ON transfer_models WHEN "
                       "COALESCE(old.error_code, old.error_title, old.error_message) IS NOT NULL BEGIN %1 END")
            .arg(refresh("old.transfer_id")),
    };
    if (Status done = run(db, statements); !done)
        return done;

    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("CREATE VIRTUAL TABLE temp.ferry_trigram_probe USING fts5(x, tokenize = 'trigram')"))) {
        qCInfo(lcState) << "text search scans the history: this SQLite has no FTS5 trigram tokenizer ("
                        << probe.lastError().text() << ")";
        return {};
    }
    probe.exec(QStringLiteral("DROP TABLE temp.ferry_trigram_probe"));
    return run(db, {
        // detail=none: a third of the size of positions; a query asks for each trigram of the text, and the LIKE
        // that rechecks every candidate checks their order.
        QStringLiteral("CREATE VIRTUAL TABLE transfer_search USING fts5(doc, content = 'transfer_search_docs', "
                       "content_rowid = 'id', tokenize = 'trigram', detail = none, columnsize = 0)"),
        QStringLiteral("INSERT INTO transfer_search (transfer_search) VALUES ('rebuild')"),
        QStringLiteral("CREATE TRIGGER transfer_search_docs_insert AFTER INSERT ON transfer_search_docs BEGIN "
                       "INSERT INTO transfer_search (rowid, doc) VALUES (new.id, new.doc); END"),
        QStringLiteral("CREATE TRIGGER transfer_search_docs_delete AFTER DELETE ON transfer_search_docs BEGIN "
                       "INSERT INTO transfer_search (transfer_search, rowid, doc) VALUES ('delete', old.id, old.doc); END"),
        QStringLiteral("CREATE TRIGGER transfer_search_docs_update AFTER UPDATE ON transfer_search_docs BEGIN "
                       "INSERT INTO transfer_search (transfer_search, rowid, doc) VALUES ('delete', old.id, old.doc); "
                       "INSERT INTO transfer_search (rowid, doc) VALUES (new.id, new.doc); END"),
        // The Logs page's text filter: the messages, indexed where they are stored (log_events is the content).
        QStringLiteral("CREATE VIRTUAL TABLE log_events_search USING fts5(message, content = 'log_events', "
                       "content_rowid = 'id', tokenize = 'trigram', detail = none, columnsize = 0)"),
        QStringLiteral("INSERT INTO log_events_search (log_events_search) VALUES ('rebuild')"),
        QStringLiteral("CREATE TRIGGER log_events_search_insert AFTER INSERT ON log_events BEGIN "
                       "INSERT INTO log_events_search (rowid, message) VALUES (new.id, new.message); END"),
        QStringLiteral("CREATE TRIGGER log_events_search_delete AFTER DELETE ON log_events BEGIN "
                       "INSERT INTO log_events_search (log_events_search, rowid, message) VALUES ('delete', old.id, "
                       "old.message); END"),
        QStringLiteral("CREATE TRIGGER log_events_search_update AFTER UPDATE OF id, message ON log_events BEGIN "
                       "INSERT INTO log_events_search (log_events_search, rowid, message) VALUES ('delete', old.id, "
                       "old.message); INSERT INTO log_events_search (rowid, message) VALUES (new.id, new.message); END"),
    });
}

// PostgreSQL: the same documents, kept by one trigger function, and a pg_trgm GIN index on lower(doc) that serves
// LIKE '%text%' (rechecked by the executor, so exact). Without pg_trgm (an extension of contrib, trusted: any user
// who may create in the database may install it), text search scans the documents.
Status searchPostgres(QSqlDatabase &db)
{
    auto trigger = [](const char *name, const char *event, const char *table, const QString &when) {
        return QStringLiteral("CREATE TRIGGER %1 AFTER %2 ON %3 FOR EACH ROW %4 EXECUTE FUNCTION transfer_search_on_write()")
            .arg(QLatin1String(name), QLatin1String(event), QLatin1String(table),
                 when.isEmpty() ? QString() : QStringLiteral("WHEN (%1)").arg(when));
    };
    auto distinct = [](const char *condition) {
        return QString(QLatin1String(condition)).replace(QLatin1String("IS NOT"), QLatin1String("IS DISTINCT FROM"))
            .replace(QLatin1String("old."), QLatin1String("OLD.")).replace(QLatin1String("new."), QLatin1String("NEW."));
    };
    const QString modelHasError = QStringLiteral("COALESCE(%1.error_code, %1.error_title, %1.error_message) IS NOT NULL");
    const QStringList statements{
        searchSourceView(false),
        QStringLiteral("CREATE TABLE transfer_search_docs (transfer_id TEXT PRIMARY KEY, doc TEXT NOT NULL)"),
        QStringLiteral("INSERT INTO transfer_search_docs (transfer_id, doc) SELECT transfer_id, doc FROM transfer_search_source"),
        // PL/pgSQL keeps the upsert's plan from call to call (an SQL function would plan it at every row written).
        QStringLiteral("CREATE FUNCTION transfer_search_refresh(p_transfer_id TEXT) RETURNS void LANGUAGE plpgsql AS $$ "
                       "BEGIN "
                       "INSERT INTO transfer_search_docs (transfer_id, doc) SELECT s.transfer_id, s.doc FROM "
                       "transfer_search_source s WHERE s.transfer_id = p_transfer_id ON CONFLICT (transfer_id) DO UPDATE "
                       "SET doc = excluded.doc WHERE transfer_search_docs.doc IS DISTINCT FROM excluded.doc; "
                       "END $$"),
        QStringLiteral("CREATE FUNCTION transfer_search_on_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "IF TG_TABLE_NAME = 'transfers' THEN "
                       "  IF TG_OP = 'DELETE' THEN DELETE FROM transfer_search_docs WHERE transfer_id = OLD.id; "
                       "  ELSE "
                       "    IF TG_OP = 'UPDATE' THEN "
                       "      IF OLD.id IS DISTINCT FROM NEW.id THEN "
                       "        DELETE FROM transfer_search_docs WHERE transfer_id = OLD.id; "
                       "      END IF; "
                       "    END IF; "
                       "    PERFORM transfer_search_refresh(NEW.id); "
                       "  END IF; "
                       "ELSE "
                       "  IF TG_OP <> 'INSERT' THEN PERFORM transfer_search_refresh(OLD.transfer_id); END IF; "
                       "  IF TG_OP <> 'DELETE' THEN PERFORM transfer_search_refresh(NEW.transfer_id); END IF; "
                       "END IF; "
                       "RETURN NULL; END $$"),
        trigger("transfer_search_transfers_insert", "INSERT", "transfers", {}),
        trigger("transfer_search_transfers_update", "UPDATE OF id, error_code, error_title, error_message", "transfers",
                distinct(kTransferChanged)),
        trigger("transfer_search_transfers_delete", "DELETE", "transfers", {}),
        trigger("transfer_search_tags_insert", "INSERT", "transfer_tags", {}),
        trigger("transfer_search_tags_update", "UPDATE OF transfer_id, tag_value", "transfer_tags", distinct(kTagChanged)),
        trigger("transfer_search_tags_delete", "DELETE", "transfer_tags", {}),
        trigger("transfer_search_models_insert", "INSERT", "transfer_models", modelHasError.arg(QLatin1String("NEW"))),
        trigger("transfer_search_models_update", "UPDATE OF transfer_id, error_code, error_title, error_message",
                "transfer_models", distinct(kModelChanged)),
        trigger("transfer_search_models_delete", "DELETE", "transfer_models", modelHasError.arg(QLatin1String("OLD"))),
    };
    if (Status done = run(db, statements); !done)
        return done;

    // A failed statement aborts a PostgreSQL transaction: the optional part runs inside a savepoint.
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SAVEPOINT ferry_trigram")))
        return stateError(QStringLiteral("State migration 5 failed"), query.lastError().text());
    for (const char *statement : {"CREATE EXTENSION IF NOT EXISTS pg_trgm",
                                  "CREATE INDEX transfer_search_docs_trgm ON transfer_search_docs USING gin (lower(doc) "
                                  "gin_trgm_ops)",
                                  "CREATE INDEX log_events_message_trgm ON log_events USING gin (lower(message) "
                                  "gin_trgm_ops)"}) {
        if (!query.exec(QLatin1String(statement))) {
            qCInfo(lcState) << "text search scans the history: no pg_trgm index (" << query.lastError().text().trimmed()
                            << "); once pg_trgm is installed (CREATE EXTENSION pg_trgm), CREATE INDEX "
                               "transfer_search_docs_trgm ON transfer_search_docs USING gin (lower(doc) gin_trgm_ops) "
                               "and CREATE INDEX log_events_message_trgm ON log_events USING gin (lower(message) "
                               "gin_trgm_ops) make text searches fast";
            query.exec(QStringLiteral("ROLLBACK TO SAVEPOINT ferry_trigram"));
            break;
        }
    }
    if (!query.exec(QStringLiteral("RELEASE SAVEPOINT ferry_trigram")))
        return stateError(QStringLiteral("State migration 5 failed"), query.lastError().text());
    // Statistics of the new table and of the indexes' expressions (lower(doc), lower(message)) now, not at
    // autovacuum's next look: without them the planner reads a common text through the trigram index and sorts
    // every match, or scans the documents without parallel workers (a second or two on a large history).
    return run(db, {QStringLiteral("ANALYZE transfer_search_docs"), QStringLiteral("ANALYZE log_events")});
}

Status textSearch(QSqlDatabase db, bool sqlite)
{
    return sqlite ? searchSqlite(db) : searchPostgres(db);
}

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
        // Text search of the history (TransferQuery::text) from an index instead of reading every transfer: one
        // search document per transfer (transfer_search_docs, kept by triggers so every writer, in any process or
        // Ferry version, keeps it current), indexed by trigrams (SQLite FTS5, PostgreSQL pg_trgm); the log messages
        // too (LogQuery::text). And the Logs page's level filter with a model: one index walk per level instead of
        // the model's whole index.
        {5,
         QStringLiteral("history: text search documents and trigram indexes of them and of log messages; log events by "
                        "model and level"),
         {
             QStringLiteral("CREATE INDEX log_events_model_level ON log_events (model_name, level, id)"),
         },
         &textSearch},
        // Change history (issue 15): one row per configuration object an apply added, changed, renamed or removed,
        // written in the apply's transaction, with who and when and the stored definitions before and after. An
        // object's history is listed newest first from an index (by its name, or its name before a rename).
        {6,
         QStringLiteral("change history: object_changes"),
         {
             QStringLiteral("CREATE TABLE object_changes ("
                            " id {SERIAL_PK},"
                            " changed_at {TS} NOT NULL,"
                            " author_user TEXT NOT NULL,"
                            " author_host TEXT NOT NULL,"
                            " object_kind TEXT NOT NULL CHECK (object_kind IN ('source','model','product','recipient',"
                            "'destination')),"
                            " object_id TEXT NOT NULL,"
                            " object_name TEXT NOT NULL,"
                            " previous_name TEXT,"
                            " action TEXT NOT NULL CHECK (action IN ('added','changed','renamed','removed')),"
                            " before_definition TEXT,"
                            " after_definition TEXT)"),
             QStringLiteral("CREATE INDEX object_changes_object ON object_changes (object_kind, object_name, id)"),
             QStringLiteral("CREATE INDEX object_changes_previous ON object_changes (object_kind, previous_name, id)"),
         }},
        // Editors (issue 15): a version per object, raised by every write of its row, so a save can tell that the
        // object changed in the state database since the editor loaded it (an optimistic check, no lock held).
        {7,
         QStringLiteral("object versions for editors' optimistic checks"),
         {
             QStringLiteral("ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1"),
             QStringLiteral("ALTER TABLE models ADD COLUMN version INTEGER NOT NULL DEFAULT 1"),
             QStringLiteral("ALTER TABLE products ADD COLUMN version INTEGER NOT NULL DEFAULT 1"),
             QStringLiteral("ALTER TABLE recipients ADD COLUMN version INTEGER NOT NULL DEFAULT 1"),
             QStringLiteral("ALTER TABLE destinations ADD COLUMN version INTEGER NOT NULL DEFAULT 1"),
             // History of an object by its id (ChangeHistory::list follows an object across renames).
             QStringLiteral("CREATE INDEX object_changes_object_id ON object_changes (object_id, id)"),
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
        if (migration.apply) {
            if (Status applied = migration.apply(db, sqlite); !applied)
                return applied;
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
