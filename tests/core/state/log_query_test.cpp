// LogStore's Logs-page reads: newest-first keyset pages and the follow mode, with every filter, on both backends.
#include "state_test_fixture.h"

#include "support/qt_printers.h"

#include "state/log_store.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ferry::test {
namespace {

class LogQueries : public OpenedStateTest
{
protected:
    void SetUp() override
    {
        OpenedStateTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
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

// The message filter (LogQuery::text), from the trigram index for a rare text or on a walk for a common or short
// one, alone and with the other filters, finds what a look at every message finds.
TEST_P(LogQueries, TextSearchFindsWhatALookAtEveryMessageFinds)
{
    // 6,000 more events by plain SQL (another process): every one "bulk event", a rare phrase in one of 1000.
    QSqlQuery query(m_state->connection());
    ASSERT_TRUE(query.exec(QStringLiteral(
        "INSERT INTO log_events (at, level, category, transfer_id, model_name, message) "
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 5999) "
        "SELECT CURRENT_TIMESTAMP, CASE WHEN i % 7 = 0 THEN 'warning' ELSE 'info' END, 'engine', 't' || (i % 2), "
        "'m' || (i % 3), CASE WHEN i % 1000 = 5 THEN 'Bulk event ' || i || ': DISK \"quota\" exceeded on volume_7' "
        "ELSE 'bulk event ' || i END FROM n")))
        << query.lastError().text().toStdString();
    ASSERT_TRUE(query.exec(QStringLiteral("DELETE FROM log_events WHERE id = 2000")));
    ASSERT_TRUE(query.exec(QStringLiteral("UPDATE log_events SET message = 'rewritten quota' WHERE id = 3000")));
    struct Event
    {
        qint64 id;
        QString level, transfer, model, message;
    };
    QList<Event> all; // newest first
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT id, level, transfer_id, model_name, message FROM log_events ORDER BY id DESC")));
    while (query.next())
        all.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
                    query.value(3).toString(), query.value(4).toString()});
    query.finish();
    ASSERT_EQ(all.size(), 6039);
    auto ids = [](const Result<QList<LogEvent>> &events) {
        EXPECT_TRUE(events.ok()) << (events ? "" : events.error().toString().toStdString());
        QList<qint64> result;
        for (const LogEvent &event : events ? *events : QList<LogEvent>())
            result << event.id;
        return result;
    };
    for (const QString &text : {QStringLiteral("quota"), QStringLiteral("QUOTA\" exceeded"), QStringLiteral("e_7"),
                                QStringLiteral("bulk event 59"), QStringLiteral("bulk event"), QStringLiteral("event 4321"),
                                QStringLiteral("zq"), QStringLiteral("_7"), QStringLiteral("100% done"),
                                QStringLiteral("no such message")}) {
        for (int variant = 0; variant < 3; ++variant) {
            LogQuery search;
            search.text = text;
            if (variant == 1)
                search.modelName = QStringLiteral("m1");
            if (variant == 2)
                search.minimumLevel = QStringLiteral("warning");
            QList<qint64> want;
            for (const Event &event : std::as_const(all)) {
                if (event.message.contains(text, Qt::CaseInsensitive) &&
                    (search.modelName.isEmpty() || event.model == search.modelName) &&
                    (search.minimumLevel.isEmpty() || LogStore::levelRank(event.level) >= 2))
                    want << event.id;
            }
            const std::string what = text.toStdString() + " variant " + std::to_string(variant);
            EXPECT_EQ(ids(store().page(search, 0, 10000)), want) << what;
            EXPECT_EQ(ids(store().page(search, 0, 3)), want.mid(0, 3)) << what;
            if (want.size() > 3) {
                EXPECT_EQ(ids(store().page(search, want[2], 2)), want.mid(3, 2)) << what;
            }
            QList<qint64> oldestFirst(want.crbegin(), want.crend());
            const qint64 after = oldestFirst.isEmpty() ? 0 : oldestFirst.first();
            EXPECT_EQ(ids(store().newerThan(search, after, 2)), oldestFirst.mid(1, 2)) << what;
        }
    }
    if (GetParam() == StateBackend::Sqlite) {
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO log_events_search (log_events_search) VALUES ('integrity-check')")))
            << query.lastError().text().toStdString();
    }
}

INSTANTIATE_TEST_SUITE_P(States, LogQueries, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres), backendName);

} // namespace
} // namespace ferry::test
