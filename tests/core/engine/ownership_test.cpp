// One owner per running transfer: the pool heartbeats until its last transfer ended, a transfer another process
// marked ORPHANED (or took over) is never written again and stops before its next publish, and a restarted process
// with the same pid tells its predecessor's transfers from its own.
#include "engine_fixture.h"

#include "engine/dispatcher.h"
#include "engine/worker_pool.h"
#include "state/transaction_guard.h"
#include "state/transfer_store.h"
#include "state/workspace_store.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <atomic>

namespace ferry::test {

namespace {


// "Another process" (its own worker prefix) that finds no heartbeat newer than a day after `now`.
QStringList orphanFromElsewhere(const std::shared_ptr<StateDatabase> &state, const QDateTime &now)
{
    const Result<QStringList> marked =
        TransferStore(state->connection()).orphanStale(now.addDays(1), now.addDays(1), QStringLiteral("other-host:7:"));
    EXPECT_TRUE(marked.ok()) << (marked.ok() ? "" : marked.error().toString().toStdString());
    return marked.ok() ? *marked : QStringList();
}

} // namespace

// The state database follows the parameter: PostgreSQL state with a PostgreSQL destination, SQLite state with an
// SQLite one.
class OwnershipTest : public EngineTest
{
protected:
    void SetUp() override
    {
        m_postgresState = GetParam() == DestinationVendor::Postgres;
        EngineTest::SetUp();
    }

    // One row on each of three days, one window a day.
    void threeWindows()
    {
        for (int d = 0; d < 3; ++d)
            insert(QStringLiteral("w%1").arg(d), QStringLiteral("v"), day(d).addSecs(3600));
        Json model = modelJson();
        model["max_transfer_time_window_seconds"] = 86400;
        model["min_start_time_epoch"] = day(0).toSecsSinceEpoch();
        applyWorkspace(model);
        m_now = day(3);
    }

    QString enqueue()
    {
        TransferRequest request;
        request.destinationName = QStringLiteral("acme");
        request.recipientName = QStringLiteral("acme");
        QSqlQuery query(m_state->connection());
        if (query.exec(QStringLiteral("SELECT id FROM destinations WHERE name = 'acme'")) && query.next())
            request.destinationId = query.value(0).toString();
        query.finish();
        const Result<QString> id = TransferStore(m_state->connection()).enqueue(request, m_now);
        EXPECT_TRUE(id.ok());
        return id.ok() ? *id : QString();
    }

    // One worker with a one-second heartbeat, whose transfer sets `reached` at its first publish and waits there
    // until `release`; its clock is the fixture's day, moving on in real time.
    WorkerPool::Options heldAtFirstPublish(const QString &processPrefix, std::atomic<bool> &reached,
                                           std::atomic<bool> &release) const
    {
        WorkerPool::Options options;
        options.workers = 1;
        options.processPrefix = processPrefix;
        options.heartbeatSeconds = 1;
        options.schedule = false;
        options.pollMilliseconds = 50;
        options.hooks.beforePublish = [&reached, &release](const QString &, int window) {
            if (window == 0) {
                reached = true;
                while (!release)
                    QThread::msleep(20);
            }
            return Status();
        };
        const QDateTime start = m_now;
        const QDateTime base = QDateTime::currentDateTimeUtc();
        options.clock = [start, base] { return start.addMSecs(base.msecsTo(QDateTime::currentDateTimeUtc())); };
        return options;
    }

    // A one-worker pool whose transfer waits at its first publish until `release` is set. On scope exit it is
    // released and the pool killed, so a failed assertion never leaves a worker running.
    class HeldPool
    {
    public:
        HeldPool(const OwnershipTest &test, const QString &processPrefix)
            : options(test.heldAtFirstPublish(processPrefix, reached, release)), pool(test.m_state, options)
        {
        }
        ~HeldPool()
        {
            release = true;
            pool.stop(WorkerPool::Stop::Kill);
            pool.wait(30000);
        }
        // Starts the pool; whether its transfer reached its first publish.
        bool startAndHold()
        {
            pool.start();
            return eventually([this] { return reached.load(); });
        }

        std::atomic<bool> reached{false}, release{false};
        const WorkerPool::Options options;
        WorkerPool pool;
    };

    QString runningId()
    {
        QSqlQuery query(m_state->connection());
        query.exec(QStringLiteral("SELECT id FROM transfers WHERE status = 'RUNNING'"));
        return query.next() ? query.value(0).toString() : QString();
    }

    QString logOf(const QString &transferId)
    {
        QSqlQuery query(m_state->connection());
        query.prepare(QStringLiteral("SELECT message FROM log_events WHERE transfer_id = ? ORDER BY id"));
        query.addBindValue(transferId);
        query.exec();
        QStringList messages;
        while (query.next())
            messages << query.value(0).toString();
        return messages.join(QLatin1Char('\n'));
    }
};

TEST_P(OwnershipTest, ATransferOrphanedByAnotherProcessIsNeverOverwrittenAndStopsBeforeItsNextPublish)
{
    threeWindows();
    QStringList orphaned;
    EngineHooks hooks;
    hooks.beforePublish = [&](const QString &, int window) {
        if (window == 0)
            orphaned = orphanFromElsewhere(m_state, m_now);
        return Status();
    };
    const TransferRecord record = transfer({}, hooks);
    ASSERT_EQ(orphaned.size(), 1);
    EXPECT_EQ(record.status, QStringLiteral("ORPHANED"));
    ASSERT_TRUE(record.error.has_value());
    EXPECT_EQ(record.error->code, QStringLiteral("FERRY-ORPHANED"));
    EXPECT_EQ(modelOf(record).status, QStringLiteral("ORPHANED"));
    // Window 1 was already being published when the other process took the transfer; nothing after it.
    EXPECT_EQ(destinationCount(), 1);
    EXPECT_TRUE(logOf(record.id).contains(QStringLiteral("no longer owns this transfer"))) << logOf(record.id).toStdString();
}

TEST_P(OwnershipTest, ATransferAnotherWorkerTookOverIsNeverOverwrittenAndStopsBeforeItsNextPublish)
{
    threeWindows();
    const QString other = QStringLiteral("other-host:7:0badcafe:1");
    EngineHooks hooks;
    hooks.beforePublish = [&](const QString &, int window) {
        if (window == 0) {
            QSqlQuery query(m_state->connection());
            query.prepare(QStringLiteral("UPDATE transfers SET worker_id = ? WHERE status = 'RUNNING'"));
            query.addBindValue(other);
            EXPECT_TRUE(query.exec());
        }
        return Status();
    };
    const TransferRecord record = transfer({}, hooks);
    EXPECT_EQ(record.status, QStringLiteral("RUNNING"));
    EXPECT_EQ(record.workerId, other);
    EXPECT_EQ(modelOf(record).windowsDone, 0); // its progress after the takeover was not recorded either
    EXPECT_EQ(destinationCount(), 1);
}

TEST_P(OwnershipTest, ADrainingPoolKeepsHeartbeatsGoingUntilItsLastTransferEnds)
{
    threeWindows();
    const QString id = enqueue();
    HeldPool held(*this, QStringLiteral("drain:1:"));
    ASSERT_TRUE(held.startAndHold()) << "the transfer never reached its first publish";
    held.pool.stop(WorkerPool::Stop::Drain); // what the first SIGINT of `ferryctl run` does
    QThread::msleep(4000);
    // Another process looking for dead workers finds this one's transfer alive.
    const QDateTime now = held.options.clock();
    TransferStore store(m_state->connection());
    const Result<QStringList> orphaned = store.orphanStale(now.addSecs(-3), now, QStringLiteral("other-host:7:"));
    ASSERT_TRUE(orphaned.ok()) << orphaned.error().toString().toStdString();
    EXPECT_TRUE(orphaned->isEmpty()) << "the draining pool stopped its heartbeats";
    held.release = true;
    ASSERT_TRUE(held.pool.wait(30000));
    EXPECT_FALSE(held.pool.fatalError().has_value());
    const Result<TransferRecord> record = store.load(id);
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationCount(), 3);
}

TEST_P(OwnershipTest, AFailedHeartbeatIsRetriedAndTheTransferRunsOn)
{
    threeWindows();
    // While beat_failures has a row, the state database refuses heartbeats.
    QSqlQuery query(m_state->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("CREATE TABLE beat_failures (x INTEGER)")));
    if (m_postgresState) {
        ASSERT_TRUE(query.exec(QStringLiteral(
            "CREATE FUNCTION refuse_beats() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.heartbeat_at IS "
            "DISTINCT FROM OLD.heartbeat_at AND EXISTS (SELECT 1 FROM beat_failures) THEN RAISE EXCEPTION "
            "'heartbeat refused'; END IF; RETURN NEW; END $$")));
        ASSERT_TRUE(query.exec(QStringLiteral("CREATE TRIGGER refuse_beats BEFORE UPDATE ON transfers FOR EACH ROW "
                                              "EXECUTE FUNCTION refuse_beats()")));
    } else {
        ASSERT_TRUE(query.exec(QStringLiteral(
            "CREATE TRIGGER refuse_beats BEFORE UPDATE OF heartbeat_at ON transfers WHEN NEW.heartbeat_at IS NOT "
            "OLD.heartbeat_at AND EXISTS (SELECT 1 FROM beat_failures) BEGIN SELECT RAISE(ABORT, 'heartbeat refused'); END")));
    }
    const QString id = enqueue();
    HeldPool held(*this, QStringLiteral("beat:1:"));
    ASSERT_TRUE(held.startAndHold()) << "the transfer never reached its first publish";
    ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO beat_failures VALUES (1)")));
    QThread::msleep(2500); // two heartbeats refused
    ASSERT_TRUE(query.exec(QStringLiteral("DELETE FROM beat_failures")));
    TransferStore store(m_state->connection());
    const QDateTime refused = store.load(id)->heartbeatAt;
    QThread::msleep(2500);
    EXPECT_GT(store.load(id)->heartbeatAt, refused) << "no heartbeat after the state database took them again";
    EXPECT_FALSE(held.pool.fatalError().has_value()) << held.pool.fatalError().value_or(Error{}).toString().toStdString();
    held.release = true;
    held.pool.stop(WorkerPool::Stop::Drain);
    ASSERT_TRUE(held.pool.wait(30000));
    EXPECT_EQ(store.load(id)->status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationCount(), 3);
}

TEST_P(OwnershipTest, AHeartbeatThatFindsItsTransferOrphanedInterruptsItsLongStatement)
{
    if (GetParam() != DestinationVendor::Postgres)
        GTEST_SKIP() << "a statement asleep at the destination is seen on PostgreSQL";
    insert(QStringLiteral("a1"), QStringLiteral("v1"), day(1));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    destinationQuery(QStringLiteral("CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS "
                                    "$$ BEGIN PERFORM pg_sleep(120); RETURN NEW; END $$"));
    destinationQuery(QStringLiteral("CREATE TRIGGER slow BEFORE INSERT OR UPDATE ON events FOR EACH ROW EXECUTE FUNCTION slow()"));
    const QString sleeping = QStringLiteral("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                                            "AND wait_event = 'PgSleep'");
    insert(QStringLiteral("a2"), QStringLiteral("v1"), day(2));
    const QString id = enqueue();

    WorkerPool::Options options;
    options.workers = 1;
    options.processPrefix = QStringLiteral("slow:1:");
    options.heartbeatSeconds = 1;
    options.schedule = false;
    options.pollMilliseconds = 50;
    options.clock = [this] { return m_now; };
    WorkerPool pool(m_state, options);
    QMutex mutex;
    QStringList finished;
    QObject::connect(&pool, &WorkerPool::transferFinished, &pool,
                     [&](const QString &transfer, const QString &status) {
                         QMutexLocker lock(&mutex);
                         finished << transfer + QLatin1Char(' ') + status;
                     },
                     Qt::DirectConnection);
    auto cleanup = qScopeGuard([&pool] {
        pool.stop(WorkerPool::Stop::Kill);
        pool.wait(30000);
    });
    pool.start();
    ASSERT_TRUE(eventually([&] { return !destinationQuery(sleeping).isEmpty(); })) << "the transfer never reached its publish";
    QElapsedTimer taken;
    taken.start();
    ASSERT_EQ(orphanFromElsewhere(m_state, m_now), QStringList{id});
    ASSERT_TRUE(eventually(
        [&] {
            QMutexLocker lock(&mutex);
            return !finished.isEmpty();
        },
        10000))
        << "the transfer ran on for 10 s after it was orphaned";
    EXPECT_LT(taken.elapsed(), 5000);
    EXPECT_EQ(finished, QStringList{id + QStringLiteral(" ORPHANED")});
    const Result<TransferRecord> record = TransferStore(m_state->connection()).load(id);
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->status, QStringLiteral("ORPHANED"));
    EXPECT_EQ(destinationNotes().keys(), QStringList{QStringLiteral("a1")});
    EXPECT_TRUE(destinationQuery(sleeping).isEmpty()) << "the interrupted statement still runs";
}

TEST_P(OwnershipTest, AProcessRestartedWithTheSamePidOrphansItsPredecessorsTransfers)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), day(1));
    applyWorkspace(modelJson());
    WorkerPool::Options options;
    options.workers = 1;
    options.processPrefix = QStringLiteral("box:1:"); // PID 1 in a container, each time
    options.schedule = false;
    options.pollMilliseconds = 50;
    options.clock = [this] { return m_now; };
    // The predecessor ran one transfer...
    QString predecessor;
    {
        WorkerPool::Options once = options;
        once.once = true;
        WorkerPool pool(m_state, once);
        QObject::connect(&pool, &WorkerPool::transferStarted, &pool,
                         [&predecessor](const QString &, const QString &worker) { predecessor = worker; }, Qt::DirectConnection);
        enqueue();
        pool.start();
        ASSERT_TRUE(pool.wait(30000));
    }
    ASSERT_TRUE(predecessor.startsWith(QStringLiteral("box:1:"))) << predecessor.toStdString();
    // ...and died while running the next, an hour ago.
    const QString id = enqueue();
    const Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
    ASSERT_TRUE(workspace.ok());
    const QDateTime hourAgo = m_now.addSecs(-3600);
    const Result<Dispatcher::Attempt> claimed = Dispatcher(m_state, [hourAgo] { return hourAgo; }).tryClaim(*workspace, id, predecessor);
    ASSERT_TRUE(claimed.ok());
    ASSERT_EQ(claimed->outcome, Dispatcher::Outcome::Claimed);

    // The restarted process, same host and pid, takes it for dead.
    WorkerPool pool(m_state, options);
    QMutex mutex;
    QStringList orphaned;
    QObject::connect(&pool, &WorkerPool::housekeeping, &pool,
                     [&](const QStringList &ids, const QStringList &, const QStringList &) {
                         QMutexLocker lock(&mutex);
                         orphaned << ids;
                     },
                     Qt::DirectConnection);
    pool.start();
    TransferStore store(m_state->connection());
    const bool marked = eventually([&] { return store.load(id)->status == QLatin1String("ORPHANED"); }, 5000);
    pool.stop(WorkerPool::Stop::Drain);
    ASSERT_TRUE(pool.wait(30000));
    EXPECT_TRUE(marked) << "the predecessor's transfer (worker " << predecessor.toStdString() << ") stayed RUNNING";
    QMutexLocker lock(&mutex);
    EXPECT_EQ(orphaned, QStringList{id});
}

TEST_P(OwnershipTest, ATransferAndItsTagsAreEnqueuedAllOrNothing)
{
    applyWorkspace(modelJson());
    // The state database refuses tags: the transfer must not be left without them.
    QSqlQuery query(m_state->connection());
    if (m_postgresState) {
        ASSERT_TRUE(query.exec(QStringLiteral("CREATE FUNCTION refuse_tags() RETURNS trigger LANGUAGE plpgsql AS "
                                              "$$ BEGIN RAISE EXCEPTION 'tags refused'; END $$")));
        ASSERT_TRUE(query.exec(QStringLiteral("CREATE TRIGGER refuse_tags BEFORE INSERT ON transfer_tags FOR EACH ROW "
                                              "EXECUTE FUNCTION refuse_tags()")));
    } else {
        ASSERT_TRUE(query.exec(QStringLiteral("CREATE TRIGGER refuse_tags BEFORE INSERT ON transfer_tags BEGIN "
                                              "SELECT RAISE(ABORT, 'tags refused'); END")));
    }
    TransferRequest request;
    request.destinationName = QStringLiteral("acme");
    request.recipientName = QStringLiteral("acme");
    request.destinationId = QStringLiteral("acme-id");
    request.tags.insert(QStringLiteral("team"), QStringLiteral("data"));
    TransferStore store(m_state->connection());
    auto count = [&] {
        QSqlQuery rows(m_state->connection());
        return rows.exec(QStringLiteral("SELECT COUNT(*) FROM transfers")) && rows.next() ? rows.value(0).toInt() : -1;
    };
    const Result<QString> alone = store.enqueue(request, m_now);
    ASSERT_FALSE(alone.ok());
    EXPECT_TRUE(alone.error().message.contains(QStringLiteral("tags refused"))) << alone.error().toString().toStdString();
    EXPECT_EQ(count(), 0);

    // Inside a caller's transaction: only the failed request is undone, the transaction goes on.
    {
        TransactionGuard transaction(m_state->connection());
        ASSERT_TRUE(transaction.isActive());
        ASSERT_FALSE(store.enqueue(request, m_now).ok());
        TransferRequest untagged = request;
        untagged.tags.clear();
        const Result<QString> kept = store.enqueue(untagged, m_now);
        ASSERT_TRUE(kept.ok()) << kept.error().toString().toStdString();
        ASSERT_TRUE(transaction.commit().ok());
    }
    EXPECT_EQ(count(), 1);
}

TEST_P(OwnershipTest, ADestinationOneLaneCannotReachKeepsWhatAnotherLanePublished)
{
    if (GetParam() != DestinationVendor::Postgres)
        GTEST_SKIP() << "a connection limit per role is PostgreSQL's";
    // A destination role allowed one connection: of two lanes, one connects and publishes, the other cannot.
    const QString user = QStringLiteral("lane_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    destinationQuery(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'lane-secret' CONNECTION LIMIT 1").arg(user));
    destinationQuery(QStringLiteral("GRANT ALL ON SCHEMA public TO %1").arg(user));
    qputenv("FERRY_TEST_LANE_PASSWORD", "lane-secret");
    m_destinationOverride = Json{{"username", user.toStdString()}, {"password_env", "FERRY_TEST_LANE_PASSWORD"},
                                 {"max_concurrent_queries_per_transfer", 2}};
    m_sourceOverride = Json{{"max_concurrent_queries_per_transfer", 2}};
    Json copy = modelJson();
    copy["model_name"] = "events_copy";
    m_extraModels = {copy};
    insert(QStringLiteral("a1"), QStringLiteral("v1"), day(1));
    insert(QStringLiteral("a2"), QStringLiteral("v1"), day(2));
    applyWorkspace(modelJson());
    // Whichever model got the connection publishes only once the other failed to connect.
    EngineHooks hooks;
    hooks.beforePublish = [&](const QString &model, int) {
        const QString other = model == QLatin1String("events") ? QStringLiteral("events_copy") : QStringLiteral("events");
        eventually([&] {
            QSqlQuery query(m_state->connection());
            query.prepare(QStringLiteral("SELECT status FROM transfer_models WHERE model_name = ?"));
            query.addBindValue(other);
            return query.exec() && query.next() && query.value(0).toString() == QLatin1String("ERROR");
        }, 10000);
        return Status();
    };
    const TransferRecord record = transfer({}, hooks);
    ASSERT_EQ(record.modelMetrics.size(), 2);
    const ModelMetrics published = modelOf(record, QStringLiteral("events")).status == QLatin1String("SUCCESS")
                                       ? modelOf(record, QStringLiteral("events"))
                                       : modelOf(record, QStringLiteral("events_copy"));
    const ModelMetrics refused = published.modelName == QLatin1String("events") ? modelOf(record, QStringLiteral("events_copy"))
                                                                                : modelOf(record, QStringLiteral("events"));
    EXPECT_EQ(published.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(published.rowsWritten, 2);
    EXPECT_EQ(refused.status, QStringLiteral("ERROR"));
    EXPECT_EQ(refused.errorPhase, QStringLiteral("connect"));
    EXPECT_EQ(record.status, QStringLiteral("PARTIAL_FAILURE"));
    EXPECT_EQ(record.rowsTransferred, 2);
    EXPECT_EQ(destinationCount(published.modelName), 2);
}

INSTANTIATE_TEST_SUITE_P(State, OwnershipTest, ::testing::Values(DestinationVendor::Postgres, DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test
