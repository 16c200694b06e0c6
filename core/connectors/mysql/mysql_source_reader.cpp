#include "connectors/mysql/mysql_source_reader.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace ferry {

MySqlSourceReader::MySqlSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec)
    : SourceReader(std::move(connection), std::move(spec))
{
}

QString MySqlSourceReader::datetimeText(const QByteArray &canonical)
{
    return QString::fromLatin1(canonical.left(10) + ' ' + canonical.mid(11, 15));
}

QString MySqlSourceReader::tenantPredicate(const QString &placeholder) const
{
    const QString column = m_connection->dialect().quote(m_spec.organizationColumn);
    return QStringLiteral("%1 = %2 AND CAST(%1 AS BINARY) = CAST(%2 AS BINARY)").arg(column, placeholder);
}

QString MySqlSourceReader::pageSql(bool first, int limit) const
{
    const SqlDialect &dialect = m_connection->dialect();
    // Timestamps and dates come back as text: Qt would turn them into local-time QDateTimes with milliseconds.
    QString sql = selectSql({QStringLiteral("?"), QStringLiteral("?"), QStringLiteral("?")}, [&](int i) {
        const LogicalType type = m_spec.types[i];
        const QString name = dialect.quote(m_spec.columns[i]);
        if (type == LogicalType::Timestamp || type == LogicalType::Date)
            return QStringLiteral("CAST(%1 AS CHAR)").arg(name);
        return name;
    });
    // MariaDB stops the statement itself past the timeout (SET STATEMENT: nothing outlives it on the session).
    if (m_spec.statementTimeoutSeconds > 0)
        sql.prepend(QStringLiteral("SET STATEMENT max_statement_time = %1 FOR ").arg(m_spec.statementTimeoutSeconds));
    if (m_spec.limit > 0)
        return sql + orderBy(); // a preview: one page, newest first
    const QString lm = dialect.quote(m_spec.columns[m_spec.lastModifiedIndex]);
    const QString pk = dialect.quote(m_spec.columns[m_spec.primaryKeyIndex]);
    if (!first)
        sql += QStringLiteral(" AND (%1 > ? OR (%1 = ? AND %2 > ?))").arg(lm, pk);
    return sql + QStringLiteral(" ORDER BY %1, %2 LIMIT %3").arg(lm, pk).arg(limit);
}

QString MySqlSourceReader::statement() const
{
    return pageSql(true, SourceQuerySpec::kBatchRows);
}

QVariantList MySqlSourceReader::baseBinds(const TimeWindow &window) const
{
    QVariantList binds;
    if (!m_spec.organizationColumn.isEmpty())
        binds << m_spec.tenant << m_spec.tenant; // see tenantPredicate()
    binds << datetimeText(window.start) << datetimeText(window.end);
    return binds;
}

Status MySqlSourceReader::read(const TimeWindow &window, const BatchSink &sink)
{
    RowBatch batch(int(m_spec.columns.size()));
    QVariant lastLm, lastPk;
    int limit = m_spec.limit > 0 ? m_spec.limit : kFirstPageRows;
    for (bool first = true;; first = false) {
        QVariantList binds = baseBinds(window);
        if (!first)
            binds << lastLm << lastLm << lastPk;
        QSqlQuery query(m_connection->db());
        query.setForwardOnly(true);
        query.setNumericalPrecisionPolicy(QSql::HighPrecision);
        query.prepare(pageSql(first, limit));
        for (const QVariant &value : binds)
            query.addBindValue(value);
        if (!query.exec())
            return m_connection->queryError(QStringLiteral("reading %1").arg(qualifiedTable()), query.lastError().text());
        qint64 rows = 0;
        while (query.next()) {
            if (Status appended = appendRow(query, batch); !appended)
                return appended;
            lastLm = query.value(m_spec.lastModifiedIndex);
            lastPk = query.value(m_spec.primaryKeyIndex);
            ++rows;
        }
        // A failed fetch also ends next(): it is an error, never the end of the window.
        if (query.lastError().isValid())
            return m_connection->queryError(QStringLiteral("reading %1").arg(qualifiedTable()), query.lastError().text());
        const qint64 bytes = batch.byteCount();
        if (!batch.isEmpty() && !sink(batch))
            return {};
        batch.clear();
        if (rows < limit || m_spec.limit > 0)
            return {};
        // The next page holds about kPageBytes at the width these rows had, and grows at most eightfold: a
        // first page of unknown width stays small.
        const qint64 fits = kPageBytes * rows / qMax(qint64(1), bytes);
        limit = int(qBound(qint64(16), qMin(fits, qint64(limit) * 8), qint64(SourceQuerySpec::kBatchRows)));
    }
}

Result<qint64> MySqlSourceReader::estimateRows(const TimeWindow &window)
{
    const QString lm = m_connection->dialect().quote(m_spec.columns[m_spec.lastModifiedIndex]);
    QString sql = QStringLiteral("SELECT COUNT(*) FROM %1 WHERE ").arg(qualifiedTable());
    if (!m_spec.organizationColumn.isEmpty())
        sql += tenantPredicate(QStringLiteral("?")) + QStringLiteral(" AND ");
    sql += QStringLiteral("%1 >= ? AND %1 < ?").arg(lm);
    Result<QSqlQuery> query = m_connection->select(sql, QStringLiteral("counting rows"), baseBinds(window));
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : 0;
}

QStringList MySqlSourceReader::cursorLint()
{
    QStringList warnings;
    const QString lm = m_spec.columns[m_spec.lastModifiedIndex];
    Result<QSqlQuery> column = m_connection->select(
        QStringLiteral("SELECT DATA_TYPE, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                       "COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = ?"),
        QStringLiteral("inspecting the cursor column"), {m_spec.schema, m_spec.table, lm});
    if (column && column->next()) {
        if (column->value(0).toString() == QLatin1String("datetime"))
            warnings << QStringLiteral("%1.%2 is a DATETIME (no time zone); Ferry reads it as UTC. Fix: store UTC "
                                       "values, or use TIMESTAMP").arg(qualifiedTable(), lm);
        if (column->value(1).toString() == QLatin1String("YES"))
            warnings << QStringLiteral("%1.%2 is nullable; rows with NULL are never delivered. Fix: ALTER TABLE %1 "
                                       "MODIFY %2 ... NOT NULL").arg(qualifiedTable(), lm);
    }
    Result<QSqlQuery> index = m_connection->select(
        QStringLiteral("SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM "
                       "information_schema.STATISTICS WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND "
                       "TABLE_NAME = ? AND SEQ_IN_INDEX <= 2 GROUP BY INDEX_NAME"),
        QStringLiteral("inspecting indexes"), {m_spec.schema, m_spec.table});
    const QString wanted = m_spec.organizationColumn.isEmpty() ? lm : m_spec.organizationColumn + QLatin1Char(',') + lm;
    bool indexed = false;
    while (index && index->next())
        indexed = indexed || index->value(1).toString().startsWith(wanted);
    if (!indexed)
        warnings << QStringLiteral("%1 has no index starting with (%2); every window scans the table. Fix: CREATE "
                                   "INDEX ... ON %1 (%2)").arg(qualifiedTable(), wanted.split(QLatin1Char(',')).join(QStringLiteral(", ")));
    return warnings;
}

} // namespace ferry
