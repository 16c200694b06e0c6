// ferryctl run as a service: one owner of an SQLite queue, a clean stop on SIGTERM, and three processes draining
// one PostgreSQL queue without ever breaking a dispatch rule.
#include "ferryctl_transfer_fixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <csignal>
#include <map>

namespace ferry::test {

using namespace Qt::StringLiterals;

namespace {

std::string s(const QString &text)
{
    return text.toStdString();
}

// Starts `ferryctl ARGS` in the background (the caller waits for it).
void startFerryctl(QProcess &process, const QStringList &arguments)
{
    process.start(QStringLiteral(FERRYCTL_PATH), arguments);
    ASSERT_TRUE(process.waitForStarted());
}

} // namespace

TEST_F(FerryctlTransferTest, ASecondRunOnOneSqliteStateRefusesAndTheFirstStopsCleanlyOnSigterm)
{
    QProcess first;
    startFerryctl(first, withState({u"run"_s, u"--workers"_s, u"1"_s}));
    const QString lock = m_state.mid(QStringLiteral("sqlite:").size()) + u".dispatch.lock"_s;
    QElapsedTimer waited;
    waited.start();
    while (!QFile::exists(lock) && waited.elapsed() < 20000)
        QThread::msleep(20);
    ASSERT_TRUE(QFile::exists(lock)) << "the first run never took the dispatch lock " << s(lock);

    const CommandRun second = ferryctl({u"run"_s, u"--once"_s});
    EXPECT_EQ(second.exitCode, 1) << second.text();
    EXPECT_TRUE(second.err.contains(u"already dispatches transfers from the SQLite state database"_s)) << second.text();
    EXPECT_TRUE(second.err.contains(u"PostgreSQL state database"_s)) << second.text();

    ::kill(pid_t(first.processId()), SIGTERM);
    ASSERT_TRUE(first.waitForFinished(15000)) << "run did not stop on SIGTERM";
    EXPECT_EQ(first.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(first.exitCode(), 0) << s(QString::fromUtf8(first.readAllStandardError()));
    EXPECT_FALSE(QFile::exists(lock)) << "the lock is released at exit";
    // Now the queue is free to serve again.
    const CommandRun again = ferryctl({u"run"_s, u"--once"_s});
    EXPECT_EQ(again.exitCode, 0) << again.text();
}

TEST_F(FerryctlTransferTest, ThreeProcessesDrainTwoHundredTransfersToTwentyDestinationsWithoutBreakingARule)
{
    FERRY_REQUIRE_POSTGRES();
    createSource();
    fillSource();
    TemporaryPostgresDatabase stateDb;
    ASSERT_TRUE(stateDb.isValid()) << s(stateDb.error());
    m_state = stateDb.url();
    const int destinations = 20, perDestination = 10;
    QList<Json> targets;
    for (int d = 1; d <= destinations; ++d)
        targets << sqliteDestination(u"d%1"_s.arg(d));
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, targets));
    for (int round = 0; round < perDestination; ++round) {
        for (int d = 1; d <= destinations; ++d)
            ASSERT_FALSE(createTransfer({u"--destination"_s, u"d%1"_s.arg(d)}).isEmpty());
    }

    QProcess workers[3];
    for (QProcess &worker : workers)
        ASSERT_NO_FATAL_FAILURE(startFerryctl(worker, withState({u"run"_s, u"--once"_s, u"--workers"_s, u"2"_s})));
    for (QProcess &worker : workers) {
        ASSERT_TRUE(worker.waitForFinished(240000)) << "a worker did not drain the queue in 4 minutes";
        EXPECT_EQ(worker.exitCode(), 0) << s(QString::fromUtf8(worker.readAllStandardError()));
    }

    // Read what happened straight from the state database.
    const QString connection = u"dispatch-state"_s;
    m_connections << connection;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
    db.setHostName(stateDb.host());
    db.setPort(stateDb.port());
    db.setUserName(stateDb.userName());
    db.setPassword(qEnvironmentVariable("PGPASSWORD"));
    db.setDatabaseName(stateDb.name());
    ASSERT_TRUE(db.open()) << s(db.lastError().text());
    QSqlQuery query(db);
    ASSERT_TRUE(query.exec(u"SELECT destination_name, status, started_at, ended_at, worker_id FROM transfers "
                           "ORDER BY destination_name, started_at"_s))
        << s(query.lastError().text());
    std::map<QString, QList<std::pair<QDateTime, QDateTime>>> runs;
    QSet<QString> processes;
    int count = 0;
    while (query.next()) {
        ++count;
        EXPECT_EQ(query.value(1).toString(), u"SUCCESS"_s) << s(query.value(0).toString());
        runs[query.value(0).toString()] << std::make_pair(query.value(2).toDateTime(), query.value(3).toDateTime());
        processes << query.value(4).toString().section(QLatin1Char(':'), 0, 1);
    }
    EXPECT_EQ(count, destinations * perDestination);
    EXPECT_EQ(processes.size(), 3) << "every process ran some transfers";
    // max_concurrent_transfers is 1 per destination: its transfers never overlap.
    for (const auto &[destination, intervals] : runs) {
        ASSERT_EQ(intervals.size(), perDestination) << s(destination);
        for (qsizetype i = 1; i < intervals.size(); ++i) {
            EXPECT_LE(intervals[i - 1].second, intervals[i].first)
                << s(destination) << ": run " << i << " started before run " << i - 1 << " ended";
        }
    }
    // And each destination holds the recipient's rows once.
    const QString expected = sourceValue(u"SELECT count(*) FROM events WHERE tenant_id = 't_acme'"_s);
    for (int d = 1; d <= destinations; ++d) {
        const QList<QStringList> rows = sqliteRows(u"d%1"_s.arg(d), u"SELECT count(*) FROM events"_s);
        ASSERT_EQ(rows.size(), 1);
        EXPECT_EQ(rows[0][0], expected) << "destination d" << d;
    }
}

TEST_F(FerryctlTransferTest, ModelsOfOneTransferRunSideBySideUpToTheQueryLimit)
{
    FERRY_REQUIRE_POSTGRES();
    createSource();
    fillSource();
    m_sourceExtra = Json{{"max_concurrent_queries_per_transfer", 2}};
    Json lanes = sqliteDestination(u"lanes"_s);
    lanes["max_concurrent_queries_per_transfer"] = 2;
    const QStringList names{u"events_a"_s, u"events_b"_s, u"events_c"_s};
    QList<Json> models;
    for (const QString &name : names)
        models << modelJson(name);
    ASSERT_NO_FATAL_FAILURE(applyWorkspace(models, {lanes, sqliteDestination(u"serial"_s)}));
    const QString expected = sourceValue(u"SELECT count(*) FROM events WHERE tenant_id = 't_acme'"_s);

    // The most models of a transfer that were running at one moment, from their recorded start and end.
    auto mostAtOnce = [&](const QString &id) {
        const QString connection = openSqlite(m_state.mid(QStringLiteral("sqlite:").size()));
        const QList<QStringList> spans =
            rows(connection, u"SELECT started_at, ended_at FROM transfer_models WHERE transfer_id = '%1'"_s.arg(id));
        EXPECT_EQ(spans.size(), names.size());
        int most = 0;
        for (const QStringList &span : spans) {
            int atOnce = 0;
            for (const QStringList &other : spans)
                atOnce += other[0] <= span[0] && span[0] < other[1] ? 1 : 0;
            most = std::max(most, atOnce);
        }
        return most;
    };
    for (const QString &destination : {u"lanes"_s, u"serial"_s}) {
        const QString id = createTransfer({u"--destination"_s, destination});
        runOnce();
        const Json shown = showJson(id);
        ASSERT_EQ(text(shown["status"]), u"SUCCESS"_s) << shown.dump(2);
        for (const QString &name : names) {
            const QList<QStringList> count = sqliteRows(destination, u"SELECT count(*) FROM %1"_s.arg(name));
            ASSERT_EQ(count.size(), 1);
            EXPECT_EQ(count[0][0], expected) << s(destination) << " " << s(name);
        }
        EXPECT_EQ(mostAtOnce(id), destination == u"lanes"_s ? 2 : 1) << s(destination);
    }
}

} // namespace ferry::test
