// StateDatabase::interrupter(): a slow history count stopped from another thread fails at once with an error, and the
// connection serves the next statement, on SQLite (sqlite3_interrupt) and PostgreSQL (PQcancel).
#include "state_test_fixture.h"

#include "state/transfer_store.h"

#include <QElapsedTimer>
#include <QSqlQuery>

#include <atomic>
#include <thread>

namespace ferry::test {
namespace {

class StateInterrupt : public StateBackendTest
{
};

TEST_P(StateInterrupt, SlowCountFailsPromptlyWhenInterruptedFromAnotherThread)
{
    auto state = openState();
    ASSERT_TRUE(state);
    QSqlDatabase db = state->connection();
    QSqlQuery fill(db);
    ASSERT_TRUE(fill.exec(QStringLiteral(
        "INSERT INTO transfers (id, destination_id, destination_name, recipient_name, status, submitted_at) "
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
        "SELECT 'transfer-' || i, 'd', 'D', 'R', 'SUCCESS', CURRENT_TIMESTAMP FROM n")));
    fill.finish();

    TransferQuery slow;
    // Two characters found nowhere: no trigram index serves them, every transfer's search document is read.
    slow.text = QStringLiteral("zq");
    TransferStore store(db);
    QElapsedTimer timer;
    timer.start();
    const Result<qint64> full = store.count(slow);
    const qint64 baselineMs = timer.elapsed();
    ASSERT_TRUE(full.ok()) << full.error().toString().toStdString();
    EXPECT_EQ(*full, 0);

    // The interrupt may reach the database before the statement starts (a no-op then): keep sending until it ends.
    const std::function<void()> interrupt = StateDatabase::interrupter(db);
    std::atomic<bool> done{false};
    std::thread interrupter([&] {
        while (!done) {
            interrupt();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    timer.restart();
    const Result<qint64> interrupted = store.count(slow);
    const qint64 interruptedMs = timer.elapsed();
    done = true;
    interrupter.join();
    ASSERT_FALSE(interrupted.ok()) << "the count ran to its end (" << baselineMs << " ms uninterrupted)";
    EXPECT_EQ(interrupted.error().code, QStringLiteral("FERRY-STATE-QUERY"));
    EXPECT_LT(interruptedMs, baselineMs / 2 + 50) << "baseline " << baselineMs << " ms";

    // The connection goes on serving.
    const Result<qint64> all = store.count({});
    ASSERT_TRUE(all.ok()) << all.error().toString().toStdString();
    EXPECT_EQ(*all, 300000);
    // Nothing runs: a no-op.
    interrupt();
    EXPECT_TRUE(store.count({}).ok());
}

INSTANTIATE_TEST_SUITE_P(States, StateInterrupt, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres),
                         backendName);

} // namespace
} // namespace ferry::test
