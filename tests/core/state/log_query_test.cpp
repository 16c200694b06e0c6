// LogStore's Logs-page reads: newest-first keyset pages and the follow mode, with every filter, on both backends.
#include "state_test_fixture.h"

#include "support/qt_printers.h"

#include "state/log_store.h"

namespace ferry::test {
namespace {

class LogQueries : public StateBackendTest
{
protected:
    void SetUp() override
    {
        StateBackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_state = openState();
        ASSERT_TRUE(m_state);
        // 40 events: transfers t0/t1 alternate, models m0..m2, levels cycle, phases read/publish, a minute apart.
        const QStringList levels{QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                 QStringLiteral("error")};
        for (int i = 0; i < 40; ++i) {
            LogEvent event;
            event.at = QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).addSecs(60 * i);
            event.level = levels[i % 4];
            event.transferId = QStringLiteral("t%1").arg(i % 2);
            event.modelName = QStringLiteral("m%1").arg(i % 3);
            event.phase = i % 5 == 0 ? QStringLiteral("publish") : QStringLiteral("read");
            event.message = i == 17 ? QStringLiteral("Window 3/9: 100% DONE") : QStringLiteral("event number %1").arg(i);
            ASSERT_TRUE(LogStore(m_state->connection()).append(event).ok());
        }
    }

    // The events' positions (0..39) a read returns.
    static QList<int> positions(const Result<QList<LogEvent>> &events)
    {
        EXPECT_TRUE(events.ok()) << (events ? "" : events.error().toString().toStdString());
        QList<int> result;
        if (events) {
            for (const LogEvent &event : *events)
                result << int(event.id - 1);
        }
        return result;
    }

    // Positions 0..39 that satisfy `keep`, newest first.
    static QList<int> expected(const std::function<bool(int)> &keep)
    {
        QList<int> result;
        for (int i = 39; i >= 0; --i) {
            if (keep(i))
                result << i;
        }
        return result;
    }

    LogStore store() { return LogStore(m_state->connection()); }
    std::shared_ptr<StateDatabase> m_state;
};

TEST_P(LogQueries, PagesAreNewestFirstByIdAndFollowModeOldestFirst)
{
    EXPECT_EQ(positions(store().page({}, 0, 5)), (QList<int>{39, 38, 37, 36, 35}));
    EXPECT_EQ(positions(store().page({}, 36, 3)), (QList<int>{34, 33, 32}));
    EXPECT_EQ(positions(store().page({}, 2, 10)), (QList<int>{0}));
    EXPECT_EQ(positions(store().newerThan({}, 37, 10)), (QList<int>{37, 38, 39}));
    EXPECT_EQ(positions(store().newerThan({}, 0, 2)), (QList<int>{0, 1}));
    EXPECT_TRUE(positions(store().newerThan({}, 40, 10)).isEmpty());
}

TEST_P(LogQueries, EveryFilterOnItsOwnAndTogether)
{
    const QDateTime start(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC);
    LogQuery query;
    query.transferId = QStringLiteral("t1");
    EXPECT_EQ(positions(store().page(query, 0, 100)), expected([](int i) { return i % 2 == 1; }));
    query = {};
    query.modelName = QStringLiteral("m2");
    EXPECT_EQ(positions(store().page(query, 0, 100)), expected([](int i) { return i % 3 == 2; }));
    query = {};
    query.minimumLevel = QStringLiteral("warning");
    EXPECT_EQ(positions(store().page(query, 0, 100)), expected([](int i) { return i % 4 >= 2; }));
    query.minimumLevel = QStringLiteral("debug");
    EXPECT_EQ(positions(store().page(query, 0, 100)).size(), 40);
    query = {};
    query.phase = QStringLiteral("publish");
    EXPECT_EQ(positions(store().page(query, 0, 100)), expected([](int i) { return i % 5 == 0; }));
    query = {};
    query.from = start.addSecs(60 * 10);
    query.to = start.addSecs(60 * 13);
    EXPECT_EQ(positions(store().page(query, 0, 100)), (QList<int>{12, 11, 10}));
    query = {};
    query.text = QStringLiteral("100% done"); // case-insensitive, '%' literal
    EXPECT_EQ(positions(store().page(query, 0, 100)), QList<int>{17});
    query.text = QStringLiteral("number 3");
    EXPECT_EQ(positions(store().page(query, 0, 100)), (QList<int>{39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 3}));
    query.text = QStringLiteral("%");
    EXPECT_EQ(positions(store().page(query, 0, 100)), QList<int>{17});

    query = {};
    query.transferId = QStringLiteral("t0");
    query.minimumLevel = QStringLiteral("error");
    query.modelName = QStringLiteral("m0");
    // t0 logs at even positions, errors at odd ones: none.
    EXPECT_TRUE(positions(store().page(query, 0, 100)).isEmpty());
    query.transferId = QStringLiteral("t1");
    EXPECT_EQ(positions(store().page(query, 0, 100)), expected([](int i) { return i % 4 == 3 && i % 3 == 0; }));
    EXPECT_EQ(positions(store().page(query, 27, 100)), (QList<int>{15, 3}));
    EXPECT_EQ(positions(store().newerThan(query, 4, 100)), (QList<int>{15, 27, 39}));
}

// A minimum level with a model or transfer: every page and the follow mode, against a look at every event.
TEST_P(LogQueries, LevelsWithAModelOrATransferPageLikeEveryEventFiltered)
{
    const QStringList levels{QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                             QStringLiteral("error")};
    for (const QString &minimum : levels) {
        for (int model = -1; model < 3; ++model) {
            for (int transfer = -1; transfer < 2; ++transfer) {
                LogQuery query;
                query.minimumLevel = minimum;
                if (model >= 0)
                    query.modelName = QStringLiteral("m%1").arg(model);
                if (transfer >= 0)
                    query.transferId = QStringLiteral("t%1").arg(transfer);
                auto keep = [&](int i) {
                    return i % 4 >= LogStore::levelRank(minimum) && (model < 0 || i % 3 == model) &&
                           (transfer < 0 || i % 2 == transfer);
                };
                const QList<int> all = expected(keep);
                const std::string what = query.minimumLevel.toStdString() + " m" + std::to_string(model) + " t" +
                                         std::to_string(transfer);
                EXPECT_EQ(positions(store().page(query, 0, 100)), all) << what;
                // Pages of 2, each before the last one's id.
                QList<int> paged;
                qint64 before = 0;
                for (int round = 0; round < 30; ++round) {
                    const QList<int> page = positions(store().page(query, before, 2));
                    if (page.isEmpty())
                        break;
                    EXPECT_LE(page.size(), 2);
                    paged << page;
                    before = page.last() + 1; // ids are positions + 1
                }
                EXPECT_EQ(paged, all) << what;
                QList<int> oldestFirst(all.crbegin(), all.crend());
                const QList<int> newer = positions(store().newerThan(query, 10, 3));
                QList<int> want;
                for (int i : std::as_const(oldestFirst)) {
                    if (i + 1 > 10 && want.size() < 3)
                        want << i;
                }
                EXPECT_EQ(newer, want) << what;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(States, LogQueries, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres), backendName);

} // namespace
} // namespace ferry::test
