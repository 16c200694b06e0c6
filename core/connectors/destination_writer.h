#pragma once

#include "config/data_types.h"
#include "config/destination.h"
#include "config/model.h"
#include "connectors/database_connection.h"
#include "connectors/source_reader.h"
#include "rows/row_batch.h"

#include <QMap>

#include <memory>

namespace ferry {

// The destination table of one model: destination column names and types in model order.
struct TableSpec
{
    QString schema;
    QString table; // model_name
    QStringList columns;
    QList<LogicalType> types;
    int primaryKeyIndex = -1;
    int lastModifiedIndex = -1;
    bool appendOnly = false; // write_mode append: no primary key, a retried window replaces its rows

    static TableSpec build(const Model &model, const Destination &destination);
    // The column list of CREATE TABLE in `dialect` ("id" bigint NOT NULL, ..., PRIMARY KEY ("id")).
    QString columnDefinitions(const SqlDialect &dialect, bool withPrimaryKey) const;
    // The statement that creates the live table (MySQL/MariaDB table options as `mysqlOptions`), for people to read
    // before the first transfer; writers run their own.
    QString createStatement(const SqlDialect &dialect, const QString &mysqlOptions = {}) const;
    QString primaryKey() const { return columns[primaryKeyIndex]; }
    QString lastModified() const { return columns[lastModifiedIndex]; }

private:
    QStringList columnDefinitionList(const SqlDialect &dialect, bool withPrimaryKey) const;
};

// What the destination holds now for a model's table.
struct TableState
{
    bool exists = false;
    bool schemaMatches = false;  // same column names and native types as the model
    QStringList missingColumns;  // model columns the table lacks (schema evolution appends them)
    qint64 rows = -1;            // filled when asked for
};

// How a model's rows reach its table in this transfer.
enum class LoadMode {
    Merge,   // each window staged, then upserted (latest last-modified wins) with its status row
    Append,  // each window staged, then the window's range replaced by it
    Rebuild, // full refresh: every window into a table built aside, swapped in at the end in one transaction
};

// What a publish records in _transfer_status, in the same transaction as the rows.
struct PublishInfo
{
    QString transferId;
    QString modelName;
    qint64 rowsTransferred = 0;
    QByteArray mostRecentLastUpdatedAt; // canonical; empty when unknown
    QByteArray publishedAt;             // canonical
    qint64 windowRowsRead = -1;         // endWindow(): the rows read for the window, which the audit expects staged
};

// Loads rows into one destination database: creates and evolves tables, stages windows privately (temporary tables
// or a transaction only this connection sees) and publishes each atomically with its _transfer_status row.
class DestinationWriter
{
public:
    // ReadOnly for plans: inspect() and plannedDdl() work, nothing durable is created.
    static Result<std::unique_ptr<DestinationWriter>> open(const Destination &destination, Access access = Access::ReadWrite);
    virtual ~DestinationWriter() = default;

    // What the table looks like now, compared with what the model asks for.
    Result<TableState> inspect(const TableSpec &spec, bool countRows);
    // The DDL prepare() and finish() would run, for plans; nothing is executed.
    virtual QStringList plannedDdl(const TableSpec &spec, const TableState &state, LoadMode mode) = 0;

    // Before the first window: create or evolve the table (Merge, Append) or start the table built aside (Rebuild).
    virtual Status prepare(const TableSpec &spec, const TableState &state, LoadMode mode, const QString &transferId) = 0;
    virtual Status beginWindow(const TimeWindow &window) = 0;
    virtual Status write(const RowBatch &batch) = 0;
    // Called between batches when the reader has none ready. A writer may apply what it has staged so far inside the
    // window's still-open transaction (nothing becomes visible before endWindow), so its work overlaps the source
    // read instead of all of it waiting for the window's last row.
    virtual Status applyStaged() { return {}; }
    // Merge and Append: publish the window atomically. Rebuild: the window is complete in the aside table.
    virtual Status endWindow(const PublishInfo &info) = 0;
    // Rebuild: swap the aside table in, with the status row, in one transaction. Nothing for other modes.
    virtual Status finish(const PublishInfo &info) = 0;
    // After a failure: roll back and drop whatever was staged or built aside. Never throws, never publishes.
    virtual void abort() = 0;

    // Rows reach a writer in any order unless it asked for them ordered by last-modified (SourceQuerySpec::ordered):
    // a writer that keeps the last row it loads of a key (MariaDB's REPLACE) fails a rebuild window with this code
    // when, its rows unordered, a key repeated (within the window, or with an earlier window of the same rebuild:
    // only a source without a unique key does that, as windows end when the transfer starts), and the engine loads
    // the model again, ordered. Nothing was published.
    static constexpr const char *kRowsOutOfOrderCode = "FERRY-DST-ROWS-OUT-OF-ORDER";
    // A window whose staged rows do not match what was read (see auditStagedCount()).
    static constexpr const char *kAuditCountCode = "FERRY-AUDIT-COUNT";
    void setRowsOrdered(bool ordered) { m_rowsOrdered = ordered; }

    DatabaseConnection &connection() { return *m_connection; }
    static QString statusTable() { return QStringLiteral("_transfer_status"); }

protected:
    explicit DestinationWriter(std::unique_ptr<DatabaseConnection> connection) : m_connection(std::move(connection)) {}
    // "_ferry_build_<hash of the table name>": the prefix of tables built aside for one model (leftovers of a killed
    // run are dropped by the next rebuild of the same model).
    static QString buildPrefix(const QString &table);
    // "_ferry_stage_<hash>": staging tables that are regular tables (MariaDB), named like build tables.
    static QString stagePrefix(const QString &table);
    QString liveTable() const { return m_connection->dialect().table(m_spec.schema, m_spec.table); }
    QString columnList() const { return m_connection->dialect().quoteList(m_spec.columns); }
    QString columnDefinitions(bool withPrimaryKey) const;
    // The statements that create or evolve the live table for `state`, plus the schema and the status table.
    virtual QStringList tableDdl(const TableSpec &spec, const TableState &state) const = 0;
    // Runs tableDdl() before the first window. A rebuild replaces the live table, so it is neither created nor
    // altered here: only the schema and the status table are made sure of.
    Status prepareLiveTable(const TableSpec &spec, const TableState &state, LoadMode mode);
    // The audit's count: the rows the destination says it staged for the window equal the rows read (a lost or
    // doubled row fails the window before anything is published).
    Status auditStagedCount(qint64 staged, const PublishInfo &info) const;
    // Every value of `batch` fits its column exactly (ExactValue), or the error naming the first that does not.
    // COPY-text batches are left to the PostgreSQL server, which parses every field and refuses by itself.
    Status checkValues(const RowBatch &batch) const;
    // ALTER TABLE ... ADD COLUMN for each model column the table lacks (the same syntax in every dialect).
    QStringList addColumnStatements(const TableState &state) const;
    // Column name -> type as the catalog spells it, for m_spec's table (empty: no such table) and for the
    // model's own columns (what the table would hold if created now).
    virtual Result<QMap<QString, QString>> liveColumnTypes() = 0;
    virtual Result<QMap<QString, QString>> wantedColumnTypes() = 0;

    std::unique_ptr<DatabaseConnection> m_connection;
    TableSpec m_spec;
    TableState m_state;
    LoadMode m_mode = LoadMode::Merge;
    TimeWindow m_window;
    bool m_rowsOrdered = false;
};

} // namespace ferry
