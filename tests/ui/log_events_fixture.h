#pragma once

// A real SQLite state database in a temp folder with a known set of log events, and a query runner on it: the
// ground the Logs page's model and page tests stand on.
#include "loading/state_query_runner.h"
#include "models/log_event_model.h"
#include "state/log_store.h"
#include "state/state_database.h"

#include "support/qt_printers.h"

#include <gtest/gtest.h>

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <functional>
#include <memory>

namespace ferry::ui::test {

constexpr int kLoadTimeoutMs = 20000;

inline const QString kTransferA = QStringLiteral("aaaaaaaa-1111-4111-8111-111111111111");
inline const QString kTransferB = QStringLiteral("bbbbbbbb-2222-4222-8222-222222222222");

class LogEventsFixture : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        StateLocation location;
        location.sqlitePath = m_dir.filePath(QStringLiteral("state.db"));
        auto state = StateDatabase::open(location);
        ASSERT_TRUE(state.ok()) << state.error().toString().toStdString();
        m_state = *state;
        m_runner = std::make_unique<StateQueryRunner>();
        m_runner->setState(m_state);
    }

    void TearDown() override
    {
        m_runner.reset(); // waits for its jobs before the state database goes
        m_state.reset();
    }

    // Event `i` (1-based) of a varied set: levels, phases, models and transfers cycle at different rates, and
    // every seventh message mentions "needle".
    static LogEvent sampleEvent(int i)
    {
        static const QStringList levels = {QStringLiteral("debug"), QStringLiteral("info"),
                                           QStringLiteral("warning"), QStringLiteral("error")};
        static const QStringList phases = {QStringLiteral("connect"), QStringLiteral("plan"),
                                           QStringLiteral("read"),    QStringLiteral("stage"),
                                           QStringLiteral("publish"), QStringLiteral("cleanup")};
        LogEvent event;
        event.at = QDateTime(QDate(2026, 3, 1), QTime(9, 0), QTimeZone::utc()).addSecs(i);
        event.level = levels.at(i % levels.size());
        event.phase = phases.at(i % phases.size());
        event.transferId = i % 3 == 0 ? kTransferB : kTransferA;
        event.modelName = i % 2 == 0 ? QStringLiteral("events") : QStringLiteral("users");
        event.message = i % 7 == 0 ? QStringLiteral("event %1 found a needle in the rows").arg(i)
                                   : QStringLiteral("event %1 copied rows").arg(i);
        event.fields = QStringLiteral(R"({"rows": %1, "window": "2026-03-01"})").arg(i * 10);
        return event;
    }

    // Appends events 1..count and returns them with their ids (rising, in order).
    QList<LogEvent> appendEvents(int count)
    {
        QList<LogEvent> events;
        LogStore store(m_state->connection());
        for (int i = 1; i <= count; ++i) {
            LogEvent event = sampleEvent(i);
            const Status appended = store.append(event);
            EXPECT_TRUE(appended.ok()) << appended.error().toString().toStdString();
            event.id = i; // SQLite's rowids start at 1 in a fresh table
            events.append(event);
        }
        m_appended += events;
        return events;
    }

    LogEvent appendOne(const LogEvent &event)
    {
        const Status appended = LogStore(m_state->connection()).append(event);
        EXPECT_TRUE(appended.ok()) << appended.error().toString().toStdString();
        LogEvent stored = event;
        stored.id = m_appended.isEmpty() ? 1 : m_appended.constLast().id + 1;
        m_appended.append(stored);
        return stored;
    }

    // Ids of the appended events `matches` accepts, newest first (what the Logs page should show).
    QList<qint64> expectedIds(const std::function<bool(const LogEvent &)> &matches) const
    {
        QList<qint64> ids;
        for (auto event = m_appended.crbegin(); event != m_appended.crend(); ++event) {
            if (matches(*event))
                ids.append(event->id);
        }
        return ids;
    }

    // Loads every page the way a view scrolling down does: showing a placeholder row asks for the next page.
    static bool loadAll(LogEventModel &model)
    {
        const QDeadlineTimer deadline(kLoadTimeoutMs);
        while (!model.isAtEnd() && !deadline.hasExpired()) {
            if (!model.isLoading() && model.rowCount() > model.loadedCount())
                model.data(
                    model.index(model.loadedCount(), LogEventModel::Time)); // a placeholder comes into view
            QTest::qWait(5);
        }
        return model.isAtEnd();
    }

    static QList<qint64> loadedIds(const LogEventModel &model)
    {
        QList<qint64> ids;
        for (int row = 0; row < model.loadedCount(); ++row)
            ids.append(model.index(row, 0).data(LogEventModel::IdRole).toLongLong());
        return ids;
    }

    QTemporaryDir m_dir;
    std::shared_ptr<StateDatabase> m_state;
    std::unique_ptr<StateQueryRunner> m_runner;
    QList<LogEvent> m_appended;
};

} // namespace ferry::ui::test
