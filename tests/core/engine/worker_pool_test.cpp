// The worker pool end to end: the scheduler enqueues an enabled destination every period (on an injected clock),
// the workers run what it enqueues and report by signals.
#include "engine_fixture.h"

#include "engine/worker_pool.h"
#include "state/transfer_store.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QMutex>
#include <QScopeGuard>
#include <QThread>

namespace ferry::test {

TEST_P(EngineTest, TheWorkerPoolRunsAnEnabledDestinationEveryPeriodAndReportsBySignals)
{
    if (GetParam() != DestinationVendor::Sqlite)
        GTEST_SKIP() << "dispatch does not depend on the destination's vendor";
    insert(QStringLiteral("a1"), QStringLiteral("v1"), day(1));
    m_destinationOverride = Json{{"enabled", true}, {"frequency_minutes", 15}};
    applyWorkspace(modelJson());

    std::atomic<qint64> clockMs{m_now.toMSecsSinceEpoch()};
    WorkerPool::Options options;
    options.workers = 2;
    options.processPrefix = QStringLiteral("test:1:");
    options.pollMilliseconds = 50;
    options.scheduleSeconds = 1;
    options.clock = [&clockMs] { return QDateTime::fromMSecsSinceEpoch(clockMs, Qt::UTC); };
    WorkerPool pool(m_state, options);
    QMutex mutex;
    QStringList finished, started;
    QObject::connect(&pool, &WorkerPool::transferStarted, &pool,
                     [&](const QString &id, const QString &worker) {
                         QMutexLocker lock(&mutex);
                         started << id + QLatin1Char('@') + worker;
                     },
                     Qt::DirectConnection);
    QObject::connect(&pool, &WorkerPool::transferFinished, &pool,
                     [&](const QString &id, const QString &status) {
                         QMutexLocker lock(&mutex);
                         finished << id + QLatin1Char(' ') + status;
                     },
                     Qt::DirectConnection);
    auto finishedCount = [&] {
        QMutexLocker lock(&mutex);
        return finished.size();
    };
    pool.start();
    ASSERT_TRUE(eventually([&] { return finishedCount() == 1; })) << "the scheduled transfer never ran";
    // Within the period nothing more is enqueued.
    QThread::msleep(1500);
    EXPECT_EQ(finishedCount(), 1);
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("a1"), QStringLiteral("v1")}}));

    insert(QStringLiteral("a2"), QStringLiteral("v1"), day(2));
    clockMs += 15 * 60 * 1000;
    ASSERT_TRUE(eventually([&] { return finishedCount() == 2; })) << "the next period's transfer never ran";
    pool.stop(WorkerPool::Stop::Drain);
    ASSERT_TRUE(pool.wait(20000));
    EXPECT_FALSE(pool.fatalError().has_value());
    EXPECT_EQ(destinationCount(), 2);
    QMutexLocker lock(&mutex);
    ASSERT_EQ(finished.size(), 2);
    for (const QString &line : std::as_const(finished))
        EXPECT_TRUE(line.endsWith(QStringLiteral(" SUCCESS"))) << line.toStdString();
    ASSERT_EQ(started.size(), 2);
    EXPECT_TRUE(started[0].contains(QStringLiteral("@test:1:"))) << started[0].toStdString();
    const Result<TransferRecord> record = TransferStore(m_state->connection()).load(finished[1].section(QLatin1Char(' '), 0, 0));
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->reason, QStringLiteral("schedule"));
}

TEST_P(EngineTest, AKillInterruptsALongStatementWithinSecondsAndPublishesNothing)
{
    const bool postgres = GetParam() == DestinationVendor::Postgres;
    const bool sqlite = GetParam() == DestinationVendor::Sqlite;
    insert(QStringLiteral("a1"), QStringLiteral("v1"), day(1));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    // The recipient's own trigger makes the next publish take minutes.
    if (postgres) {
        destinationQuery(QStringLiteral("CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS "
                                        "$$ BEGIN PERFORM pg_sleep(120); RETURN NEW; END $$"));
        destinationQuery(QStringLiteral("CREATE TRIGGER slow BEFORE INSERT OR UPDATE ON events FOR EACH ROW EXECUTE FUNCTION slow()"));
    } else if (!sqlite) {
        destinationQuery(QStringLiteral("CREATE TRIGGER slow BEFORE INSERT ON events FOR EACH ROW SET @slept = SLEEP(120)"));
    } else {
        // SQLite cannot sleep: the trigger counts a cross join of 8 billion rows instead.
        destinationQuery(QStringLiteral("CREATE TABLE slow_rows AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                        "FROM c WHERE x < 2000) SELECT x FROM c"));
        destinationQuery(QStringLiteral("CREATE TRIGGER slow BEFORE INSERT ON events BEGIN "
                                        "SELECT count(*) FROM slow_rows a, slow_rows b, slow_rows c; END"));
    }
    // A statement of this destination database asleep in the trigger (SQLite: none to see from outside).
    const QString sleeping = postgres ? QStringLiteral("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                                                       "AND wait_event = 'PgSleep'")
                             : !sqlite ? QStringLiteral("SELECT 1 FROM information_schema.PROCESSLIST WHERE DB = DATABASE() "
                                                        "AND STATE = 'User sleep'")
                                       : QString();
    insert(QStringLiteral("a2"), QStringLiteral("v1"), day(2));

    TransferRequest request;
    request.destinationName = QStringLiteral("acme");
    request.recipientName = QStringLiteral("acme");
    QSqlQuery idQuery(m_state->connection());
    ASSERT_TRUE(idQuery.exec(QStringLiteral("SELECT id FROM destinations WHERE name = 'acme'")) && idQuery.next());
    request.destinationId = idQuery.value(0).toString();
    idQuery.finish(); // an open statement would hold a read snapshot on this thread's state connection
    TransferStore store(m_state->connection());
    const Result<QString> id = store.enqueue(request, m_now);
    ASSERT_TRUE(id.ok());

    WorkerPool::Options options;
    options.workers = 1;
    options.processPrefix = QStringLiteral("test:2:");
    options.pollMilliseconds = 50;
    options.schedule = false;
    options.clock = [this] { return m_now; };
    WorkerPool pool(m_state, options);
    auto stopOnFailure = qScopeGuard([&pool] { pool.stop(WorkerPool::Stop::Kill); });
    pool.start();
    // Wait until the publish statement is stuck in the trigger.
    if (sqlite) {
        ASSERT_TRUE(eventually([&] { return store.load(*id)->status == QLatin1String("RUNNING"); }));
        QThread::msleep(1500); // two rows to write: by now the writer is deep in the trigger
    } else {
        ASSERT_TRUE(eventually([&] { return !destinationQuery(sleeping).isEmpty(); })) << "the transfer never reached its publish";
    }
    QElapsedTimer killed;
    killed.start();
    const Result<QString> asked = store.cancel(*id);
    ASSERT_TRUE(asked.ok()) << asked.error().toString().toStdString();
    ASSERT_EQ(*asked, QStringLiteral("RUNNING")); // asked to stop: the worker marks it KILLED
    auto status = [&] {
        const Result<TransferRecord> record = store.load(*id);
        return record.ok() ? record->status : record.error().toString();
    };
    ASSERT_TRUE(eventually([&] { return status() == QLatin1String("KILLED"); }, 10000))
        << "still " << status().toStdString() << " after 10 s";
    EXPECT_LT(killed.elapsed(), 5000);
    pool.stop(WorkerPool::Stop::Drain);
    ASSERT_TRUE(pool.wait(20000));
    // Nothing of the interrupted window was published.
    EXPECT_EQ(destinationNotes().keys(), QStringList{QStringLiteral("a1")});
    if (!sqlite) {
        EXPECT_TRUE(destinationQuery(sleeping).isEmpty()) << "the interrupted statement still runs";
    }
}

} // namespace ferry::test
