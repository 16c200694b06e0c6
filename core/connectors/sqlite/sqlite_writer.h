#pragma once

#include "connectors/destination_writer.h"
#include "connectors/sqlite/sqlite_statement.h"

#include <memory>

namespace ferry {

// SQLite: a write transaction is private until it commits (readers in WAL mode keep seeing the last commit), so
// it is the staging area: each window's rows are upserted straight into the table inside one transaction with the
// status row. A rebuild keeps one transaction over every window and empties or recreates the table inside it.
class SqliteWriter : public DestinationWriter
{
public:
    explicit SqliteWriter(std::unique_ptr<DatabaseConnection> connection);

    /// Upper bound of the writer connection's page cache, in KiB.
    static constexpr int kPageCacheKiB = 64 * 1024;

    QStringList plannedDdl(const TableSpec &spec, const TableState &state, LoadMode mode) override;
    Status prepare(const TableSpec &spec, const TableState &state, LoadMode mode, const QString &transferId) override;
    Status beginWindow(const TimeWindow &window) override;
    Status write(const RowBatch &batch) override;
    Status endWindow(const PublishInfo &info) override;
    Status finish(const PublishInfo &info) override;
    void abort() override;

private:
    Result<QMap<QString, QString>> liveColumnTypes() override;
    Result<QMap<QString, QString>> wantedColumnTypes() override;
    Result<QMap<QString, QString>> columnTypes(const QString &table, const QString &schema = QStringLiteral("main"));
    QStringList tableDdl(const TableSpec &spec, const TableState &state) const override;
    Status upsertStatus(const PublishInfo &info);
    Status begin();
    Status commit();
    Status run(const QString &sql, const QString &what, const QVariantList &binds = {})
    {
        return m_connection->exec(sql, what, binds);
    }

    bool m_inTransaction = false;
    qint64 m_windowStaged = 0; // rows inserted for the current window, for the audit
    std::unique_ptr<SqliteStatement> m_insert; // declared after the connection's owner: finalized before it closes
};

} // namespace ferry
