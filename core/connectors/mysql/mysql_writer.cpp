#include "connectors/mysql/mysql_writer.h"

#include "connectors/mysql/mysql_source_reader.h"

#include <QMap>
#include <QSqlQuery>

namespace ferry {

namespace {

constexpr qsizetype kFlushBytes = 1 << 20;

// LOAD DATA's default format: tab-separated, backslash escapes, \N for NULL.
void appendEscaped(QByteArray &out, const QByteArray &value)
{
    for (const char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\0': out += "\\0"; break;
        default: out += c;
        }
    }
}

} // namespace

MySqlWriter::MySqlWriter(std::unique_ptr<DatabaseConnection> connection, const Destination &destination)
    : DestinationWriter(std::move(connection)), m_loader(destination)
{
    // Keys and text compare byte for byte, trailing spaces included: `abc`/`ABC`, `k`/`k ` and `resume`/`résumé`
    // are different rows. utf8mb4_bin pads (`k` = `k `), so the NO PAD binary collation is used where the server
    // has one (MariaDB 10.2+, MySQL 8).
    m_collation = QStringLiteral("utf8mb4_bin");
    Result<QSqlQuery> found = m_connection->select(
        QStringLiteral("SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN "
                       "('utf8mb4_nopad_bin', 'utf8mb4_0900_bin') ORDER BY COLLATION_NAME DESC"),
        QStringLiteral("choosing the collation"));
    if (found && found->next())
        m_collation = found->value(0).toString();
}

QString MySqlWriter::tableOptions() const
{
    return QStringLiteral("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=%1").arg(m_collation);
}

QString MySqlWriter::collationFix() const
{
    const SqlDialect &dialect = m_connection->dialect();
    QStringList clauses;
    for (const QString &column : m_collationColumns) {
        const int i = int(m_spec.columns.indexOf(column));
        const bool key = i == m_spec.primaryKeyIndex && !m_spec.appendOnly;
        clauses << QStringLiteral("MODIFY %1 %2 CHARACTER SET utf8mb4 COLLATE %3%4")
                       .arg(dialect.quote(column), dialect.nativeType(m_spec.types[i], key), m_collation,
                            key ? QStringLiteral(" NOT NULL") : QString());
    }
    if (clauses.isEmpty())
        return {};
    return clauses.join(QStringLiteral(", ")) + QStringLiteral(", DEFAULT CHARSET=utf8mb4 COLLATE=%1").arg(m_collation);
}

Result<QMap<QString, QString>> MySqlWriter::columnTypes(const QString &qualifiedTable)
{
    QSqlQuery query(m_connection->db());
    QMap<QString, QString> types;
    if (!query.exec(QStringLiteral("SHOW FULL COLUMNS FROM %1").arg(qualifiedTable)))
        return types; // no such table
    // The collation is part of the type: a table that compares text differently does not match.
    while (query.next()) {
        const QString collation = query.value(2).isNull() ? QString() : QStringLiteral(" collate ") + query.value(2).toString();
        types.insert(query.value(0).toString(), query.value(1).toString().toLower() + collation);
    }
    return types;
}

Result<QMap<QString, QString>> MySqlWriter::liveColumnTypes()
{
    Result<QMap<QString, QString>> live = columnTypes(liveTable());
    m_liveTypes = live ? *live : QMap<QString, QString>();
    m_collationColumns.clear();
    return live;
}

Result<QMap<QString, QString>> MySqlWriter::wantedColumnTypes()
{
    if (Status probe = run(QStringLiteral("CREATE TEMPORARY TABLE _ferry_probe (%1) %2").arg(columnDefinitions(false), tableOptions()),
                           QStringLiteral("checking the table's schema"));
        !probe)
        return probe.error();
    Result<QMap<QString, QString>> wanted = columnTypes(QStringLiteral("_ferry_probe"));
    run(QStringLiteral("DROP TEMPORARY TABLE _ferry_probe"), QStringLiteral("checking the table's schema"));
    if (!wanted)
        return wanted;
    // Same type, another collation: the column is converted before the next merge (see tableDdl()).
    auto collationOf = [](const QString &type) { return type.mid(type.indexOf(QStringLiteral(" collate "))); };
    for (auto column = wanted->cbegin(); column != wanted->cend(); ++column) {
        const QString live = m_liveTypes.value(column.key());
        if (live.contains(QStringLiteral(" collate ")) && column.value().contains(QStringLiteral(" collate ")) &&
            collationOf(live) != collationOf(column.value()))
            m_collationColumns << column.key();
    }
    return wanted;
}

QStringList MySqlWriter::tableDdl(const TableSpec &spec, const TableState &state) const
{
    const SqlDialect &dialect = m_connection->dialect();
    QStringList ddl;
    if (!spec.schema.isEmpty())
        ddl << QStringLiteral("CREATE DATABASE IF NOT EXISTS %1").arg(dialect.quote(spec.schema));
    if (!state.exists) {
        ddl << QStringLiteral("CREATE TABLE %1 (%2) %3").arg(liveTable(), columnDefinitions(true), tableOptions());
    } else {
        // A table made with another collation is converted in place (ALTER, not a rebuild: rows it already
        // folded together stay folded until a full refresh, but no more are).
        if (const QString fix = collationFix(); !fix.isEmpty())
            ddl << QStringLiteral("ALTER TABLE %1 %2").arg(liveTable(), fix);
        ddl << addColumnStatements(state);
    }
    ddl << QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (data_model_name VARCHAR(255) PRIMARY KEY, "
                          "transfer_last_updated_at DATETIME(6) NOT NULL, transfer_id VARCHAR(64), rows_transferred "
                          "BIGINT, most_recent_last_updated_at DATETIME(6)) %2")
               .arg(dialect.table(spec.schema, statusTable()), tableOptions());
    return ddl;
}

QStringList MySqlWriter::plannedDdl(const TableSpec &spec, const TableState &state, LoadMode mode)
{
    m_spec = spec;
    if (mode != LoadMode::Rebuild)
        return tableDdl(spec, state);
    const QString aside = m_connection->dialect().table(spec.schema, buildPrefix(spec.table) + QStringLiteral("_<transfer>"));
    if (state.exists && state.schemaMatches)
        return {QStringLiteral("CREATE TABLE %1 (%2) %3").arg(aside, columnDefinitions(true), tableOptions()),
                QStringLiteral("-- at the end, in one transaction: DELETE FROM %1; INSERT INTO %1 SELECT ... FROM %2")
                    .arg(liveTable(), aside)};
    return {QStringLiteral("CREATE TABLE %1 (%2) %3").arg(aside, columnDefinitions(true), tableOptions()),
            QStringLiteral("-- at the end: RENAME TABLE %1%2 TO %3").arg(state.exists ? liveTable() + QStringLiteral(" TO <old>, ") : QString(), aside, liveTable())};
}

Status MySqlWriter::prepare(const TableSpec &spec, const TableState &state, LoadMode mode, const QString &transferId)
{
    m_spec = spec;
    m_state = state;
    m_mode = mode;
    if (mode == LoadMode::Rebuild)
        m_collationColumns.clear(); // the live table is replaced, not converted
    if (Status prepared = prepareLiveTable(spec, state, mode); !prepared)
        return prepared;
    // Staging and aside tables are regular tables named after the transfer (the loader's own connection must see
    // them); a killed run's leftovers of this model are dropped first.
    const QString suffix = QLatin1Char('_') + transferId.left(8);
    const SqlDialect &dialect = m_connection->dialect();
    if (Status dropped = dropLeftovers(stagePrefix(spec.table)); !dropped)
        return dropped;
    m_stage = dialect.table(spec.schema, stagePrefix(spec.table) + suffix);
    if (mode != LoadMode::Rebuild)
        return {};
    if (Status dropped = dropLeftovers(buildPrefix(spec.table)); !dropped)
        return dropped;
    m_aside = dialect.table(spec.schema, buildPrefix(spec.table) + suffix);
    return run(QStringLiteral("CREATE TABLE %1 (%2) %3").arg(m_aside, columnDefinitions(true), tableOptions()),
               QStringLiteral("creating the table built aside"));
}

Status MySqlWriter::dropLeftovers(const QString &prefix)
{
    Result<QSqlQuery> leftovers = m_connection->select(
        QStringLiteral("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), "
                       "DATABASE()) AND TABLE_NAME LIKE ?"),
        QStringLiteral("looking for leftovers"), {m_spec.schema, QString(prefix + QStringLiteral("\\_%"))});
    if (!leftovers)
        return leftovers.error();
    QStringList names;
    while (leftovers->next())
        names << leftovers->value(0).toString();
    for (const QString &name : names) {
        if (Status dropped = run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_connection->dialect().table(m_spec.schema, name)),
                                 QStringLiteral("dropping a leftover of a stopped transfer"));
            !dropped)
            return dropped;
    }
    return {};
}

Status MySqlWriter::beginWindow(const TimeWindow &window)
{
    m_window = window;
    m_buffer.clear();
    m_windowRows = 0;
    // The table built aside is keyed: REPLACE keeps the last row loaded of a key (endWindow asks for ordered rows
    // if a key repeated while they came unordered).
    if (m_mode == LoadMode::Rebuild)
        return m_loader.start(m_aside, columnList(), !m_spec.appendOnly, m_spec.table);
    run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_stage), QStringLiteral("cleaning up"));
    // Unkeyed: every row read stays, and the merge keeps the latest of a repeated key.
    if (Status created = run(QStringLiteral("CREATE TABLE %1 (%2) %3").arg(m_stage, columnDefinitions(false), tableOptions()),
                             QStringLiteral("creating the staging table"));
        !created)
        return created;
    return m_loader.start(m_stage, columnList(), false, m_spec.table);
}

Status MySqlWriter::write(const RowBatch &batch)
{
    if (Status checked = checkValues(batch); !checked)
        return checked;
    for (qsizetype row = 0; row < batch.rowCount(); ++row) {
        for (int column = 0; column < batch.columnCount(); ++column) {
            if (column > 0)
                m_buffer += '\t';
            if (batch.isNull(row, column)) {
                m_buffer += "\\N";
                continue;
            }
            const QByteArray &value = batch.value(row, column);
            switch (m_spec.types[column]) {
            case LogicalType::Timestamp:
                m_buffer += MySqlSourceReader::datetimeText(value).toLatin1();
                break;
            case LogicalType::Boolean:
                m_buffer += value == "true" ? '1' : '0';
                break;
            default:
                appendEscaped(m_buffer, value);
            }
        }
        m_buffer += '\n';
    }
    m_windowRows += batch.rowCount();
    if (m_buffer.size() >= kFlushBytes)
        return flush();
    return {};
}

Status MySqlWriter::flush()
{
    Status written = m_loader.write(m_buffer);
    m_buffer.clear();
    return written;
}

QString MySqlWriter::mergeSql(const QString &from) const
{
    const SqlDialect &dialect = m_connection->dialect();
    if (m_spec.appendOnly)
        return QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %3").arg(liveTable(), columnList(), from);
    // Target columns are qualified: INSERT ... SELECT makes bare names ambiguous. MySQL applies assignments left to
    // right, so the last-modified column, which decides, is assigned last.
    const QString target = liveTable() + QLatin1Char('.');
    const QString lm = dialect.quote(m_spec.lastModified());
    const QString newer = QStringLiteral("(%1%2 IS NULL OR VALUES(%2) >= %1%2)").arg(target, lm);
    QStringList assignments;
    for (const QString &column : m_spec.columns) {
        if (column != m_spec.primaryKey() && column != m_spec.lastModified())
            assignments << QStringLiteral("%1%2 = IF(%3, VALUES(%2), %1%2)").arg(target, dialect.quote(column), newer);
    }
    assignments << QStringLiteral("%1%2 = IF(%3, VALUES(%2), %1%2)").arg(target, lm, newer);
    return QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %3 ON DUPLICATE KEY UPDATE %4")
        .arg(liveTable(), columnList(), from, assignments.join(QStringLiteral(", ")));
}

Status MySqlWriter::upsertStatus(const PublishInfo &info)
{
    return run(QStringLiteral("INSERT INTO %1 (data_model_name, transfer_last_updated_at, transfer_id, rows_transferred, "
                              "most_recent_last_updated_at) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                              "transfer_last_updated_at = VALUES(transfer_last_updated_at), transfer_id = "
                              "VALUES(transfer_id), rows_transferred = VALUES(rows_transferred), "
                              "most_recent_last_updated_at = VALUES(most_recent_last_updated_at)")
                   .arg(m_connection->dialect().table(m_spec.schema, statusTable())),
               QStringLiteral("writing _transfer_status"),
               {info.modelName, MySqlSourceReader::datetimeText(info.publishedAt), info.transferId, info.rowsTransferred,
                info.mostRecentLastUpdatedAt.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                                       : QVariant(MySqlSourceReader::datetimeText(info.mostRecentLastUpdatedAt))});
}

Status MySqlWriter::endWindow(const PublishInfo &info)
{
    if (Status flushed = flush(); !flushed)
        return flushed;
    Result<qint64> loaded = m_loader.finish();
    if (!loaded)
        return loaded.error();
    // REPLACE (a rebuild) counts a replaced row twice, so there only fewer rows than were written is a loss.
    const qint64 staged = m_mode == LoadMode::Rebuild && *loaded >= m_windowRows ? m_windowRows : *loaded;
    if (Status audited = auditStagedCount(staged, info); !audited)
        return audited;
    if (m_mode == LoadMode::Rebuild) {
        // REPLACE counts a replaced row twice. Rows in any order may have kept an older row of a repeated key.
        if (*loaded > m_windowRows && !m_rowsOrdered && !m_spec.appendOnly)
            return Error{QString::fromLatin1(kRowsOutOfOrderCode), QStringLiteral("Repeated key"),
                         QStringLiteral("%1 of the rows loaded into %2 repeat a key").arg(*loaded - m_windowRows).arg(m_spec.table),
                         QStringLiteral("the rows are read again in last-modified order"), Blame::Source};
        return {};
    }
    if (Status begun = run(QStringLiteral("START TRANSACTION"), QStringLiteral("starting the publish")); !begun)
        return begun;
    m_inTransaction = true;
    if (m_mode == LoadMode::Append) {
        const QString lm = m_connection->dialect().quote(m_spec.lastModified());
        if (Status cleared = run(QStringLiteral("DELETE FROM %1 WHERE %2 >= ? AND %2 < ?").arg(liveTable(), lm),
                                 QStringLiteral("replacing the window"),
                                 {MySqlSourceReader::datetimeText(m_window.start), MySqlSourceReader::datetimeText(m_window.end)});
            !cleared)
            return cleared;
    }
    if (Status merged = run(mergeSql(m_stage), QStringLiteral("publishing into %1").arg(m_spec.table)); !merged)
        return merged;
    if (Status exact = MySqlPipeLoader::checkWarnings(*m_connection, m_spec.table, QStringLiteral("publishing")); !exact)
        return exact;
    if (Status status = upsertStatus(info); !status)
        return status;
    if (Status committed = run(QStringLiteral("COMMIT"), QStringLiteral("committing the publish")); !committed)
        return committed;
    m_inTransaction = false;
    run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_stage), QStringLiteral("cleaning up"));
    return {};
}

Status MySqlWriter::finish(const PublishInfo &info)
{
    if (m_mode != LoadMode::Rebuild)
        return {};
    if (truncatePath()) {
        // DELETE, not TRUNCATE: TRUNCATE commits implicitly, and readers must never see the table empty.
        if (Status begun = run(QStringLiteral("START TRANSACTION"), QStringLiteral("starting the swap")); !begun)
            return begun;
        m_inTransaction = true;
        if (Status cleared = run(QStringLiteral("DELETE FROM %1").arg(liveTable()), QStringLiteral("emptying")); !cleared)
            return cleared;
        if (Status copied = run(QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %3").arg(liveTable(), columnList(), m_aside),
                                QStringLiteral("reloading %1").arg(m_spec.table));
            !copied)
            return copied;
        if (Status exact = MySqlPipeLoader::checkWarnings(*m_connection, m_spec.table, QStringLiteral("reloading")); !exact)
            return exact;
        if (Status status = upsertStatus(info); !status)
            return status;
        if (Status committed = run(QStringLiteral("COMMIT"), QStringLiteral("committing the swap")); !committed)
            return committed;
        m_inTransaction = false;
        run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_aside), QStringLiteral("cleaning up"));
    } else {
        // RENAME TABLE swaps both names atomically; DDL commits on its own, so the status row follows at once.
        const SqlDialect &dialect = m_connection->dialect();
        const QString old = dialect.table(m_spec.schema, buildPrefix(m_spec.table) + QStringLiteral("_old"));
        run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(old), QStringLiteral("cleaning up"));
        const QString rename = m_state.exists
                                   ? QStringLiteral("RENAME TABLE %1 TO %2, %3 TO %1").arg(liveTable(), old, m_aside)
                                   : QStringLiteral("RENAME TABLE %1 TO %2").arg(m_aside, liveTable());
        if (Status swapped = run(rename, QStringLiteral("swapping in the new table")); !swapped)
            return swapped;
        if (m_state.exists)
            run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(old), QStringLiteral("cleaning up"));
        if (Status status = upsertStatus(info); !status)
            return status;
    }
    m_aside.clear();
    return {};
}

void MySqlWriter::abort()
{
    m_loader.abort();
    m_buffer.clear();
    if (m_inTransaction) {
        run(QStringLiteral("ROLLBACK"), QStringLiteral("rolling back"));
        m_inTransaction = false;
    }
    if (!m_stage.isEmpty())
        run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_stage), QStringLiteral("cleaning up"));
    if (!m_aside.isEmpty()) {
        run(QStringLiteral("DROP TABLE IF EXISTS %1").arg(m_aside), QStringLiteral("cleaning up"));
        m_aside.clear();
    }
}

} // namespace ferry
