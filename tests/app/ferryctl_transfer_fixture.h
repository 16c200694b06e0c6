#pragma once

#include "command_run.h"
#include "support/test_servers.h"
#include "support/workspace_files.h"

#include <gtest/gtest.h>

#include <QDateTime>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace ferry::test {

// ferryctl end to end: a workspace folder written per test, an SQLite state database in a temporary folder, a
// real PostgreSQL source (when the test asks for one) and real destinations, all driven through the ferryctl
// process.
class FerryctlTransferTest : public ::testing::Test
{
public: // the test files' free helpers use the static builders too
    void SetUp() override;
    void TearDown() override;

    // Runs ferryctl with --state first; `env` replaces the inherited environment when given.
    CommandRun ferryctl(QStringList arguments,
                        const std::optional<QProcessEnvironment> &env = std::nullopt) const;
    QStringList withState(QStringList arguments) const;

    // The PostgreSQL source: a multi-tenant `events` table (id text primary key, tenant_id, amount
    // numeric(12,2), note, updated_at timestamptz NOT NULL) with an index on (tenant_id, updated_at). Call
    // after FERRY_REQUIRE_POSTGRES().
    void createSource();
    void sourceExec(const QString &sql);
    // Each row's columns as text (NULL as "<null>").
    QList<QStringList> sourceRows(const QString &sql);
    QString sourceValue(const QString &sql);

    // A PostgreSQL database used as a destination (connection kept for reading it back).
    std::unique_ptr<TemporaryPostgresDatabase> createPostgresDestination(QString &connectionName);
    static QList<QStringList> rows(const QString &connectionName, const QString &sql);
    // Opens an SQLite file read-only under a fresh connection name; empty name when it does not open.
    QString openSqlite(const QString &path);

    // Workspace objects.
    Json sourceJson() const;
    static Json modelJson(const QString &name, const QString &table = QStringLiteral("public.events"));
    Json sqliteDestination(const QString &name, const QString &recipient = QStringLiteral("acme")) const;
    static Json postgresDestination(const QString &name, const TemporaryPostgresDatabase &db,
                                    const QString &schema = {},
                                    const QString &recipient = QStringLiteral("acme"));
    static Json mysqlDestination(const QString &name, const TemporaryMysqlDatabase &db,
                                 const QString &recipient = QStringLiteral("acme"));
    // Opens a MySQL/MariaDB database under a fresh connection name; empty name when it does not open.
    QString openMysql(const TemporaryMysqlDatabase &db);
    QString sqlitePath(const QString &destinationName) const;
    // The events model in daily windows from `start`.
    static Json dailyModel(const QDateTime &start);
    // Writes sources/, models/, products/, recipients/ (acme = t_acme, globex = t_globex) and destinations/,
    // then applies it.
    void applyWorkspace(const QList<Json> &models, const QList<Json> &destinations,
                        const QList<Json> &products = {});

    // 122 rows of tenant t_acme over eight days from m_base (microsecond timestamps, awkward text, NULLs),
    // and rows of other tenants, including near-misses of "t_acme", that must never arrive.
    void fillSource();
    // 200,000 rows of t_acme, 10,000 a day for 20 days from `start` (microseconds included), and 5,000 of
    // t_globex. Returns the tenant's cumulative row counts per day: element k counts the rows of the first k
    // days.
    QList<qint64> fillLargeSource(const QDateTime &start);
    // The tenant's source rows as id, amount, note, canonical updated_at, by id.
    QList<QStringList> sourceTenantRows();
    QString sourceMaxCanonical();
    QList<QStringList> sqliteRows(const QString &destination, const QString &sql);
    // One destination of the kill -9 scenario, whatever its vendor: its workspace object (json["name"] names
    // it to ferryctl), a connection reading it back (empty for SQLite: the file is opened once it exists)
    // and, for PostgreSQL, the schema holding its events table.
    struct KillNineDestination
    {
        Json json;
        QString connection;
        QString schema;
    };
    // A worker killed with SIGKILL in the middle of a daily backfill of fillLargeSource's 200,000 rows, once
    // per destination, the i-th killed after thresholds[i] window(s) plus a random pause: the destination
    // holds whole windows only, `run --once --orphan-after 0` marks the transfer ORPHANED, and the next
    // transfer resumes at the first window the checkpoint does not cover and ends with exactly the source's
    // rows. Creates and fills the source and applies the workspace itself (ferryctl_transfer_kill_test.cpp).
    void killNineMidBackfill(const QList<KillNineDestination> &destinations, const QList<int> &thresholds);

    // `run --once`, expecting `expectedExit`; returns its output.
    QString runOnce(int expectedExit = 0);
    // `checkpoint list --destination D --json`.
    Json checkpoints(const QString &destination);

    // `transfer create ARGS`; returns the id it printed (failing the test when it did not print one alone).
    QString createTransfer(const QStringList &arguments);
    Json showJson(const QString &id);
    // Ids printed by `transfer list --json FILTERS`, in the order listed.
    QStringList listIds(const QStringList &filters);
    static Json parse(const QString &text);
    // The first element of an array; null for anything else.
    static Json firstOf(const Json &array);
    // A JSON string as QString; "<null>" for null, the JSON text of anything else.
    static QString text(const Json &value);

    // PostgreSQL text of a timestamptz expression in Ferry's canonical form (RFC 3339 UTC, microseconds).
    static QString canonicalSql(const QString &expression);
    // A timestamptz literal for `time` (milliseconds).
    static QString timestampLiteral(const QDateTime &time);
    // Ferry's canonical text of a UTC time with whole milliseconds.
    static QString canonical(const QDateTime &time);

    QTemporaryDir m_dir;
    QString m_state;
    QString m_workspace;
    std::unique_ptr<TemporaryPostgresDatabase> m_source;
    QString m_sourceConnection;
    Json m_sourceExtra; // merged into sourceJson() (a source's limits, say)
    QStringList m_connections; // every QSqlDatabase this test opened, removed in TearDown
    QDateTime m_base;          // today 00:00 UTC minus 10 days: source rows start here
};

} // namespace ferry::test
