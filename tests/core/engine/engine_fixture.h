#pragma once

#include "support/test_servers.h"
#include "support/workspace_files.h"

#include "engine/transfer_runner.h"
#include "state/state_database.h"
#include "state/transfer_record.h"
#include "state/transfer_store.h"

#include <QMap>
#include <QMutex>
#include <QSqlDatabase>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace ferry::test {

enum class DestinationVendor { Postgres, MySql, Sqlite };

// Polls `done` every 20 ms for up to `ms`.
bool eventually(const std::function<bool()> &done, int ms = 20000);
// Day `dayNumber` of March 2026 (UTC), plus `seconds`.
QDateTime at(int dayNumber, int seconds = 0);
// A request for a full refresh.
TransferRequest fullRefresh();
std::string destinationVendorName(const ::testing::TestParamInfo<DestinationVendor> &info);

// A PostgreSQL source with a multi-tenant `events` table (no key constraint, so a key can repeat), one destination
// of the parameter's vendor, an SQLite state database (PostgreSQL with m_postgresState), and a workspace applied to
// it. Tests insert source rows, run transfers the way `ferryctl run` does (a WorkerPool: its dispatcher, runner,
// heartbeats and kills) and read the destination back.
class EngineTest : public ::testing::TestWithParam<DestinationVendor>
{
protected:
    void SetUp() override;
    void TearDown() override;

    // Source rows: tenant "t_acme" is the recipient's; others must never arrive.
    void insert(const QString &id, const QString &note, const QDateTime &updatedAt, const QString &tenant = QStringLiteral("t_acme"),
                double amount = 1.5);
    void sourceExec(const QString &sql);
    // Writes and applies the workspace; `model` is the events model (tweak a copy of modelJson()).
    void applyWorkspace(const Json &model, bool allowTypeChanges = false);
    Json modelJson() const;
    // Enqueues one transfer and runs it on a WorkerPool of one worker until it ended; returns its final record.
    // `hooks` run on the test thread (one at a time, while the calling lane waits), so they may use this fixture's
    // connections.
    TransferRecord transfer(const TransferRequest &extra = {}, const EngineHooks &hooks = {});
    ModelMetrics modelOf(const TransferRecord &record, const QString &model = QStringLiteral("events")) const;
    // The WorkerPool::transferProgress signals of the last transfer(), with the milliseconds since it started.
    struct ProgressReport
    {
        qint64 atMs = 0;
        ModelMetrics metrics;
    };
    QList<ProgressReport> progressReports() const;

    // The destination, read back: id -> note (the `note` column), for table `table`.
    QMap<QString, QString> destinationNotes(const QString &table = QStringLiteral("events"),
                                            const QString &noteColumn = QStringLiteral("note"));
    qint64 destinationCount(const QString &table = QStringLiteral("events"));
    // Runs a statement at the destination (a recipient's own index, a catalog query); first column of each row.
    QStringList sourceQuery(const QString &sql);
    QStringList destinationQuery(const QString &sql);
    // The first column of every row `sql` returns on the named connection.
    static QStringList firstColumn(const QString &connection, const QString &sql);
    // Destination column names in table order, and one column's declared type.
    QStringList destinationColumns(const QString &table = QStringLiteral("events"));
    QString destinationColumnType(const QString &column, const QString &table = QStringLiteral("events"));
    Json destinationJson() const;
    // The source "app" applyWorkspace writes: the test PostgreSQL database, m_sourceOverride merged in.
    virtual Json sourceJson() const;
    bool destinationIndexExists(const QString &index);
    QString checkpoint(const QString &model = QStringLiteral("events"));

    static QDateTime day(int n) { return QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).addDays(n); }

    QTemporaryDir m_dir;
    std::unique_ptr<TemporaryPostgresDatabase> m_source;
    std::unique_ptr<TemporaryPostgresDatabase> m_destPg;
    std::unique_ptr<TemporaryMysqlDatabase> m_destMy;
    std::shared_ptr<StateDatabase> m_state;
    bool m_postgresState = false; // set before SetUp(): the state database is a fresh PostgreSQL database
    std::unique_ptr<TemporaryPostgresDatabase> m_stateDb;
    QString m_sourceConnection;
    QString m_destinationConnection;
    QDateTime m_now = day(30);
    mutable QMutex m_progressMutex;
    QList<ProgressReport> m_progress;
    QString m_tenant = QStringLiteral("t_acme");
    Json m_sourceOverride;      // merged into the source JSON
    Json m_destinationOverride; // merged into the destination JSON; a null value removes that key
    QList<Json> m_extraModels;  // more models applyWorkspace writes beside `model`
};

} // namespace ferry::test
