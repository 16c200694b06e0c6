#pragma once

#include "connectors/destination_writer.h"
#include "connectors/mysql/mysql_pipe_loader.h"

#include <memory>

namespace ferry {

// MariaDB/MySQL: rows stream in LOAD DATA's tab format through a pipe into `LOAD DATA LOCAL INFILE`
// (MySqlPipeLoader) into an unkeyed staging table named after the transfer, then `INSERT ... SELECT ... ON
// DUPLICATE KEY UPDATE` that never lets an older row overwrite a newer one (also among the window's own rows), with
// the status row, in one transaction. A rebuild loads straight into the keyed table built aside with `REPLACE`;
// should unordered rows repeat a key there, the window fails with kRowsOutOfOrderCode and is read again ordered.
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
    // ENGINE, charset and the byte-for-byte collation of every table Ferry creates.
    QString tableOptions() const;
    // MODIFY clauses that give the live table's text columns the collation a new table would have (tables made by
    // older Ferry with the server's default, case- and pad-insensitive collation); empty when they have it.
    QString collationFix() const;
    Status run(const QString &sql, const QString &what, const QVariantList &binds = {})
    {
        return m_connection->exec(sql, what, binds);
    }
    bool truncatePath() const { return m_state.exists && m_state.schemaMatches; }

    QString m_collation;               // utf8mb4_nopad_bin where the server has it (see the constructor)
    QMap<QString, QString> m_liveTypes; // as liveColumnTypes() last found them
    QStringList m_collationColumns;     // live columns whose collation differs from a new table's
    QString m_aside; // the table built aside (Rebuild)
    QString m_stage; // this transfer's staging table (Merge, Append)
    bool m_inTransaction = false;
    MySqlPipeLoader m_loader;
    QByteArray m_buffer;
    qint64 m_windowRows = 0; // rows sent to the loader in this window
};

} // namespace ferry
