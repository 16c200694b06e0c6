#include "connectors/sqlite/sqlite_source_reader.h"

#include <sqlite3.h>

#include <QDeadlineTimer>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace ferry {

SqliteSourceReader::SqliteSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec)
    : SourceReader(std::move(connection), std::move(spec))
{
    // With SQLite's double-quoted string fallback a misspelt "column" is a string literal: the check passes and
    // every row reads the same invented value (or none matches the tenant). Without it, "no such column: x".
    if (sqlite3 *handle = m_connection->sqliteHandle())
        sqlite3_db_config(handle, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
}

QString SqliteSourceReader::statement() const
{
    // The cursor column is read as text, so CanonicalValue tells epoch milliseconds from seconds as the key does.
    const int lm = m_spec.lastModifiedIndex;
    const QString cursor = m_connection->dialect().quote(m_spec.columns[lm]);
    const QString key = SqliteInstant::key(cursor);
    const auto columnExpr = [&](int i) {
        const QString column = m_connection->dialect().quote(m_spec.columns[i]);
        return i == lm ? QStringLiteral("CAST(%1 AS TEXT)").arg(column) : column;
    };
    // The raw range is exact where the column's values order as their instants; elsewhere each instant is
    // compared, and a value SQLite cannot read as a time (an impossible date) is read, so it fails loudly instead
    // of falling between windows (see SqliteInstant::bounds).
    return selectSql({QStringLiteral("?"), QStringLiteral("?"), QStringLiteral("?")}, columnExpr) +
           QStringLiteral(" AND (? OR coalesce(%1 BETWEEN ? AND ?, 1))").arg(key) +
           orderBy(key);
}

Result<QVariantList> SqliteSourceReader::binds(const TimeWindow &window)
{
    if (!m_layout) {
        if (Status names = checkNames(); !names)
            return names.error();
        Result<SqliteInstant::Layout> layout = surveyCursor();
        if (!layout)
            return layout.error();
        m_layout = *layout;
    }
    QVariantList values;
    if (!m_spec.organizationColumn.isEmpty())
        values << m_spec.tenant;
    return values << SqliteInstant::bounds(*m_layout, window);
}

Status SqliteSourceReader::checkNames()
{
    // The constructor turns SQLite's double-quoted string fallback off only where Ferry reaches Qt's SQLite
    // handle; this holds with any SQLite build: a name the table lacks fails in SQLite's words before a statement
    // could read it as a string.
    const SqlDialect &dialect = m_connection->dialect();
    const QString table = dialect.quote(m_spec.table);
    const QString pragma = m_spec.schema.isEmpty()
                               ? QStringLiteral("PRAGMA table_xinfo(%1)").arg(table)
                               : QStringLiteral("PRAGMA %1.table_xinfo(%2)").arg(dialect.quote(m_spec.schema), table);
    const QString what = QStringLiteral("reading %1").arg(qualifiedTable());
    Result<QSqlQuery> info = m_connection->select(pragma, what);
    if (!info)
        return info.error();
    QSet<QString> names; // SQLite's names are case-insensitive
    while (info->next())
        names.insert(info->value(1).toString().toLower());
    if (names.isEmpty()) {
        const QString name = m_spec.schema.isEmpty() ? m_spec.table : m_spec.schema + QLatin1Char('.') + m_spec.table;
        return m_connection->queryError(what, QStringLiteral("no such table: %1").arg(name));
    }
    QStringList wanted = m_spec.columns;
    if (!m_spec.organizationColumn.isEmpty())
        wanted << m_spec.organizationColumn;
    for (const QString &column : wanted) {
        if (!names.contains(column.toLower()))
            return m_connection->queryError(what, QStringLiteral("no such column: %1").arg(column));
    }
    return {};
}

Result<SqliteInstant::Layout> SqliteSourceReader::surveyCursor()
{
    // Every value of the tenant, once per reader: a value of another form would sort outside every window and
    // never be read.
    const SqlDialect &dialect = m_connection->dialect();
    const QString column = m_spec.columns[m_spec.lastModifiedIndex];
    QString where = dialect.quote(column) + QStringLiteral(" IS NOT NULL");
    QVariantList binds;
    if (!m_spec.organizationColumn.isEmpty()) {
        where += QStringLiteral(" AND %1 = ?").arg(dialect.quote(m_spec.organizationColumn));
        binds << m_spec.tenant;
    }
    const QString what = QStringLiteral("surveying %1.%2").arg(qualifiedTable(), column);
    // Usually the smallest and largest values name a layout whose raw values order as instants, and a cheap pass
    // finds no value of another form; the full survey classifies the rest (and names the values it refuses).
    Result<QSqlQuery> extremes = m_connection->select(SqliteInstant::extremesSql(dialect.quote(column), qualifiedTable(), where),
                                                      what, binds + binds);
    if (!extremes)
        return extremes.error();
    if (extremes->next()) {
        if (const std::optional<SqliteInstant::Layout> candidate = SqliteInstant::candidate(extremes->value(0), extremes->value(1))) {
            Result<QSqlQuery> other = m_connection->select(
                SqliteInstant::mismatchSql(*candidate, dialect.quote(column), qualifiedTable(), where), what, binds);
            if (!other)
                return other.error();
            if (!other->next()) {
                if (other->lastError().isValid())
                    return m_connection->queryError(what, other->lastError().text());
                return *candidate;
            }
        }
    }
    Result<QSqlQuery> survey = m_connection->select(SqliteInstant::surveySql(dialect.quote(column), qualifiedTable(), where),
                                                    what, binds);
    if (!survey)
        return survey.error();
    QString problem;
    const std::optional<SqliteInstant::Layout> layout = SqliteInstant::layout(*survey, &problem);
    if (survey->lastError().isValid())
        return m_connection->queryError(what, survey->lastError().text());
    if (!layout) {
        return Error{QStringLiteral("FERRY-SRC-CURSOR"), QStringLiteral("Cursor column cannot be ordered"),
                     QStringLiteral("table %1, last-modified column \"%2\" %3").arg(qualifiedTable(), column, problem),
                     QStringLiteral("store one form per column: SQLite's datetime() text (YYYY-MM-DD HH:MM:SS[.ffffff]), "
                                    "ISO 8601 with Z or +HH:MM, or integer epoch seconds or milliseconds"),
                     Blame::Source};
    }
    return *layout;
}

Status SqliteSourceReader::read(const TimeWindow &window, const BatchSink &sink)
{
    // SQLite has no statement timeout: its progress handler, run every few thousand steps of this connection's
    // statements (the cursor survey's too), interrupts them once the deadline passed.
    QDeadlineTimer deadline(qint64(m_spec.statementTimeoutSeconds) * 1000);
    struct ProgressHandler
    {
        sqlite3 *handle = nullptr;
        ~ProgressHandler()
        {
            if (handle)
                sqlite3_progress_handler(handle, 0, nullptr, nullptr);
        }
    } timeout;
    if (m_spec.statementTimeoutSeconds > 0 && (timeout.handle = m_connection->sqliteHandle())) {
        sqlite3_progress_handler(timeout.handle, 1000, [](void *timer) {
            return static_cast<QDeadlineTimer *>(timer)->hasExpired() ? 1 : 0;
        }, &deadline);
    }
    QSqlQuery query(m_connection->db());
    query.setForwardOnly(true);
    query.setNumericalPrecisionPolicy(QSql::HighPrecision);
    const QString what = QStringLiteral("reading %1").arg(qualifiedTable());
    // A statement that does not prepare (a missing table, say) says so in SQLite's words, not in the bind error
    // Qt gives for a statement it could not prepare.
    if (!query.prepare(statement()))
        return m_connection->queryError(what, query.lastError().text());
    Result<QVariantList> values = binds(window);
    if (!values)
        return values.error();
    for (const QVariant &value : *values)
        query.addBindValue(value);
    if (!query.exec())
        return m_connection->queryError(what, query.lastError().text());
    RowBatch batch(int(m_spec.columns.size()));
    int batchesSent = 0;
    while (query.next()) {
        if (Status appended = appendRow(query, batch); !appended)
            return appended;
        if (batch.rowCount() >= SourceQuerySpec::kBatchRows
            || batch.byteCount() >= SourceQuerySpec::batchBytesLimit(batchesSent)) {
            if (!sink(batch))
                return {};
            ++batchesSent;
            batch.clear();
        }
    }
    // next() is false at the end and on a failed step (a corrupt page, an interrupt, SQLITE_BUSY): only the end
    // completes the window.
    if (query.lastError().isValid())
        return m_connection->queryError(what, query.lastError().text());
    if (!batch.isEmpty())
        sink(batch);
    return {};
}

Result<qint64> SqliteSourceReader::estimateRows(const TimeWindow &window)
{
    const QString sql = statement();
    const QString count = QStringLiteral("SELECT COUNT(*) FROM (") + sql + QLatin1Char(')');
    Result<QVariantList> values = binds(window);
    if (!values)
        return values.error();
    Result<QSqlQuery> query = m_connection->select(count, QStringLiteral("counting rows"), *values);
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : 0;
}

QStringList SqliteSourceReader::cursorLint()
{
    QStringList warnings;
    const SqlDialect &dialect = m_connection->dialect();
    const QString lm = m_spec.columns[m_spec.lastModifiedIndex];
    Result<QSqlQuery> info = m_connection->select(QStringLiteral("PRAGMA table_info(%1)").arg(dialect.quote(m_spec.table)),
                                                  QStringLiteral("inspecting the table"));
    while (info && info->next()) {
        if (info->value(1).toString() == lm && info->value(3).toInt() == 0)
            warnings << QStringLiteral("%1.%2 is nullable; rows with NULL are never delivered. Fix: declare it NOT NULL")
                            .arg(qualifiedTable(), lm);
    }
    const QStringList wanted = m_spec.organizationColumn.isEmpty() ? QStringList{lm}
                                                                   : QStringList{m_spec.organizationColumn, lm};
    bool indexed = false;
    Result<QSqlQuery> indexes = m_connection->select(
        QStringLiteral("PRAGMA index_list(%1)").arg(dialect.quote(m_spec.table)), QStringLiteral("inspecting indexes"));
    QStringList names;
    while (indexes && indexes->next())
        names << indexes->value(1).toString();
    for (const QString &name : names) {
        Result<QSqlQuery> columns = m_connection->select(QStringLiteral("PRAGMA index_info(%1)").arg(dialect.quote(name)),
                                                         QStringLiteral("inspecting an index"));
        QStringList leading;
        while (columns && columns->next())
            leading << columns->value(2).toString();
        indexed = indexed || leading.mid(0, wanted.size()) == wanted;
    }
    if (!indexed)
        warnings << QStringLiteral("%1 has no index starting with (%2); every window scans the table. Fix: CREATE "
                                   "INDEX ... ON %1 (%2)").arg(qualifiedTable(), wanted.join(QStringLiteral(", ")));
    return warnings;
}

} // namespace ferry
