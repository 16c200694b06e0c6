#pragma once

#include "connectors/destination_writer.h"
#include "connectors/postgres/pg_session.h"

namespace ferry {

// PostgreSQL: COPY FROM STDIN into a temporary staging table (private to this session, dropped at commit), then
// one INSERT ... SELECT DISTINCT ON (pk) ... ON CONFLICT that keeps the latest row, with the status row, in one
// transaction. A rebuild loads a table aside without its primary key, adds the key after loading (much faster than
// maintaining it row by row), and swaps it in.
class PostgresWriter : public DestinationWriter
{
public:
    explicit PostgresWriter(std::unique_ptr<DatabaseConnection> connection);

    QStringList plannedDdl(const TableSpec &spec, const TableState &state, LoadMode mode) override;
    Status prepare(const TableSpec &spec, const TableState &state, LoadMode mode, const QString &transferId) override;
    Status beginWindow(const TimeWindow &window) override;
    Status write(const RowBatch &batch) override;
    Status applyStaged() override;
    Status endWindow(const PublishInfo &info) override;
    Status finish(const PublishInfo &info) override;
    void abort() override;

private:
    Result<QMap<QString, QString>> liveColumnTypes() override;
    Result<QMap<QString, QString>> wantedColumnTypes() override;
    Status run(const QString &sql, const QString &what, const QList<QByteArray> &params = {});
    Result<QMap<QString, QString>> columnTypes(const QString &qualifiedTable);
    QStringList tableDdl(const TableSpec &spec, const TableState &state) const override;
    QString mergeSql(const QString &from) const;
    Status upsertStatus(const PublishInfo &info);
    Status addPrimaryKey();
    bool truncatePath() const { return m_state.exists && m_state.schemaMatches; }
    Status endCopy();
    // Creates the table built aside in a transaction the first window's COPY joins (FREEZE); its end commits it.
    Status createAside(const QString &create);
    Status commitAsideCreation();
    // Starts the COPY into m_copyTarget in the first batch's format.
    Status startCopy(bool binary);
    // The rows staged since the last merge into the live table (nothing when there are none).
    Status mergeStaged();
    // Where the window's rows go next; the COPY starts with the first batch (startCopy).
    void stageInto(const QString &target);
    // Drops the tables built aside by killed rebuilds (of any model) in the destination schema; best effort.
    void dropLeftoverBuilds();
    // Releases the advisory lock on the table built aside (held from its creation until the swap or abort).
    void unlockAside();
    // What a failed COPY was doing, naming the model: the server's own message names the column and the value.
    QString stagingWhat() const { return QStringLiteral("staging rows of model \"%1\"").arg(m_spec.table); }

    PgSession m_pg;
    QString m_aside;      // the table built aside (Rebuild), qualified and quoted
    bool m_asideIsTemp = false;
    QString m_asideName; // the table built aside, unqualified, while its advisory lock is held
    bool m_inTransaction = false;
    bool m_inCopy = false;
    QString m_copyTarget;         // where the window's rows go: the COPY starts with the first batch
    bool m_copyBinary = false;    // the running COPY's format
    bool m_stageMerged = false;    // the staging table holds rows already merged: emptied before the next COPY
    qint64 m_stagedRows = 0; // in the staging table and not yet merged
    qint64 m_windowStaged = 0; // rows COPY took for the current window (all segments), for the audit
    bool m_statusTableExists = false; // found by prepare(): its DDL is then skipped
    QByteArray m_buffer;
};

} // namespace ferry
