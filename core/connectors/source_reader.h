#pragma once

#include "config/data_types.h"
#include "config/model.h"
#include "config/recipient.h"
#include "config/source.h"
#include "connectors/database_connection.h"
#include "rows/row_batch.h"

#include <QByteArray>

#include <functional>
#include <memory>

namespace ferry {

// A half-open range [start, end) of last-modified values, as canonical timestamps.
struct TimeWindow
{
    QByteArray start;
    QByteArray end;
    bool operator==(const TimeWindow &) const = default;
};

// What one model reads for one recipient: the model's columns in model order, always filtered to the tenant.
struct SourceQuerySpec
{
    QString schema; // the table's schema (schema-tenanted sources: the recipient's id_in_provider_system)
    QString table;
    QStringList columns; // name_in_source, model order
    QList<LogicalType> types;
    int primaryKeyIndex = -1;
    int lastModifiedIndex = -1;
    QString organizationColumn; // empty for schema-tenanted sources
    QString tenant;             // bound, never pasted
    // PostgreSQL to PostgreSQL: batches carry the source's COPY data as read, binary when every column's source
    // type is the one the destination's table has for its logical type, else text (see RowBatch).
    bool copyPassThrough = false;
    // Rows come ordered by the last-modified column only when a writer asked for it (see
    // DestinationWriter::kRowsOutOfOrderCode). Writers compare last-modified values instead (all but MariaDB's
    // rebuild), so reads skip the sort and the first rows reach the destination while the source still reads: a
    // window is published whole anyway.
    bool ordered = false;
    // Rows come ordered by the primary key as the destination orders it (byte for byte for text), then by the
    // last-modified column: a destination whose table is keyed while it loads (MariaDB, SQLite) inserts each row
    // next to the previous one instead of at a random place in its key's B-tree, 30-45% faster; and a key read
    // twice keeps its latest row, loaded last. Not for a source that reads in its own order (readsInOrder()).
    bool keyOrdered = false;
    // Backfills and refreshes read a large share of a tenant: worth asking the planner how (see PostgreSQL's reader).
    bool largeRead = false;
    // A row preview (RowPreview), not a transfer: at most this many rows (0: all), newest first (last-modified,
    // then key, descending), so a look at a big table reads a page and not the tenant.
    int limit = 0;
    // Seconds after which the source stops the statement itself (0: never), so a preview the user gave up on does
    // not keep the source busy. Transfers run as long as their windows need.
    int statementTimeoutSeconds = 0;

    static Result<SourceQuerySpec> build(const Source &source, const Model &model, const Recipient &recipient);
    // Rows a batch holds at most, and bytes after which a batch is handed on early: memory stays bounded.
    static constexpr int kBatchRows = 10000;
    static constexpr qint64 kBatchBytes = 256 * 1024;
    // The byte limit of the n-th batch of a window (from 0): small first batches that double up to kBatchBytes, so
    // the writer starts on the first rows while the source still reads the rest (a small incremental is only a few
    // batches, and would otherwise be read whole before the writer sees a row).
    static qint64 batchBytesLimit(int batchesSent) { return batchesSent >= 4 ? kBatchBytes : (kBatchBytes >> (4 - batchesSent)); }
};

// Streams one model's rows of one window from a source, in bounded batches (ordered by the last-modified column
// when SourceQuerySpec::ordered asks for it, or always: see readsInOrder()).
class SourceReader
{
public:
    // Called for each batch; return false to stop reading (cancel, or the writer failed).
    using BatchSink = std::function<bool(RowBatch &batch)>;

    static Result<std::unique_ptr<SourceReader>> open(const Source &source, const SourceQuerySpec &spec);
    virtual ~SourceReader() = default;
    // Whether this source's rows always come in last-modified order, asked or not (MySQL pages by last-modified
    // and key).
    static bool readsInOrder(const Source &source);

    virtual Status read(const TimeWindow &window, const BatchSink &sink) = 0;
    // The statement read() runs, placeholders in place of the bound values, for plans and logs.
    virtual QString statement() const = 0;
    // The rows read() would return (the database planner's estimate where it has one, else a count).
    virtual Result<qint64> estimateRows(const TimeWindow &window) = 0;
    // Warnings about the cursor column: missing index, nullable, timestamp without time zone (each with its fix).
    virtual QStringList cursorLint() = 0;

    const SourceQuerySpec &spec() const { return m_spec; }
    DatabaseConnection &connection() { return *m_connection; }

protected:
    SourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec)
        : m_connection(std::move(connection)), m_spec(std::move(spec))
    {
    }
    // SELECT cols[, org] FROM table WHERE org = <p1> AND lm >= <p2> AND lm < <p3>; `columnExpr` may wrap a column.
    QString selectSql(const QStringList &placeholders, const std::function<QString(int)> &columnExpr = {}) const;
    QString qualifiedTable() const;
    // The WHERE condition that keeps the tenant's rows ("org = <placeholder>"); a vendor whose comparison follows a
    // collation makes it byte for byte. The engine's audit checks each row again either way.
    virtual QString tenantPredicate(const QString &placeholder) const;
    // " ORDER BY <key>, <last-modified>" or " ORDER BY <last-modified>" when the spec asks for an order, else empty;
    // " ORDER BY <last-modified> DESC, <key> DESC LIMIT <n>" for a preview.
    // `lastModified`: the expression that orders the last-modified column, when not the column itself.
    QString orderBy(const QString &lastModified = {}) const;
    // The primary key as an ORDER BY expression that sorts as the destination's key does: its values, or for text
    // their bytes.
    QString keyOrderExpression() const;
    Error valueError(const QString &message) const;
    // Appends the current row of a Qt SQL query (columns in model order, then the organization column for the
    // audit) in canonical form.
    Status appendRow(const QSqlQuery &query, RowBatch &batch) const;

    std::unique_ptr<DatabaseConnection> m_connection;
    SourceQuerySpec m_spec;
};

} // namespace ferry
