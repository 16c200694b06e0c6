#include "connectors/postgres/postgres_writer.h"

#include "rows/canonical_value.h"

#include <QMap>
#include <QUuid>

namespace ferry {

namespace {
constexpr qsizetype kCopyChunk = 1 << 20;
const QString kStage = QStringLiteral("_ferry_stage");
// The session advisory lock on a table built aside, held by the writer building it ($1: the table's name).
const QByteArray kBuildLockKey = "hashtext('ferry_build'), hashtext($1)";
} // namespace

PostgresWriter::PostgresWriter(std::unique_ptr<DatabaseConnection> connection)
    : DestinationWriter(std::move(connection)), m_pg(m_connection->postgresHandle())
{
    // A loader sorts (DISTINCT ON) and builds primary keys over whole windows: give this one session room for it
    // in memory instead of spilling to disk. Best effort: a server that forbids it still works, only slower.
    m_pg.execParams("SET work_mem = '128MB'");
    m_pg.execParams("SET maintenance_work_mem = '512MB'");
}

Status PostgresWriter::run(const QString &sql, const QString &what, const QList<QByteArray> &params)
{
    const QString error = m_pg.execParams(sql.toUtf8(), params);
    if (!error.isEmpty())
        return m_connection->queryError(what, error);
    return {};
}

Result<QMap<QString, QString>> PostgresWriter::columnTypes(const QString &qualifiedTable)
{
    QString error;
    const QList<QByteArray> rows = m_pg.column(
        "SELECT attname || '|' || format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass($1) "
        "AND attnum > 0 AND NOT attisdropped",
        {qualifiedTable.toUtf8()}, &error);
    if (!error.isEmpty())
        return m_connection->queryError(QStringLiteral("inspecting %1").arg(qualifiedTable), error);
    QMap<QString, QString> types;
    for (const QByteArray &row : rows) {
        const qsizetype bar = row.lastIndexOf('|');
        types.insert(QString::fromUtf8(row.left(bar)), QString::fromUtf8(row.mid(bar + 1)));
    }
    return types;
}

Result<QMap<QString, QString>> PostgresWriter::liveColumnTypes()
{
    return columnTypes(liveTable());
}

Result<QMap<QString, QString>> PostgresWriter::wantedColumnTypes()
{
    // The native types the model asks for, as the catalog spells them (format_type). None takes a modifier, and only
    // timestamptz is spelt otherwise, so no probe table is needed (it cost three statements on every transfer). A
    // spelling missed here reads as a schema change: the table is rebuilt, never merged into wrongly.
    QMap<QString, QString> types;
    for (int i = 0; i < m_spec.columns.size(); ++i) {
        QString type = m_connection->dialect().nativeType(m_spec.types[i], false);
        if (type == QLatin1String("timestamptz"))
            type = QStringLiteral("timestamp with time zone");
        types.insert(m_spec.columns[i], type);
    }
    return types;
}

QStringList PostgresWriter::tableDdl(const TableSpec &spec, const TableState &state) const
{
    const SqlDialect &dialect = m_connection->dialect();
    QStringList ddl;
    if (!spec.schema.isEmpty() && !m_statusTableExists)
        ddl << QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(dialect.quote(spec.schema));
    if (!state.exists) {
        ddl << QStringLiteral("CREATE TABLE %1 (%2)").arg(liveTable(), columnDefinitions(true));
    } else {
        ddl << addColumnStatements(state);
    }
    if (!m_statusTableExists)
        ddl << QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (data_model_name text PRIMARY KEY, transfer_last_updated_at "
                              "timestamptz NOT NULL, transfer_id text, rows_transferred bigint, "
                              "most_recent_last_updated_at timestamptz)")
                   .arg(dialect.table(spec.schema, statusTable()));
    return ddl;
}

QStringList PostgresWriter::plannedDdl(const TableSpec &spec, const TableState &state, LoadMode mode)
{
    m_spec = spec;
    if (mode != LoadMode::Rebuild)
        return tableDdl(spec, state);
    const QString aside = m_connection->dialect().table(spec.schema, buildPrefix(spec.table) + QStringLiteral("_<transfer>"));
    if (state.exists && state.schemaMatches) {
        return {QStringLiteral("CREATE TEMP TABLE _ferry_aside (%1)").arg(columnDefinitions(false)),
                QStringLiteral("-- at the end, in one transaction: DELETE FROM %1; INSERT INTO %1 SELECT DISTINCT ON (pk) "
                               "... FROM _ferry_aside").arg(liveTable())};
    }
    return {QStringLiteral("CREATE TABLE %1 (%2)").arg(aside, columnDefinitions(false)),
            QStringLiteral("-- after loading: ALTER TABLE %1 ADD PRIMARY KEY (%2)")
                .arg(aside, m_connection->dialect().quote(spec.primaryKey())),
            QStringLiteral("-- at the end, in one transaction: %1ALTER TABLE %2 RENAME TO %3")
                .arg(state.exists ? QStringLiteral("DROP TABLE %1; ").arg(liveTable()) : QString(), aside,
                     m_connection->dialect().quote(spec.table))};
}

Status PostgresWriter::prepare(const TableSpec &spec, const TableState &state, LoadMode mode, const QString &transferId)
{
    m_spec = spec;
    m_state = state;
    m_mode = mode;
    const SqlDialect &dialect = m_connection->dialect();
    dropLeftoverBuilds();
    // Its CREATE ... IF NOT EXISTS (and the schema's) still takes a lock and a few milliseconds on every transfer.
    QString error;
    m_statusTableExists = !m_pg.column("SELECT 1 WHERE to_regclass($1) IS NOT NULL",
                                       {dialect.table(spec.schema, statusTable()).toUtf8()}, &error)
                               .isEmpty();
    if (Status prepared = prepareLiveTable(spec, state, mode); !prepared)
        return prepared;
    if (mode != LoadMode::Rebuild)
        return {};
    if (truncatePath()) {
        m_aside = QStringLiteral("pg_temp._ferry_aside");
        m_asideIsTemp = true;
        run(QStringLiteral("DROP TABLE IF EXISTS pg_temp._ferry_aside"), QStringLiteral("cleaning up"));
        return createAside(QStringLiteral("CREATE TEMP TABLE _ferry_aside (%1)").arg(columnDefinitions(false)));
    }
    // Locked before it exists, so the sweep of another transfer never takes it for a leftover.
    m_asideName = buildPrefix(spec.table) + QLatin1Char('_') + transferId.left(8);
    if (Status locked = run(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(QString::fromLatin1(kBuildLockKey)),
                            QStringLiteral("locking the table built aside"), {m_asideName.toUtf8()});
        !locked)
        return locked;
    m_aside = dialect.table(spec.schema, m_asideName);
    m_asideIsTemp = false;
    return createAside(QStringLiteral("CREATE TABLE %1 (%2)").arg(m_aside, columnDefinitions(false)));
}

Status PostgresWriter::createAside(const QString &create)
{
    // In a transaction that the first window's COPY joins, so it can load with FREEZE: rows written frozen and
    // pages marked all-visible, which spares the load a third of its time and the table a vacuum that would
    // otherwise rewrite every page soon after. The table is nobody else's to see before the swap.
    if (Status begun = run(QStringLiteral("BEGIN"), QStringLiteral("creating the table built aside")); !begun)
        return begun;
    m_inTransaction = true;
    return run(create, QStringLiteral("creating the table built aside"));
}

Status PostgresWriter::commitAsideCreation()
{
    if (!m_inTransaction)
        return {};
    if (Status committed = run(QStringLiteral("COMMIT"), QStringLiteral("creating the table built aside")); !committed)
        return committed;
    m_inTransaction = false;
    return {};
}

void PostgresWriter::dropLeftoverBuilds()
{
    // Any model's: a killed rebuild's table is found by the next transfer to this destination. A table whose
    // builder still runs is skipped (its session holds the table's advisory lock; a killed one's lock died with it).
    QString error;
    const QList<QByteArray> tables = m_pg.column(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND "
        "c.relname LIKE '\\_ferry\\_build\\_%' AND n.nspname = COALESCE(NULLIF($1, ''), current_schema())",
        {m_spec.schema.toUtf8()}, &error);
    for (const QByteArray &table : tables) {
        if (QString::fromUtf8(table) == m_asideName) // this session's own (its lock would be granted again)
            continue;
        const QList<QByteArray> free = m_pg.column(
            "SELECT CASE WHEN pg_try_advisory_lock(" + kBuildLockKey + ") THEN 'y' ELSE 'n' END", {table}, &error);
        if (free.value(0) != "y")
            continue;
        run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_connection->dialect().table(m_spec.schema, QString::fromUtf8(table))),
            QStringLiteral("dropping a table left by a stopped rebuild"));
        m_pg.column("SELECT pg_advisory_unlock(" + kBuildLockKey + ")::text", {table}, &error);
    }
}

void PostgresWriter::unlockAside()
{
    if (m_asideName.isEmpty())
        return;
    QString error;
    m_pg.column("SELECT pg_advisory_unlock(" + kBuildLockKey + ")::text", {m_asideName.toUtf8()}, &error);
    m_asideName.clear();
}

Status PostgresWriter::beginWindow(const TimeWindow &window)
{
    m_window = window;
    m_windowStaged = 0;
    QString target = m_aside;
    m_stageMerged = false;
    if (m_mode != LoadMode::Rebuild) {
        if (Status begun = run(QStringLiteral("BEGIN"), QStringLiteral("starting the publish transaction")); !begun)
            return begun;
        m_inTransaction = true;
        // Temporary: private to this session, so transfers sharing a server never see each other's rows.
        if (Status staged = run(QStringLiteral("CREATE TEMP TABLE %1 (%2) ON COMMIT DROP").arg(kStage, columnDefinitions(false)),
                                QStringLiteral("creating the staging table"));
            !staged)
            return staged;
        target = kStage;
    }
    stageInto(target);
    return {};
}

void PostgresWriter::stageInto(const QString &target)
{
    // The COPY itself starts with the first rows, whose format (see RowBatch) decides its own.
    m_copyTarget = target;
    m_stagedRows = 0;
}

Status PostgresWriter::startCopy(bool binary)
{
    if (m_stageMerged) {
        if (Status cleared = run(QStringLiteral("TRUNCATE %1").arg(kStage), QStringLiteral("staging rows")); !cleared)
            return cleared;
        m_stageMerged = false;
    }
    QStringList options;
    if (binary)
        options << QStringLiteral("FORMAT binary");
    // A rebuild's open transaction is the one that created the table built aside (the swap opens its own later).
    if (m_mode == LoadMode::Rebuild && m_inTransaction)
        options << QStringLiteral("FREEZE");
    QString sql = QStringLiteral("COPY %1 (%2) FROM STDIN").arg(m_copyTarget, columnList());
    if (!options.isEmpty())
        sql += QStringLiteral(" (%1)").arg(options.join(QStringLiteral(", ")));
    if (const QString error = m_pg.beginCopyIn(sql.toUtf8()); !error.isEmpty())
        return m_connection->queryError(stagingWhat(), error);
    m_inCopy = true;
    m_copyBinary = binary;
    if (binary) {
        // The file header: signature, flags, header extension length.
        static const QByteArray header("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
        if (const QString error = m_pg.putCopyData(header); !error.isEmpty())
            return m_connection->queryError(stagingWhat(), error);
    }
    return {};
}

Status PostgresWriter::endCopy()
{
    if (!m_inCopy)
        return {}; // no rows came: nothing was copied
    if (m_copyBinary)
        m_buffer += QByteArray("\377\377", 2); // the file trailer
    if (!m_buffer.isEmpty()) {
        if (const QString error = m_pg.putCopyData(m_buffer); !error.isEmpty())
            return m_connection->queryError(stagingWhat(), error);
        m_buffer.clear();
    }
    m_inCopy = false;
    qint64 copied = 0;
    if (const QString error = m_pg.endCopyIn(&copied); !error.isEmpty())
        return m_connection->queryError(stagingWhat(), error);
    m_windowStaged += copied;
    return {};
}

Status PostgresWriter::write(const RowBatch &batch)
{
    if (Status checked = checkValues(batch); !checked)
        return checked;
    const bool binary = batch.isCopyBinary();
    if (!m_inCopy) {
        if (Status started = startCopy(binary); !started)
            return started;
    } else if (binary != m_copyBinary) {
        return Error{QStringLiteral("FERRY-ENGINE"), QStringLiteral("Mixed COPY formats"),
                     QStringLiteral("%1: a batch in another COPY format than the rows before it").arg(stagingWhat()), {},
                     Blame::Ferry};
    }
    m_stagedRows += batch.rowCount();
    if (batch.isCopyData()) {
        if (const QString error = m_pg.putCopyData(batch.copyData()); !error.isEmpty())
            return m_connection->queryError(stagingWhat(), error);
        return {};
    }
    const int columns = batch.columnCount();
    m_buffer.reserve(kCopyChunk + 64 * 1024);
    for (qsizetype row = 0; row < batch.rowCount(); ++row) {
        for (int column = 0; column < columns; ++column) {
            if (column > 0)
                m_buffer += '\t';
            if (batch.isNull(row, column))
                m_buffer += "\\N";
            else
                CanonicalValue::appendCopyText(m_buffer, batch.value(row, column), m_spec.types[column]);
        }
        m_buffer += '\n';
        if (m_buffer.size() >= kCopyChunk) {
            if (const QString error = m_pg.putCopyData(m_buffer); !error.isEmpty())
                return m_connection->queryError(stagingWhat(), error);
            m_buffer.clear();
        }
    }
    return {};
}

QString PostgresWriter::mergeSql(const QString &from) const
{
    const SqlDialect &dialect = m_connection->dialect();
    const QString pk = dialect.quote(m_spec.primaryKey());
    const QString lm = dialect.quote(m_spec.lastModified());
    if (m_spec.appendOnly)
        return QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %3").arg(liveTable(), columnList(), from);
    QStringList assignments;
    for (const QString &column : m_spec.columns) {
        if (column != m_spec.primaryKey())
            assignments << QStringLiteral("%1 = EXCLUDED.%1").arg(dialect.quote(column));
    }
    // One row per key, the latest; and an older row never overwrites a newer one already there.
    return QStringLiteral("INSERT INTO %1 AS t (%2) SELECT DISTINCT ON (%4) %2 FROM %3 ORDER BY %4, %5 DESC "
                          "ON CONFLICT (%4) DO UPDATE SET %6 WHERE t.%5 IS NULL OR t.%5 <= EXCLUDED.%5")
        .arg(liveTable(), columnList(), from, pk, lm, assignments.join(QStringLiteral(", ")));
}

Status PostgresWriter::upsertStatus(const PublishInfo &info)
{
    return run(QStringLiteral("INSERT INTO %1 (data_model_name, transfer_last_updated_at, transfer_id, rows_transferred, "
                              "most_recent_last_updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (data_model_name) DO "
                              "UPDATE SET transfer_last_updated_at = EXCLUDED.transfer_last_updated_at, transfer_id = "
                              "EXCLUDED.transfer_id, rows_transferred = EXCLUDED.rows_transferred, "
                              "most_recent_last_updated_at = EXCLUDED.most_recent_last_updated_at")
                   .arg(m_connection->dialect().table(m_spec.schema, statusTable())),
               QStringLiteral("writing _transfer_status"),
               {info.modelName.toUtf8(), info.publishedAt, info.transferId.toUtf8(), QByteArray::number(info.rowsTransferred),
                info.mostRecentLastUpdatedAt.isEmpty() ? QByteArray() : info.mostRecentLastUpdatedAt});
}

Status PostgresWriter::mergeStaged()
{
    if (m_stagedRows == 0)
        return {};
    return run(mergeSql(kStage), QStringLiteral("publishing into %1").arg(m_spec.table));
}

// Merge mode only: Append must first clear the window's range, and a rebuild has nothing to merge into. Merging
// part of a window early gives the same table as merging it at once, since the latest row wins either way.
Status PostgresWriter::applyStaged()
{
    if (m_mode != LoadMode::Merge || m_spec.appendOnly || !m_inCopy || m_stagedRows == 0)
        return {};
    if (Status ended = endCopy(); !ended)
        return ended;
    if (Status merged = mergeStaged(); !merged)
        return merged;
    // Emptied when the next rows come: a small incremental, merged after its only batch, never needs it.
    m_stageMerged = true;
    stageInto(kStage);
    return {};
}

Status PostgresWriter::endWindow(const PublishInfo &info)
{
    if (Status ended = endCopy(); !ended)
        return ended;
    if (Status audited = auditStagedCount(m_windowStaged, info); !audited)
        return audited;
    if (m_mode == LoadMode::Rebuild)
        return commitAsideCreation();
    if (m_mode == LoadMode::Append) {
        // A retried window replaces its rows instead of doubling them.
        const QString lm = m_connection->dialect().quote(m_spec.lastModified());
        if (Status cleared = run(QStringLiteral("DELETE FROM %1 WHERE %2 >= $1 AND %2 < $2").arg(liveTable(), lm),
                                 QStringLiteral("replacing the window"), {m_window.start, m_window.end});
            !cleared)
            return cleared;
    }
    if (Status merged = mergeStaged(); !merged)
        return merged;
    if (Status status = upsertStatus(info); !status)
        return status;
    if (Status committed = run(QStringLiteral("COMMIT"), QStringLiteral("committing the publish")); !committed)
        return committed;
    m_inTransaction = false;
    return {};
}

Status PostgresWriter::addPrimaryKey()
{
    if (m_spec.appendOnly)
        return {};
    const SqlDialect &dialect = m_connection->dialect();
    const QString constraint = dialect.quote(QStringLiteral("_ferry_pk_") + QUuid::createUuid().toString(QUuid::Id128).left(12));
    const QString pk = dialect.quote(m_spec.primaryKey());
    const QString add = QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 PRIMARY KEY (%3)").arg(m_aside, constraint, pk);
    if (m_pg.execParams(add.toUtf8()).isEmpty())
        return {};
    // The source repeated a key (an update seen twice while reading): keep the latest row per key, then retry.
    const QString lm = dialect.quote(m_spec.lastModified());
    if (Status deduped = run(QStringLiteral("DELETE FROM %1 a USING %1 b WHERE a.%2 = b.%2 AND (a.%3 < b.%3 OR (a.%3 = b.%3 "
                                            "AND a.ctid < b.ctid))").arg(m_aside, pk, lm),
                             QStringLiteral("removing repeated keys"));
        !deduped)
        return deduped;
    return run(add, QStringLiteral("adding the primary key"));
}

Status PostgresWriter::finish(const PublishInfo &info)
{
    if (m_mode != LoadMode::Rebuild)
        return {};
    const SqlDialect &dialect = m_connection->dialect();
    if (!truncatePath()) {
        if (Status keyed = addPrimaryKey(); !keyed)
            return keyed;
    }
    if (Status begun = run(QStringLiteral("BEGIN"), QStringLiteral("starting the swap")); !begun)
        return begun;
    m_inTransaction = true;
    if (truncatePath()) {
        // Same schema: keep the table (its grants, views and OID) and swap its contents. DELETE, not TRUNCATE:
        // TRUNCATE's ACCESS EXCLUSIVE lock would make every reader wait for the whole reload; after a DELETE they
        // go on reading the old rows until the commit. (Autovacuum reclaims the old rows' space.)
        if (Status emptied = run(QStringLiteral("DELETE FROM %1").arg(liveTable()), QStringLiteral("emptying")); !emptied)
            return emptied;
        if (Status merged = run(mergeSql(m_aside), QStringLiteral("reloading %1").arg(m_spec.table)); !merged)
            return merged;
    } else {
        if (Status dropped = run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(liveTable()), QStringLiteral("replacing")); !dropped)
            return dropped;
        if (Status renamed = run(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(m_aside, dialect.quote(m_spec.table)),
                                 QStringLiteral("swapping in the new table"));
            !renamed)
            return renamed;
        if (!m_spec.appendOnly) {
            QString error;
            const QList<QByteArray> constraint = m_pg.column(
                "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'p'",
                {liveTable().toUtf8()}, &error);
            const QString name = QString(m_spec.table + QStringLiteral("_pkey")).left(63);
            if (!constraint.isEmpty())
                run(QStringLiteral("ALTER TABLE %1 RENAME CONSTRAINT %2 TO %3")
                        .arg(liveTable(), dialect.quote(QString::fromUtf8(constraint.first())), dialect.quote(name)),
                    QStringLiteral("naming the primary key"));
        }
    }
    if (Status status = upsertStatus(info); !status)
        return status;
    if (Status committed = run(QStringLiteral("COMMIT"), QStringLiteral("committing the swap")); !committed)
        return committed;
    m_inTransaction = false;
    if (m_asideIsTemp)
        run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_aside), QStringLiteral("cleaning up"));
    m_aside.clear();
    unlockAside();
    return {};
}

void PostgresWriter::abort()
{
    if (m_inCopy) {
        m_pg.abortCopyIn();
        m_inCopy = false;
    }
    m_buffer.clear();
    if (m_inTransaction) {
        m_pg.execParams("ROLLBACK");
        m_inTransaction = false;
    }
    if (!m_aside.isEmpty()) {
        m_pg.execParams(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_aside).toUtf8());
        m_aside.clear();
    }
    unlockAside();
}

} // namespace ferry
