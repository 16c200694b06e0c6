#include "connectors/postgres/postgres_source_reader.h"

#include "connectors/postgres/pg_session.h"
#include "rows/canonical_value.h"

#include <QHash>

#include <cstring>
#include <limits>

namespace ferry {

namespace {

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

qint16 bigEndian16(const char *p)
{
    return qint16((uchar(p[0]) << 8) | uchar(p[1]));
}

qint32 bigEndian32(const char *p)
{
    return qint32((quint32(uchar(p[0])) << 24) | (quint32(uchar(p[1])) << 16) | (quint32(uchar(p[2])) << 8) | quint32(uchar(p[3])));
}

qint64 bigEndian64(const char *p)
{
    return qint64((quint64(quint32(bigEndian32(p))) << 32) | quint64(quint32(bigEndian32(p + 4))));
}

// Whether the binary COPY form of a source column of type `typname` is the one the destination column Ferry makes
// for `type` reads (see DataTypes): the same type, or varchar or char for text, which send their bytes as text
// does. Anything else (int4 for a bigint column, json for jsonb, a domain) would be refused, or worse, misread.
bool sendsWhatTheDestinationReads(LogicalType type, QByteArrayView typname)
{
    switch (type) {
    case LogicalType::String: return typname == "text" || typname == "varchar" || typname == "bpchar";
    case LogicalType::Bytes: return typname == "bytea";
    case LogicalType::Boolean: return typname == "bool";
    case LogicalType::Integer: return typname == "int4";
    case LogicalType::BigInt: return typname == "int8";
    case LogicalType::Decimal: return typname == "numeric";
    case LogicalType::Float: return typname == "float8";
    case LogicalType::Date: return typname == "date";
    case LogicalType::Timestamp: return typname == "timestamptz";
    case LogicalType::Json: return typname == "jsonb";
    }
    return false;
}

// Appends the tuples of one binary COPY message to `batch` (the first message also holds the file header, the last
// is the trailer): each tuple goes on as it came, without its last field when that is the organization column,
// which goes to the audit. An empty string, or what was wrong with the stream or the last-modified value.
QString appendBinaryTuples(const char *p, const char *end, bool &headerRead, int fields, int lastModified, bool audited,
                           RowBatch &batch)
{
    static constexpr char kSignature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};
    const QString truncated = QStringLiteral("a truncated binary COPY row");
    if (!headerRead) {
        if (end - p < 19 || std::memcmp(p, kSignature, sizeof kSignature) != 0)
            return QStringLiteral("a binary COPY stream without its header");
        const qint32 extension = bigEndian32(p + 15);
        if (extension < 0 || end - p - 19 < extension)
            return truncated;
        p += 19 + extension;
        headerRead = true;
    }
    while (end - p >= 2) {
        const qint16 count = bigEndian16(p);
        if (count == -1)
            return p + 2 == end ? QString() : QStringLiteral("data after the end of a binary COPY stream");
        if (count != fields)
            return QStringLiteral("a binary COPY row of %1 field(s), not %2").arg(count).arg(fields);
        const char *first = p + 2;
        const char *q = first;
        const char *lastField = nullptr;
        qint32 lastSize = -1;
        const char *lmValue = nullptr;
        qint32 lmSize = -1;
        for (int field = 0; field < count; ++field) {
            if (end - q < 4)
                return truncated;
            const qint32 size = bigEndian32(q);
            if (size < -1 || end - q - 4 < qMax(size, 0))
                return truncated;
            if (field == lastModified) {
                lmValue = q + 4;
                lmSize = size;
            }
            if (field == count - 1) {
                lastField = q;
                lastSize = size;
            }
            q += 4 + qMax(size, 0);
        }
        QByteArray lm;
        if (lmSize == 8) {
            const qint64 micros = bigEndian64(lmValue);
            std::optional<QByteArray> canonical = CanonicalValue::fromPostgresBinaryTimestamp(micros);
            if (!canonical)
                return QStringLiteral("\"%1\" is not a timestamp")
                    .arg(micros == std::numeric_limits<qint64>::max()   ? QStringLiteral("infinity")
                         : micros == std::numeric_limits<qint64>::min() ? QStringLiteral("-infinity")
                                                                        : QStringLiteral("a year outside 1-9999"));
            lm = std::move(*canonical);
        } else if (lmSize != -1) {
            return QStringLiteral("a binary timestamp of %1 bytes").arg(lmSize);
        }
        if (audited) {
            if (lastSize < 0)
                batch.appendNullTenant();
            else
                batch.appendTenant(QByteArrayView(lastField + 4, lastSize));
            batch.appendCopyTuple(qint16(count - 1), first, lastField - first, lm);
        } else {
            batch.appendCopyTuple(count, first, q - first, lm);
        }
        p = q;
    }
    return p == end ? QString() : truncated;
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

QByteArray PostgresSourceReader::copySql(const TimeWindow &window) const
{
    // The values are constants of the statement, so the planner sees the real tenant and bounds and evaluates them
    // once: current_setting() in a scan's filter is run, and its timestamp parsed, for every row of the table.
    PgSession pg(m_connection->postgresHandle());
    const QStringList literals = {
        QString::fromUtf8(pg.literal(m_spec.tenant.toUtf8())),
        QString::fromUtf8(pg.literal(window.start)) + QStringLiteral("::timestamptz"),
        QString::fromUtf8(pg.literal(window.end)) + QStringLiteral("::timestamptz"),
    };
    return (QStringLiteral("COPY (") + selectSql(literals) + orderBy() + QStringLiteral(") TO STDOUT") +
            (m_binary ? QStringLiteral(" (FORMAT binary)") : QString()))
        .toUtf8();
}

bool PostgresSourceReader::canCopyBinary()
{
    // The organization column too: the audit compares its bytes, which only text types send as printed.
    QString error;
    const QList<QByteArray> rows = PgSession(m_connection->postgresHandle())
                                       .column("SELECT t.typname || ' ' || a.attname FROM pg_attribute a JOIN pg_type t ON "
                                               "t.oid = a.atttypid WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND "
                                               "NOT a.attisdropped",
                                               {qualifiedTable().toUtf8()}, &error);
    QHash<QString, QByteArray> types;
    for (const QByteArray &row : rows) {
        const qsizetype space = row.indexOf(' ');
        types.insert(QString::fromUtf8(row.mid(space + 1)), row.left(space));
    }
    for (int i = 0; i < m_spec.columns.size(); ++i) {
        if (!sendsWhatTheDestinationReads(m_spec.types[i], types.value(m_spec.columns[i])))
            return false;
    }
    if (types.value(m_spec.columns[m_spec.lastModifiedIndex]) != "timestamptz")
        return false; // its value is read for the checkpoint
    return m_spec.organizationColumn.isEmpty() ||
           sendsWhatTheDestinationReads(LogicalType::String, types.value(m_spec.organizationColumn));
}

QByteArray PostgresSourceReader::beginSql() const
{
    // The settings the COPY's output depends on travel in its transaction: SET LOCAL ends with it. A
    // transaction-pooling proxy (PgBouncer, RDS Proxy, Odyssey) keeps one server session for a transaction, but may
    // run consecutive statements outside one on different sessions, with another client's settings.
    QByteArray sql = "BEGIN READ ONLY; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO'; "
                     "SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'";
    if (m_sequentialScan)
        sql += "; SET LOCAL enable_bitmapscan = off";
    if (m_spec.keyOrdered)
        sql += "; SET LOCAL work_mem = '64MB'"; // the sort by key: fewer, longer runs on disk
    if (m_spec.statementTimeoutSeconds > 0)
        sql += "; SET LOCAL statement_timeout = '" + QByteArray::number(m_spec.statementTimeoutSeconds) + "s'";
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
    if (m_spec.copyPassThrough && !m_formatChosen) {
        m_binary = canCopyBinary();
        m_formatChosen = true;
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
    if (const QString error = pg.execScript(beginSql()); !error.isEmpty())
        return m_connection->queryError(QStringLiteral("binding the window"), error);
    if (const QString error = pg.beginCopyOut(copySql(window)); !error.isEmpty())
        return m_connection->queryError(QStringLiteral("reading %1").arg(qualifiedTable()), error);

    const int columns = int(m_spec.columns.size());
    RowBatch batch(columns);
    // Room for a whole batch up front: a buffer grown by doubling would hold up to twice the batch in memory.
    auto reserve = [&] {
        if (m_spec.copyPassThrough)
            batch.reserveCopyData(SourceQuerySpec::kBatchBytes + 64 * 1024, SourceQuerySpec::kBatchRows);
        else
            batch.reserveRows(SourceQuerySpec::kBatchRows);
    };
    reserve();
    int batchesSent = 0;
    const char *row = nullptr;
    int size;
    const int lastModified = m_spec.lastModifiedIndex;
    const bool audited = !m_spec.organizationColumn.isEmpty();
    bool headerRead = false;
    while ((size = pg.nextCopyRow(&row)) > 0) {
        if (m_binary) {
            const QString problem = appendBinaryTuples(row, row + size, headerRead, columns + (audited ? 1 : 0),
                                                       lastModified, audited, batch);
            if (!problem.isEmpty()) {
                pg.cancelCopyOut();
                return valueError(QStringLiteral("column \"%1\": %2").arg(m_spec.columns[lastModified], problem));
            }
        } else if (Status appended = appendTextLine(row, size, batch); !appended) {
            pg.cancelCopyOut();
            return appended;
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

Status PostgresSourceReader::appendTextLine(const char *row, int size, RowBatch &batch) const
{
    const int lastModified = m_spec.lastModifiedIndex;
    const char *p = row;
    const char *end = row + size;
    if (end > p && end[-1] == '\n')
        --end;
    if (!m_spec.organizationColumn.isEmpty()) {
        // The organization column is the last field: it goes to the audit, not to the destination.
        const char *tab = static_cast<const char *>(memrchr(p, '\t', size_t(end - p)));
        if (!tab)
            return valueError(QStringLiteral("a row without its organization column"));
        appendTenantField(batch, QByteArrayView(tab + 1, end - tab - 1));
        end = tab;
    }
    QString conversionError;
    if (m_spec.copyPassThrough) {
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
            std::optional<QByteArray> parsed = CanonicalValue::fromPostgresText(QByteArrayView(field, fieldEnd - field),
                                                                                LogicalType::Timestamp, &conversionError);
            if (!conversionError.isEmpty())
                return valueError(QStringLiteral("column \"%1\": %2").arg(m_spec.columns[lastModified], conversionError));
            value = std::move(*parsed);
        }
        batch.appendCopyLine(row, end - row, value);
        return {};
    }
    for (int column = 0; column < m_spec.columns.size(); ++column) {
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
                if (!conversionError.isEmpty())
                    return valueError(QStringLiteral("column \"%1\": %2").arg(m_spec.columns[column], conversionError));
                batch.append(std::move(*value));
            } else {
                batch.append(std::move(field));
            }
        }
        p = fieldEnd < end ? fieldEnd + 1 : end;
    }
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
