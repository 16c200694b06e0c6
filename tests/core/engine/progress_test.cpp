// A running model reports its rows between window ends: a single-window backfill shows rows before it ends, through
// WorkerPool::transferProgress and the guarded write of its transfer_models row, at most once per interval.
#include "engine_fixture.h"

#include <QSqlQuery>
#include <QThread>

#include <atomic>

namespace ferry::test {

class EngineProgressTest : public EngineTest
{
};

TEST_P(EngineProgressTest, SingleWindowBackfillShowsRowsBeforeItEnds)
{
    constexpr int kRows = 30000;
    sourceExec(QStringLiteral("INSERT INTO events (id, tenant_id, amount, note, updated_at) SELECT 'e' || i, 't_acme', i, "
                              "'note number ' || i, timestamptz '2026-03-02 00:00:00+00' + i * interval '1 second' "
                              "FROM generate_series(1, %1) AS i").arg(kRows));
    applyWorkspace(modelJson());

    std::atomic<int> batches{0};
    std::atomic<qint64> storedMidway{0};
    std::atomic<qint64> storedQueryFailed{0};
    EngineHooks hooks;
    hooks.progressIntervalMs = 100;
    const std::shared_ptr<StateDatabase> state = m_state;
    hooks.afterBatch = [&, state](const QString &, qint64 rowsRead) {
        ++batches;
        QThread::msleep(30); // a slow source: 30 ms a batch
        // What a watcher reads meanwhile (this worker thread's own state connection).
        QSqlQuery query(state->connection());
        if (!query.exec(QStringLiteral("SELECT MAX(rows_read) FROM transfer_models")) || !query.next()) {
            ++storedQueryFailed;
            return;
        }
        const qint64 stored = query.value(0).toLongLong();
        if (stored > 0 && stored < kRows && rowsRead < kRows)
            storedMidway = qMax(storedMidway.load(), stored);
    };
    const TransferRecord record = transfer({}, hooks);
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    const ModelMetrics metrics = modelOf(record);
    EXPECT_EQ(metrics.windowsPlanned, 1);
    EXPECT_EQ(metrics.rowsRead, kRows);

    QList<ProgressReport> midway;
    for (const ProgressReport &report : progressReports()) {
        if (report.metrics.status == QLatin1String("RUNNING") && report.metrics.windowsDone == 0 &&
            report.metrics.rowsRead > 0)
            midway << report;
    }
    ASSERT_GE(midway.size(), 2) << "batches: " << batches;
    // Coalesced: fewer reports than batches, one per interval at most, rows rising.
    EXPECT_LT(midway.size(), batches.load());
    for (qsizetype i = 1; i < midway.size(); ++i) {
        EXPECT_GE(midway[i].atMs - midway[i - 1].atMs, 90);
        EXPECT_GT(midway[i].metrics.rowsRead, midway[i - 1].metrics.rowsRead);
        EXPECT_LE(midway[i].metrics.rowsRead, kRows); // the last batch may be read before the window closes
    }
    EXPECT_LT(midway.first().metrics.rowsRead, kRows);
    EXPECT_EQ(storedQueryFailed, 0);
    EXPECT_GT(storedMidway, 0) << "transfer_models.rows_read stayed 0 until the window ended";
}

INSTANTIATE_TEST_SUITE_P(Destinations, EngineProgressTest, ::testing::Values(DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test
