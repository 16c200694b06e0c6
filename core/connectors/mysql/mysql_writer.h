#pragma once

#include "connectors/destination_writer.h"
#include "connectors/mysql/mysql_pipe_loader.h"

#include <memory>

namespace ferry {

// MariaDB/MySQL: rows stream in LOAD DATA's tab format through a pipe into `LOAD DATA LOCAL INFILE ... REPLACE`
// (MySqlPipeLoader) into a staging table keyed like the target and named after the transfer (rows arrive ordered
// by last-modified, so for a repeated key the latest row is the one that stays), then `INSERT ... SELECT ... ON
// DUPLICATE KEY UPDATE` that never lets an older row overwrite a newer one, with the status row, in one
// transaction.
class MySqlWriter : public DestinationWriter
{
public:
    MySqlWriter(std::unique_ptr<DatabaseConnection> connection, const Destination &destination);

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
    Result<QMap<QString, QString>> columnTypes(const QString &qualifiedTable);
    QStringList tableDdl(const TableSpec &spec, const TableState &state) const override;
    Status flush();
    Status dropLeftovers(const QString &prefix);
    QString mergeSql(const QString &from) const;
    Status upsertStatus(const PublishInfo &info);
    Status run(const QString &sql, const QString &what, const QVariantList &binds = {})
    {
        return m_connection->exec(sql, what, binds);
    }
    bool truncatePath() const { return m_state.exists && m_state.schemaMatches; }

    QString m_aside; // the table built aside (Rebuild)
    QString m_stage; // this transfer's staging table (Merge, Append)
    bool m_inTransaction = false;
    MySqlPipeLoader m_loader;
    QByteArray m_buffer;
};

} // namespace ferry
