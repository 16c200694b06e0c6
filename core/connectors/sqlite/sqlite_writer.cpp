#include "connectors/sqlite/sqlite_writer.h"

#include <QMap>
#include <QSqlError>

namespace ferry {

SqliteWriter::SqliteWriter(std::unique_ptr<DatabaseConnection> connection) : DestinationWriter(std::move(connection))
{
    run(QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("setting up the session"));
    // SQLite's default page cache (2 MB) cannot hold the primary key's index of a large table: every insert of a
    // random key then reads and spills pages through the WAL, and a backfill of a million rows took 40% longer.
    // The cache grows only as pages are used, up to this bound.
    run(QStringLiteral("PRAGMA cache_size = -%1").arg(kPageCacheKiB), QStringLiteral("setting up the session"));
}

Result<QMap<QString, QString>> SqliteWriter::columnTypes(const QString &table, const QString &schema)
{
    Result<QSqlQuery> query = m_connection->select(
        QStringLiteral("PRAGMA %1.table_info(%2)").arg(schema, m_connection->dialect().quote(table)),
        QStringLiteral("inspecting %1").arg(table));
    if (!query)
        return query.error();
    QMap<QString, QString> types;
    while (query->next())
        types.insert(query->value(1).toString(), query->value(2).toString().toUpper());
    return types;
}

Result<QMap<QString, QString>> SqliteWriter::liveColumnTypes()
{
    return columnTypes(m_spec.table);
}

Result<QMap<QString, QString>> SqliteWriter::wantedColumnTypes()
{
    // SQLite keeps the declared type as written: the dialect's own spelling is the catalog's.
    QMap<QString, QString> wanted;
    for (int i = 0; i < m_spec.columns.size(); ++i)
        wanted.insert(m_spec.columns[i], m_connection->dialect().nativeType(m_spec.types[i], i == m_spec.primaryKeyIndex).toUpper());
    return wanted;
}

QStringList SqliteWriter::tableDdl(const TableSpec &, const TableState &state) const
{
    const SqlDialect &dialect = m_connection->dialect();
    QStringList ddl;
    if (!state.exists) {
        ddl << QStringLiteral("CREATE TABLE %1 (%2)").arg(liveTable(), columnDefinitions(true));
    } else {
        ddl << addColumnStatements(state);
    }
    ddl << QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (data_model_name TEXT PRIMARY KEY, transfer_last_updated_at "
                          "TEXT NOT NULL, transfer_id TEXT, rows_transferred INTEGER, most_recent_last_updated_at TEXT)")
               .arg(dialect.quote(statusTable()));
    return ddl;
}

QStringList SqliteWriter::plannedDdl(const TableSpec &spec, const TableState &state, LoadMode mode)
{
    m_spec = spec;
    if (mode != LoadMode::Rebuild)
        return tableDdl(spec, state);
    QStringList ddl{QStringLiteral("BEGIN IMMEDIATE -- one transaction for the whole refresh")};
    if (state.exists && state.schemaMatches) {
        ddl << QStringLiteral("DELETE FROM %1").arg(liveTable());
    } else {
        if (state.exists)
            ddl << QStringLiteral("DROP TABLE %1").arg(liveTable());
        ddl << QStringLiteral("CREATE TABLE %1 (%2)").arg(liveTable(), columnDefinitions(true));
    }
    return ddl;
}

Status SqliteWriter::begin()
{
    if (Status begun = run(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("starting the publish transaction")); !begun)
        return begun;
    m_inTransaction = true;
    return {};
}

Status SqliteWriter::commit()
{
    if (Status committed = run(QStringLiteral("COMMIT"), QStringLiteral("committing the publish")); !committed)
        return committed;
    m_inTransaction = false;
    return {};
}

Status SqliteWriter::prepare(const TableSpec &spec, const TableState &state, LoadMode mode, const QString &transferId)
{
    Q_UNUSED(transferId)
    m_spec = spec;
    m_state = state;
    m_mode = mode;
    if (Status prepared = prepareLiveTable(spec, state, mode); !prepared)
        return prepared;
    if (mode == LoadMode::Rebuild) {
        if (Status begun = begin(); !begun)
            return begun;
        QStringList ddl = plannedDdl(spec, state, mode);
        ddl.removeFirst();
        for (const QString &statement : ddl) {
            if (Status done = run(statement, QStringLiteral("rebuilding table %1").arg(spec.table)); !done)
                return done;
        }
    }
    const SqlDialect &dialect = m_connection->dialect();
    QStringList placeholders, assignments;
    for (const QString &column : spec.columns) {
        placeholders << QStringLiteral("?");
        if (column != spec.primaryKey())
            assignments << QStringLiteral("%1 = excluded.%1").arg(dialect.quote(column));
    }
    QString sql = QStringLiteral("INSERT INTO %1 AS t (%2) VALUES (%3)").arg(liveTable(), columnList(), placeholders.join(QLatin1Char(',')));
    if (!spec.appendOnly) {
        const QString lm = dialect.quote(spec.lastModified());
        // The latest last-modified wins; an older row never overwrites a newer one.
        sql += QStringLiteral(" ON CONFLICT (%1) DO UPDATE SET %2 WHERE t.%3 IS NULL OR excluded.%3 >= t.%3")
                   .arg(dialect.quote(spec.primaryKey()), assignments.join(QStringLiteral(", ")), lm);
    }
    sqlite3 *handle = m_connection->sqliteHandle();
    if (!handle)
        return Error{QStringLiteral("FERRY-ENGINE"), QStringLiteral("SQLite library mismatch"),
                     QStringLiteral("Qt's SQLite driver does not run the SQLite library Ferry was built with"),
                     QStringLiteral("build Ferry against the SQLite that Qt's QSQLITE plugin links (Debian: libsqlite3-dev)"),
                     Blame::Ferry};
    m_insert = std::make_unique<SqliteStatement>();
    if (!m_insert->prepare(handle, sql))
        return m_connection->queryError(QStringLiteral("preparing the insert"), m_insert->errorMessage());
    return {};
}

Status SqliteWriter::beginWindow(const TimeWindow &window)
{
    m_window = window;
    m_windowStaged = 0;
    if (m_mode == LoadMode::Rebuild)
        return {};
    if (Status begun = begin(); !begun)
        return begun;
    if (m_mode == LoadMode::Append) {
        const QString lm = m_connection->dialect().quote(m_spec.lastModified());
        return run(QStringLiteral("DELETE FROM %1 WHERE %2 >= ? AND %2 < ?").arg(liveTable(), lm),
                   QStringLiteral("replacing the window"),
                   {QString::fromLatin1(window.start), QString::fromLatin1(window.end)});
    }
    return {};
}

Status SqliteWriter::write(const RowBatch &batch)
{
    // Checked first: SQLite's type affinity would store 'n/a' in an INTEGER column, and a failed toLongLong() 0.
    if (Status checked = checkValues(batch); !checked)
        return checked;
    // Canonical values are UTF-8 text: numbers and booleans go in as SQLite numbers, bytes as blobs, the rest
    // (decimals, dates, RFC 3339 UTC timestamps, JSON) as text.
    for (qsizetype row = 0; row < batch.rowCount(); ++row) {
        for (int column = 0; column < batch.columnCount(); ++column) {
            if (batch.isNull(row, column)) {
                m_insert->bindNull(column);
                continue;
            }
            const QByteArray &value = batch.value(row, column);
            switch (m_spec.types[column]) {
            case LogicalType::Bytes:
                m_insert->bindBlob(column, value);
                break;
            case LogicalType::Boolean:
                m_insert->bindInt64(column, value == "true" ? 1 : 0);
                break;
            case LogicalType::Integer:
            case LogicalType::BigInt:
                m_insert->bindInt64(column, value.toLongLong());
                break;
            case LogicalType::Float:
                m_insert->bindDouble(column, value.toDouble());
                break;
            default:
                m_insert->bindText(column, value);
                break;
            }
        }
        if (!m_insert->execute())
            return m_connection->queryError(QStringLiteral("writing rows into %1").arg(m_spec.table), m_insert->errorMessage());
        ++m_windowStaged;
    }
    return {};
}

Status SqliteWriter::upsertStatus(const PublishInfo &info)
{
    return run(QStringLiteral("INSERT INTO %1 (data_model_name, transfer_last_updated_at, transfer_id, rows_transferred, "
                              "most_recent_last_updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (data_model_name) DO UPDATE "
                              "SET transfer_last_updated_at = excluded.transfer_last_updated_at, transfer_id = "
                              "excluded.transfer_id, rows_transferred = excluded.rows_transferred, "
                              "most_recent_last_updated_at = excluded.most_recent_last_updated_at")
                   .arg(m_connection->dialect().quote(statusTable())),
               QStringLiteral("writing _transfer_status"),
               {info.modelName, QString::fromLatin1(info.publishedAt), info.transferId, info.rowsTransferred,
                info.mostRecentLastUpdatedAt.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                                       : QVariant(QString::fromLatin1(info.mostRecentLastUpdatedAt))});
}

Status SqliteWriter::endWindow(const PublishInfo &info)
{
    if (Status audited = auditStagedCount(m_windowStaged, info); !audited)
        return audited;
    if (m_mode == LoadMode::Rebuild)
        return {};
    if (Status status = upsertStatus(info); !status)
        return status;
    return commit();
}

Status SqliteWriter::finish(const PublishInfo &info)
{
    if (m_mode != LoadMode::Rebuild)
        return {};
    if (Status status = upsertStatus(info); !status)
        return status;
    return commit();
}

void SqliteWriter::abort()
{
    m_insert.reset();
    if (m_inTransaction) {
        run(QStringLiteral("ROLLBACK"), QStringLiteral("rolling back"));
        m_inTransaction = false;
    }
}

} // namespace ferry
