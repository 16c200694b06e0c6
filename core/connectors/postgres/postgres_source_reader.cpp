#include "connectors/postgres/postgres_source_reader.h"

#include "connectors/postgres/pg_session.h"
#include "rows/canonical_value.h"

#include <cstring>

namespace ferry {

namespace {

const QStringList kSettingPlaceholders = {
    QStringLiteral("current_setting('ferry.tenant')"),
    QStringLiteral("current_setting('ferry.window_start')::timestamptz"),
    QStringLiteral("current_setting('ferry.window_end')::timestamptz"),
};

// Undoes COPY text escaping in place: \\ \t \n \r \b \f \v and octal.
void unescape(QByteArray &field)
{
    if (!field.contains('\\'))
        return;
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        char c = field[i];
        if (c != '\\' || i + 1 >= field.size()) {
            out += c;
            continue;
        }
        c = field[++i];
        switch (c) {
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        default:
            if (c >= '0' && c <= '7') {
                int value = c - '0';
                for (int k = 0; k < 2 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7'; ++k)
                    value = value * 8 + (field[++i] - '0');
                out += char(value);
            } else {
                out += c;
            }
        }
    }
    field = std::move(out);
}

// A COPY text field as the audit wants it: NULL, or the value unescaped.
void appendTenantField(RowBatch &batch, QByteArrayView field)
{
    if (field.size() == 2 && field[0] == '\\' && field[1] == 'N') {
        batch.appendNullTenant();
    } else if (field.contains('\\')) {
        QByteArray value = field.toByteArray();
        unescape(value);
        batch.appendTenant(value);
    } else {
        batch.appendTenant(field);
    }
}

} // namespace

PostgresSourceReader::PostgresSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec)
    : SourceReader(std::move(connection), std::move(spec))
{
}

QString PostgresSourceReader::statement() const
{
    return selectSql({QStringLiteral("$1"), QStringLiteral("$2"), QStringLiteral("$3")}) + orderBy();
}

QString PostgresSourceReader::copySql() const
{
    return QStringLiteral("COPY (") + selectSql(kSettingPlaceholders) + orderBy() + QStringLiteral(") TO STDOUT");
}

QByteArray PostgresSourceReader::beginSql(const TimeWindow &window) const
{
    // Everything the COPY depends on travels in its transaction: SET LOCAL and set_config(..., true) end with it.
    // A transaction-pooling proxy (PgBouncer, RDS Proxy, Odyssey) keeps one server session for a transaction, but
    // may run consecutive statements outside one on different sessions, with another client's settings.
    PgSession pg(m_connection->postgresHandle());
    QByteArray sql = "BEGIN READ ONLY; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO'; "
                     "SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'; ";
    if (m_sequentialScan)
        sql += "SET LOCAL enable_bitmapscan = off; ";
    sql += "SELECT set_config('ferry.tenant', " + pg.literal(m_spec.tenant.toUtf8()) + ", true), set_config('ferry.window_start', " +
           pg.literal(window.start) + ", true), set_config('ferry.window_end', " + pg.literal(window.end) + ", true)";
    return sql;
}

Status PostgresSourceReader::choosePlan()
{
    // With the tenant unknown at plan time PostgreSQL guesses a small share and picks a bitmap scan, which is
    // 2-3x slower than a sequential scan for a big tenant. Ask for the estimate with the real value and, past a
    // fifth of the table, let the planner read sequentially (the sort is cheaper than random reads).
    const Result<qint64> rows = estimateRows({QByteArray("-infinity"), QByteArray("infinity")});
    bool sequential = false;
    if (rows) {
        QString error;
        const QList<QByteArray> total = PgSession(m_connection->postgresHandle())
                                            .column("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)",
                                                    {qualifiedTable().toUtf8()}, &error);
        const qint64 tableRows = total.isEmpty() ? 0 : total.first().toLongLong();
        sequential = tableRows > 0 && *rows * 5 > tableRows;
    }
    m_sequentialScan = sequential;
    return {};
}

Status PostgresSourceReader::read(const TimeWindow &window, const BatchSink &sink)
{
    if (m_spec.largeRead && !m_planChosen && !m_spec.organizationColumn.isEmpty()) {
        choosePlan();
        m_planChosen = true;
    }
    PgSession pg(m_connection->postgresHandle());
    // Ends the read transaction on every way out (after a failure, a cancelled COPY, or a sink that stopped).
    struct Transaction
    {
        PgSession &pg;
        bool open;
        ~Transaction()
        {
            if (open)
                pg.execScript("ROLLBACK");
        }
    } transaction{pg, true};
    if (const QString error = pg.execScript(beginSql(window)); !error.isEmpty())
        return m_connection->queryError(QStringLiteral("binding the window"), error);
    if (const QString error = pg.beginCopyOut(copySql().toUtf8()); !error.isEmpty())
        return m_connection->queryError(QStringLiteral("reading %1").arg(qualifiedTable()), error);

    const int columns = int(m_spec.columns.size());
    RowBatch batch(columns);
    // Room for a whole batch up front: a buffer grown by doubling would hold up to twice the batch in memory.
    auto reserve = [&] {
        if (m_spec.copyTextPassThrough)
            batch.reserveCopyText(SourceQuerySpec::kBatchBytes + 64 * 1024, SourceQuerySpec::kBatchRows);
        else
            batch.reserveRows(SourceQuerySpec::kBatchRows);
    };
    reserve();
    int batchesSent = 0;
    QString conversionError;
    const char *row = nullptr;
    int size;
    const int lastModified = m_spec.lastModifiedIndex;
    const bool audited = !m_spec.organizationColumn.isEmpty();
    while ((size = pg.nextCopyRow(&row)) > 0) {
        const char *p = row;
        const char *end = row + size;
        if (end > p && end[-1] == '\n')
            --end;
        if (audited) {
            // The organization column is the last field: it goes to the audit, not to the destination.
            const char *tab = static_cast<const char *>(memrchr(p, '\t', size_t(end - p)));
            if (!tab) {
                pg.cancelCopyOut();
                return valueError(QStringLiteral("a row without its organization column"));
            }
            appendTenantField(batch, QByteArrayView(tab + 1, end - tab - 1));
            end = tab;
        }
        if (m_spec.copyTextPassThrough) {
            // Only the last-modified field is parsed; the line goes on as it came.
            const char *field = p;
            for (int column = 0; column < lastModified && field < end; ++column) {
                while (field < end && *field != '\t')
                    ++field;
                ++field;
            }
            const char *fieldEnd = field;
            while (fieldEnd < end && *fieldEnd != '\t')
                ++fieldEnd;
            QByteArray value;
            if (!(fieldEnd - field == 2 && field[0] == '\\' && field[1] == 'N')) {
                std::optional<QByteArray> parsed = CanonicalValue::fromPostgresText(
                    QByteArrayView(field, fieldEnd - field), LogicalType::Timestamp, &conversionError);
                if (!conversionError.isEmpty()) {
                    pg.cancelCopyOut();
                    return valueError(QStringLiteral("column \"%1\": %2").arg(m_spec.columns[lastModified], conversionError));
                }
                value = std::move(*parsed);
            }
            batch.appendCopyLine(row, end - row, value);
        } else {
        for (int column = 0; column < columns; ++column) {
            const char *fieldEnd = p;
            while (fieldEnd < end && *fieldEnd != '\t')
                ++fieldEnd;
            if (fieldEnd - p == 2 && p[0] == '\\' && p[1] == 'N') {
                batch.appendNull();
            } else {
                QByteArray field(p, fieldEnd - p);
                unescape(field);
                const LogicalType type = m_spec.types[column];
                if (type == LogicalType::Timestamp || type == LogicalType::Boolean || type == LogicalType::Bytes) {
                    std::optional<QByteArray> value = CanonicalValue::fromPostgresText(field, type, &conversionError);
                    if (!conversionError.isEmpty()) {
                        pg.cancelCopyOut();
                        return valueError(QStringLiteral("column \"%1\": %2").arg(m_spec.columns[column], conversionError));
                    }
                    batch.append(std::move(*value));
                } else {
                    batch.append(std::move(field));
                }
            }
            p = fieldEnd < end ? fieldEnd + 1 : end;
        }
        }
        if (batch.rowCount() >= SourceQuerySpec::kBatchRows
            || batch.byteCount() >= SourceQuerySpec::batchBytesLimit(batchesSent)) {
            if (!sink(batch)) {
                pg.cancelCopyOut();
                return {};
            }
            ++batchesSent;
            batch.clear();
            reserve();
        }
    }
    QString error = size < 0 ? QStringLiteral("the connection failed while reading") : pg.endCopyOut();
    if (error.isEmpty()) {
        transaction.open = false;
        error = pg.execScript("COMMIT");
    }
    if (!error.isEmpty())
        return m_connection->queryError(QStringLiteral("reading %1").arg(qualifiedTable()), error);
    if (!batch.isEmpty())
        sink(batch);
    return {};
}

Result<qint64> PostgresSourceReader::estimateRows(const TimeWindow &window)
{
    // The planner's estimate for the real values. A schema-tenanted statement has no tenant to bind: its window
    // bounds are then $1 and $2.
    const bool tenanted = !m_spec.organizationColumn.isEmpty();
    QList<QByteArray> params;
    if (tenanted)
        params << m_spec.tenant.toUtf8();
    params << window.start << window.end;
    const int first = tenanted ? 2 : 1;
    PgSession pg(m_connection->postgresHandle());
    QString error;
    const QList<QByteArray> plan = pg.column(
        QStringLiteral("EXPLAIN (FORMAT JSON) %1")
            .arg(selectSql({QStringLiteral("$1"), QStringLiteral("$%1::timestamptz").arg(first),
                            QStringLiteral("$%1::timestamptz").arg(first + 1)}))
            .toUtf8(),
        params, &error);
    if (!error.isEmpty())
        return m_connection->queryError(QStringLiteral("estimating rows of %1").arg(qualifiedTable()), error);
    const QByteArray json = plan.value(0);
    const qsizetype at = json.indexOf("\"Plan Rows\":");
    return at < 0 ? 0 : json.mid(at + 12, 24).trimmed().split(',').value(0).toLongLong();
}

QStringList PostgresSourceReader::cursorLint()
{
    QStringList warnings;
    PgSession pg(m_connection->postgresHandle());
    QString error;
    const QByteArray table = qualifiedTable().toUtf8();
    const QByteArray lm = m_spec.columns[m_spec.lastModifiedIndex].toUtf8();
    const QList<QByteArray> info = pg.column(
        "SELECT format_type(atttypid, atttypmod) || '|' || attnotnull::text FROM pg_attribute "
        "WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped",
        {table, lm}, &error);
    if (!info.isEmpty()) {
        const QList<QByteArray> parts = info.first().split('|');
        if (parts.value(0) == "timestamp without time zone")
            warnings << QStringLiteral("%1.%2 is a timestamp without time zone; Ferry reads it as UTC. Fix: ALTER "
                                       "TABLE %1 ALTER COLUMN %2 TYPE timestamptz USING %2 AT TIME ZONE 'UTC'")
                            .arg(qualifiedTable(), QString::fromUtf8(lm));
        if (parts.value(1) == "false")
            warnings << QStringLiteral("%1.%2 is nullable; rows with NULL are never delivered. Fix: ALTER TABLE %1 "
                                       "ALTER COLUMN %2 SET NOT NULL")
                            .arg(qualifiedTable(), QString::fromUtf8(lm));
    }
    // An index whose leading columns are (organization column, last-modified column) serves every window read.
    const QList<QByteArray> indexes = pg.column(
        "SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM pg_index i "
        "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
        "WHERE i.indrelid = to_regclass($1) AND k.n <= 2 GROUP BY i.indexrelid",
        {table}, &error);
    const QString wanted = m_spec.organizationColumn.isEmpty()
                               ? QString::fromUtf8(lm)
                               : m_spec.organizationColumn + QLatin1Char(',') + QString::fromUtf8(lm);
    bool indexed = false;
    for (const QByteArray &index : indexes)
        indexed = indexed || QString::fromUtf8(index).startsWith(wanted);
    if (!indexed)
        warnings << QStringLiteral("%1 has no index starting with (%2); every window scans the table. Fix: CREATE "
                                   "INDEX ON %1 (%2)")
                        .arg(qualifiedTable(), wanted.split(QLatin1Char(',')).join(QStringLiteral(", ")));
    return warnings;
}

} // namespace ferry
