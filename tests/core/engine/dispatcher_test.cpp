// The dispatch rules, expiry and the scheduler, on SQLite and on PostgreSQL state.
#include "state/state_test_fixture.h"

#include "engine/dispatcher.h"
#include "engine/scheduler.h"
#include "state/transfer_store.h"

#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <map>
#include <mutex>

namespace ferry::test {

namespace {

const QDateTime kNow(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);

// A workspace of `destinations` destinations ("d1".."dN"), each with its own limit, all fed by models m1..m3 of one
// source whose limit is `sourceLimit`.
Workspace workspaceWith(int destinations, int destinationLimit, int sourceLimit)
{
    Workspace workspace;
    Source source;
    source.id = QStringLiteral("src-1");
    source.name = QStringLiteral("app");
    source.maxConcurrentTransfers = sourceLimit;
    workspace.sources << source;
    Product product;
    product.name = QStringLiteral("all");
    for (const char *name : {"m1", "m2", "m3"}) {
        Model model;
        model.id = QStringLiteral("model-") + QLatin1String(name);
        model.name = QLatin1String(name);
        model.sourceName = source.name;
        workspace.models << model;
        product.models << model.name;
    }
    workspace.products << product;
    Recipient recipient;
    recipient.name = QStringLiteral("acme");
    workspace.recipients << recipient;
    for (int i = 1; i <= destinations; ++i) {
        Destination destination;
        destination.id = QStringLiteral("dest-%1").arg(i);
        destination.name = QStringLiteral("d%1").arg(i);
        destination.recipient = recipient.name;
        destination.products = {product.name};
        destination.maxConcurrentTransfers = destinationLimit;
        workspace.destinations << destination;
    }
    return workspace;
}

class DispatcherTest : public OpenedStateTest
{
protected:

    QString enqueue(const QString &destination, const QStringList &models = {}, const QDateTime &at = kNow)
    {
        TransferRequest request;
        request.destinationId = QStringLiteral("dest-") + destination.mid(1);
        request.destinationName = destination;
        request.recipientName = QStringLiteral("acme");
        request.models = models;
        const Result<QString> id = TransferStore(m_state->connection()).enqueue(request, at);
        EXPECT_TRUE(id.ok());
        return id.ok() ? *id : QString();
    }
    QString claimNext(const Workspace &workspace, const QString &worker = QStringLiteral("w1"))
    {
        const Result<std::optional<QString>> claimed = Dispatcher(m_state, [] { return kNow; }).claimNext(workspace, worker);
        EXPECT_TRUE(claimed.ok()) << (claimed.ok() ? "" : claimed.error().toString().toStdString());
        return claimed.ok() && *claimed ? **claimed : QString();
    }
    void finish(const QString &id)
    {
        TransferStore store(m_state->connection());
        const Result<TransferRecord> record = store.load(id);
        ASSERT_TRUE(record.ok());
        const Result<bool> finished = store.finish(id, record->workerId, QStringLiteral("SUCCESS"), 0, 0, std::nullopt, kNow);
        ASSERT_TRUE(finished.ok() && *finished);
    }
    QString statusOf(const QString &id)
    {
        const Result<TransferRecord> record = TransferStore(m_state->connection()).load(id);
        EXPECT_TRUE(record.ok());
        return record.ok() ? record->status : QString();
    }

};

} // namespace

TEST_P(DispatcherTest, ASecondTransferToADestinationWaitsPendingThenRunsWhenTheFirstEnds)
{
    const Workspace workspace = workspaceWith(1, 1, 10);
    const QString first = enqueue(QStringLiteral("d1"), {}, kNow.addSecs(-2));
    const QString second = enqueue(QStringLiteral("d1"), {}, kNow.addSecs(-1));
    EXPECT_EQ(claimNext(workspace), first);
    EXPECT_EQ(claimNext(workspace, QStringLiteral("w2")), QString());
    EXPECT_EQ(statusOf(second), QStringLiteral("PENDING"));
    const Result<Dispatcher::Attempt> attempt = Dispatcher(m_state, [] { return kNow; }).tryClaim(workspace, second, QStringLiteral("w2"));
    ASSERT_TRUE(attempt.ok());
    EXPECT_EQ(attempt->outcome, Dispatcher::Outcome::Waiting);
    EXPECT_TRUE(attempt->reason.contains(QStringLiteral("max_concurrent_transfers"))) << attempt->reason.toStdString();
    finish(first);
    EXPECT_EQ(claimNext(workspace, QStringLiteral("w2")), second);
    EXPECT_EQ(statusOf(second), QStringLiteral("RUNNING"));
}

TEST_P(DispatcherTest, TheSameModelNeverRunsTwiceToOneDestinationEvenBelowItsLimit)
{
    const Workspace workspace = workspaceWith(1, 3, 10);
    const QString m1 = enqueue(QStringLiteral("d1"), {QStringLiteral("m1")}, kNow.addSecs(-3));
    const QString m1m2 = enqueue(QStringLiteral("d1"), {QStringLiteral("m1"), QStringLiteral("m2")}, kNow.addSecs(-2));
    const QString m3 = enqueue(QStringLiteral("d1"), {QStringLiteral("m3")}, kNow.addSecs(-1));
    EXPECT_EQ(claimNext(workspace), m1);
    // m1m2 is older than m3 but holds m1: m3 goes first, m1m2 keeps its place.
    EXPECT_EQ(claimNext(workspace), m3);
    EXPECT_EQ(claimNext(workspace), QString());
    EXPECT_EQ(statusOf(m1m2), QStringLiteral("PENDING"));
    finish(m1);
    EXPECT_EQ(claimNext(workspace), m1m2);
    // A transfer of every model (no list) waits for any of them.
    const QString all = enqueue(QStringLiteral("d1"));
    finish(m3);
    EXPECT_EQ(claimNext(workspace), QString());
    finish(m1m2);
    EXPECT_EQ(claimNext(workspace), all);
}

TEST_P(DispatcherTest, ARunningIntegrityCheckHoldsTransfersToItsDestination)
{
    const Workspace workspace = workspaceWith(2, 1, 10);
    QSqlQuery query(m_state->connection());
    query.prepare(QStringLiteral("INSERT INTO integrity_checks (id, destination_id, status, submitted_at) VALUES ('c1', 'dest-1', 'RUNNING', ?)"));
    query.addBindValue(StateDatabase::toDatabaseTime(m_state->connection(), kNow));
    ASSERT_TRUE(query.exec());
    const QString held = enqueue(QStringLiteral("d1"), {}, kNow.addSecs(-2));
    const QString other = enqueue(QStringLiteral("d2"), {}, kNow.addSecs(-1));
    EXPECT_EQ(claimNext(workspace), other);
    EXPECT_EQ(claimNext(workspace), QString());
    const Result<Dispatcher::Attempt> attempt = Dispatcher(m_state, [] { return kNow; }).tryClaim(workspace, held, QStringLiteral("w1"));
    ASSERT_TRUE(attempt.ok());
    EXPECT_TRUE(attempt->reason.contains(QStringLiteral("integrity check"))) << attempt->reason.toStdString();
    ASSERT_TRUE(query.exec(QStringLiteral("UPDATE integrity_checks SET status = 'MATCH' WHERE id = 'c1'")));
    EXPECT_EQ(claimNext(workspace), held);
}

TEST_P(DispatcherTest, ASourceLimitOfTwoRunsTwoOfFiveDestinationsAtATimeInQueueOrder)
{
    const Workspace workspace = workspaceWith(5, 1, 2);
    QStringList ids;
    for (int i = 1; i <= 5; ++i)
        ids << enqueue(QStringLiteral("d%1").arg(i), {}, kNow.addSecs(i - 10));
    EXPECT_EQ(claimNext(workspace), ids[0]);
    EXPECT_EQ(claimNext(workspace), ids[1]);
    EXPECT_EQ(claimNext(workspace), QString());
    const Result<Dispatcher::Attempt> attempt = Dispatcher(m_state, [] { return kNow; }).tryClaim(workspace, ids[4], QStringLiteral("w1"));
    ASSERT_TRUE(attempt.ok());
    EXPECT_TRUE(attempt->reason.contains(QStringLiteral("source"))) << attempt->reason.toStdString();
    finish(ids[1]);
    EXPECT_EQ(claimNext(workspace), ids[2]);
    finish(ids[0]);
    finish(ids[2]);
    EXPECT_EQ(claimNext(workspace), ids[3]);
    EXPECT_EQ(claimNext(workspace), ids[4]);
    EXPECT_EQ(claimNext(workspace), QString());
}

TEST_P(DispatcherTest, ACancelledTransferIsNeverClaimed)
{
    const Workspace workspace = workspaceWith(1, 1, 10);
    const QString id = enqueue(QStringLiteral("d1"));
    ASSERT_EQ(*TransferStore(m_state->connection()).cancel(id, kNow), QStringLiteral("CANCELLED"));
    EXPECT_EQ(claimNext(workspace), QString());
    const Result<Dispatcher::Attempt> attempt = Dispatcher(m_state, [] { return kNow; }).tryClaim(workspace, id, QStringLiteral("w1"));
    ASSERT_TRUE(attempt.ok());
    EXPECT_EQ(attempt->outcome, Dispatcher::Outcome::NotPending);
}

TEST_P(DispatcherTest, TransfersPendingOverSixHoursExpire)
{
    const QString old = enqueue(QStringLiteral("d1"), {}, kNow.addSecs(-6 * 3600 - 1));
    const QString recent = enqueue(QStringLiteral("d1"), {}, kNow.addSecs(-6 * 3600 + 60));
    const Result<QStringList> expired = Dispatcher(m_state).expireStale(kNow);
    ASSERT_TRUE(expired.ok());
    EXPECT_EQ(*expired, QStringList{old});
    EXPECT_EQ(statusOf(old), QStringLiteral("EXPIRED"));
    EXPECT_EQ(statusOf(recent), QStringLiteral("PENDING"));
    const Result<TransferRecord> record = TransferStore(m_state->connection()).load(old);
    ASSERT_TRUE(record.ok() && record->error.has_value());
    EXPECT_EQ(record->error->code, QStringLiteral("FERRY-EXPIRED"));
    // An hour later the second one is over six hours old too.
    EXPECT_EQ(*Dispatcher(m_state).expireStale(kNow.addSecs(3600)), QStringList{recent});
}

TEST_P(DispatcherTest, EnabledDestinationsAreScheduledEveryPeriodNeverWhileOneIsPending)
{
    Workspace workspace = workspaceWith(3, 1, 10);
    workspace.destinations[0].enabled = true;
    workspace.destinations[0].frequencyMinutes = 15;
    workspace.destinations[1].enabled = true;
    workspace.destinations[1].frequencyMinutes = 60;
    Scheduler scheduler(m_state);
    Result<QStringList> first = scheduler.enqueueDue(workspace, kNow);
    ASSERT_TRUE(first.ok()) << first.error().toString().toStdString();
    ASSERT_EQ(first->size(), 2); // d3 is not enabled
    EXPECT_TRUE(scheduler.enqueueDue(workspace, kNow.addSecs(20 * 60))->isEmpty()) << "still pending";
    for (int i = 0; i < 2; ++i)
        finish(claimNext(workspace));
    EXPECT_TRUE(scheduler.enqueueDue(workspace, kNow.addSecs(10 * 60))->isEmpty()) << "within the period";
    const Result<QStringList> next = scheduler.enqueueDue(workspace, kNow.addSecs(15 * 60));
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->size(), 1);
    const Result<TransferRecord> record = TransferStore(m_state->connection()).load(next->first());
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->destinationName, workspace.destinations[0].name);
    EXPECT_EQ(record->reason, QStringLiteral("schedule"));
}

TEST_P(DispatcherTest, ConcurrentClaimersNeverBreakALimit)
{
    // Four threads claim from one queue (each with its own state connection): 5 destinations at limit 1, a source
    // at limit 2. Each holds a claim a few milliseconds while the test counts what runs at once.
    const Workspace workspace = workspaceWith(5, 1, 2);
    const int total = 40;
    for (int i = 0; i < total; ++i)
        enqueue(QStringLiteral("d%1").arg(i % 5 + 1), {}, kNow.addSecs(i - total));
    std::mutex mutex;
    std::map<QString, int> perDestination;
    int running = 0, maxRunning = 0, maxPerDestination = 0, done = 0;
    std::atomic<bool> failed{false};
    auto worker = [&](int n) {
        Dispatcher dispatcher(m_state, [] { return kNow; });
        TransferStore store(m_state->connection());
        for (int idle = 0; idle < 200 && !failed;) {
            const Result<std::optional<QString>> claimed =
                dispatcher.claimNext(workspace, QStringLiteral("w%1").arg(n));
            if (!claimed.ok()) {
                failed = true;
                ADD_FAILURE() << claimed.error().toString().toStdString();
                break;
            }
            if (!*claimed) {
                ++idle;
                QThread::msleep(2);
                {
                    std::lock_guard lock(mutex);
                    if (done == total)
                        break;
                }
                continue;
            }
            const Result<TransferRecord> record = store.load(**claimed);
            ASSERT_TRUE(record.ok());
            {
                std::lock_guard lock(mutex);
                maxRunning = std::max(maxRunning, ++running);
                maxPerDestination = std::max(maxPerDestination, ++perDestination[record->destinationName]);
            }
            QThread::msleep(5);
            {
                std::lock_guard lock(mutex);
                --running;
                --perDestination[record->destinationName];
                ++done;
            }
            const Result<bool> finished =
                store.finish(**claimed, QStringLiteral("w%1").arg(n), QStringLiteral("SUCCESS"), 0, 0, std::nullopt, kNow);
            ASSERT_TRUE(finished.ok() && *finished);
        }
        m_state->releaseThreadConnection();
    };
    std::vector<std::unique_ptr<QThread>> threads;
    for (int n = 0; n < 4; ++n)
        threads.emplace_back(QThread::create(worker, n));
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        thread->wait();
    EXPECT_EQ(done, total);
    EXPECT_LE(maxRunning, 2);
    EXPECT_EQ(maxPerDestination, 1);
    EXPECT_EQ(maxRunning, 2) << "the source's two slots were used";
}

INSTANTIATE_TEST_SUITE_P(State, DispatcherTest, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres), backendName);

} // namespace ferry::test
