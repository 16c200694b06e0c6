// Tenant isolation under setups that defeat a source's own filter: a transaction-pooling proxy in front of the
// source, a case-insensitive tenant column. Each recipient gets exactly its tenant's rows, or the audit refuses the
// window and nothing is published.
#include "engine_fixture.h"

#include "engine/worker_pool.h"
#include "state/transfer_store.h"
#include "workspace/workspace_applier.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>

namespace ferry::test {

namespace {

using TenantIsolationTest = EngineTest;

// id -> tenant of the rows in an SQLite destination's `events` table.
QMap<QString, QString> sqliteRows(const QString &path)
{
    QMap<QString, QString> rows;
    const QString name = QStringLiteral("read-") + path;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT id, note FROM events"))) {
                while (query.next())
                    rows.insert(query.value(0).toString(), query.value(1).toString());
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

} // namespace

// Two recipients, two workers, a source behind PgBouncer in transaction mode, one-day windows, three rounds: with the
// tenant and the bounds kept in the session, one worker's COPY ran with the other's tenant.
TEST_P(TenantIsolationTest, BehindATransactionPoolerEachRecipientGetsExactlyItsTenantsRows)
{
    if (GetParam() != DestinationVendor::Sqlite)
        GTEST_SKIP() << "the source side does not depend on the destination's vendor";
    const QUrl pooler(TestServers::pgbouncerUrl());
    if (pooler.isEmpty()) {
        if (TestServers::serversRequired())
            FAIL() << "FERRY_TEST_PGBOUNCER_URL is not set; run the tests through scripts/test";
        GTEST_SKIP() << "no PgBouncer";
    }
    const QString folder = m_dir.filePath(QStringLiteral("workspace"));
    Json source{{"name", "app"}, {"vendor", "postgres"}, {"host", pooler.host().toStdString()}, {"port", pooler.port()},
                {"database", m_source->name().toStdString()}, {"username", m_source->userName().toStdString()},
                {"password_env", "PGPASSWORD"}, {"ssl_mode", "disable"}};
    WorkspaceFiles::write(folder, QStringLiteral("sources/app.json"), source);
    Json model = modelJson();
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = day(-1).toSecsSinceEpoch();
    WorkspaceFiles::write(folder, QStringLiteral("models/events.json"), model);
    WorkspaceFiles::write(folder, QStringLiteral("products/core.json"), WorkspaceFiles::product(QStringLiteral("core"), {QStringLiteral("events")}));
    const QStringList tenants{QStringLiteral("t_acme"), QStringLiteral("t_globex")};
    for (const QString &tenant : tenants) {
        const QString name = tenant.mid(2);
        WorkspaceFiles::write(folder, QStringLiteral("recipients/%1.json").arg(name),
                              WorkspaceFiles::recipient(name, tenant, {QStringLiteral("core")}));
        WorkspaceFiles::write(folder, QStringLiteral("destinations/%1.json").arg(name),
                              Json{{"name", name.toStdString()}, {"recipient", name.toStdString()}, {"vendor", "sqlite"},
                                   {"path", m_dir.filePath(name + QStringLiteral(".db")).toStdString()}});
    }
    const auto applied = WorkspaceApplier(m_state, {}).apply(folder);
    ASSERT_TRUE(applied.ok()) << applied.error().toString().toStdString();
    ASSERT_FALSE(applied->report.hasErrors());

    QMap<QString, QMap<QString, QString>> expected;
    for (int round = 0; round < 3; ++round) {
        // Ten days of rows for each tenant, interleaved, a few a day.
        for (int n = 0; n < 40; ++n) {
            for (const QString &tenant : tenants) {
                const QString id = QStringLiteral("%1-r%2-%3").arg(tenant).arg(round).arg(n);
                insert(id, tenant, day(round * 10 + n / 4).addSecs(n * 60), tenant);
                expected[tenant].insert(id, tenant);
            }
        }
        TransferStore store(m_state->connection());
        QStringList ids;
        for (const QString &tenant : tenants) {
            TransferRequest request;
            request.destinationName = request.recipientName = tenant.mid(2);
            QSqlQuery query(m_state->connection());
            query.prepare(QStringLiteral("SELECT id FROM destinations WHERE name = ?"));
            query.addBindValue(tenant.mid(2));
            ASSERT_TRUE(query.exec() && query.next());
            request.destinationId = query.value(0).toString();
            const Result<QString> id = store.enqueue(request, m_now);
            ASSERT_TRUE(id.ok());
            ids << *id;
        }
        WorkerPool::Options options;
        options.workers = 2;
        options.once = true;
        options.schedule = false;
        options.processPrefix = QStringLiteral("pooled:%1:").arg(round);
        options.pollMilliseconds = 20;
        options.clock = [this] { return m_now; };
        WorkerPool pool(m_state, options);
        pool.start();
        ASSERT_TRUE(pool.wait(120000));
        for (const QString &id : ids) {
            const Result<TransferRecord> record = store.load(id);
            ASSERT_TRUE(record.ok());
            EXPECT_EQ(record->status, QStringLiteral("SUCCESS")) << "round " << round << ": "
                                                                 << (record->error ? record->error->toString().toStdString() : "");
        }
        for (const QString &tenant : tenants)
            ASSERT_EQ(sqliteRows(m_dir.filePath(tenant.mid(2) + QStringLiteral(".db"))), expected[tenant])
                << "round " << round << ", recipient " << tenant.toStdString();
    }
}

// A case-insensitive collation on the tenant column lets "T_ACME" through the source's filter: the audit, comparing
// byte for byte, refuses the window, names the count, and nothing reaches the destination or the checkpoint.
TEST_P(TenantIsolationTest, TheAuditRefusesAWindowWithRowsOfAnotherTenant)
{
    sourceExec(QStringLiteral("CREATE COLLATION case_blind (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"));
    sourceExec(QStringLiteral("ALTER TABLE events ALTER COLUMN tenant_id TYPE text COLLATE case_blind"));
    insert(QStringLiteral("a1"), QStringLiteral("mine"), day(1));
    insert(QStringLiteral("a2"), QStringLiteral("mine"), day(2));
    insert(QStringLiteral("x1"), QStringLiteral("foreign"), day(3), QStringLiteral("T_ACME"));
    applyWorkspace(modelJson());

    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("ERROR"));
    const ModelMetrics metrics = modelOf(record);
    EXPECT_EQ(metrics.errorPhase, QStringLiteral("audit"));
    ASSERT_TRUE(metrics.error.has_value());
    EXPECT_EQ(metrics.error->code, QStringLiteral("FERRY-AUDIT-TENANT"));
    EXPECT_TRUE(metrics.error->message.contains(QStringLiteral("1 of 3 row(s)"))) << metrics.error->message.toStdString();
    EXPECT_TRUE(metrics.error->message.contains(QStringLiteral("T_ACME"))) << metrics.error->message.toStdString();
    EXPECT_EQ(checkpoint(), QString());

    // Later windows of a table that exists: the merge path refuses too, and the rows published before stay.
    sourceExec(QStringLiteral("DELETE FROM events WHERE id = 'x1'"));
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationCount(), 2);
    const QString before = checkpoint();
    insert(QStringLiteral("a3"), QStringLiteral("mine"), day(4));
    insert(QStringLiteral("x2"), QStringLiteral("foreign"), day(4), QStringLiteral("t_Acme"));
    const TransferRecord incremental = transfer();
    EXPECT_EQ(incremental.status, QStringLiteral("ERROR"));
    EXPECT_EQ(modelOf(incremental).errorPhase, QStringLiteral("audit"));
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("a1"), QStringLiteral("mine")},
                                                          {QStringLiteral("a2"), QStringLiteral("mine")}}));
    EXPECT_EQ(checkpoint(), before);
}

// A MariaDB source whose tenant column has the server's default (case-insensitive, trailing-space-blind)
// collation: recipient "t1" receives only the rows of "t1", not those of "T1" or "t1 ".
TEST_P(TenantIsolationTest, AMariaDbSourceComparesTheTenantByteForByte)
{
    FERRY_REQUIRE_MYSQL();
    if (GetParam() != DestinationVendor::Sqlite)
        GTEST_SKIP() << "the source side does not depend on the destination's vendor";
    TemporaryMysqlDatabase mysql;
    ASSERT_TRUE(mysql.isValid()) << mysql.error().toStdString();
    const QString connection = QStringLiteral("mysql-source");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), connection);
        db.setHostName(mysql.host());
        db.setPort(mysql.port());
        db.setUserName(mysql.userName());
        db.setPassword(TestServers::mysqlPassword());
        db.setDatabaseName(mysql.name());
        ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
        QSqlQuery query(db);
        for (const char *sql :
             {"CREATE TABLE events (id VARCHAR(64) PRIMARY KEY, tenant_id VARCHAR(64) COLLATE utf8mb4_general_ci NOT NULL, "
              "amount DECIMAL(12,2), note TEXT, updated_at DATETIME(6) NOT NULL, KEY (tenant_id, updated_at))",
              "INSERT INTO events VALUES ('a1', 't1', 1.5, 'mine', '2026-03-02 00:00:00'), "
              "('b1', 'T1', 1.5, 'upper', '2026-03-02 00:00:01'), ('c1', 't1 ', 1.5, 'padded', '2026-03-02 00:00:02'), "
              "('a2', 't1', 1.5, 'mine', '2026-03-03 00:00:00')"}) {
            ASSERT_TRUE(query.exec(QString::fromLatin1(sql))) << query.lastError().text().toStdString();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    m_tenant = QStringLiteral("t1");
    m_sourceOverride = Json{{"vendor", "mysql"}, {"host", mysql.host().toStdString()}, {"port", mysql.port()},
                            {"database", mysql.name().toStdString()}, {"username", mysql.userName().toStdString()},
                            {"password_env", "FERRY_TEST_MYSQL_PASSWORD"}};
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("a1"), QStringLiteral("mine")},
                                                          {QStringLiteral("a2"), QStringLiteral("mine")}}));
}

INSTANTIATE_TEST_SUITE_P(Destinations, TenantIsolationTest,
                         ::testing::Values(DestinationVendor::Postgres, DestinationVendor::MySql, DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test
