#pragma once

#include "state/state_database.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace ferry::ui {

// Runs the desktop app's state-database queries on its own thread pool, so the UI thread never waits on SQLite or a
// PostgreSQL server. Each pool thread keeps one state connection for its lifetime (no new login per job). Jobs run
// on named channels ("transfers.page", "logs.count"...): a newer job on a channel supersedes the older one, whose
// result is dropped; a channel started with Supersede::Interrupt also stops the older job's running statement (for
// read-only queries such as a count over a million rows).
class StateQueryRunner : public QObject
{
    Q_OBJECT

public:
    enum class Supersede { Drop, Interrupt };

    explicit StateQueryRunner(QObject *parent = nullptr);
    // Waits for running jobs (their results are dropped) and closes the pool threads' connections.
    ~StateQueryRunner() override;

    void setState(std::shared_ptr<StateDatabase> state);
    std::shared_ptr<StateDatabase> state() const { return m_state; }

    // Runs `job(state, db)` on a pool thread; `done(result)` follows on this object's thread unless a newer job
    // started on `channel` meanwhile, or `context` was destroyed. Without a state database nothing runs.
    template <typename Job, typename Done>
    void run(const QString &channel, QObject *context, Job job, Done done, Supersede supersede = Supersede::Drop)
    {
        using Value = std::invoke_result_t<Job, StateDatabase &, QSqlDatabase>;
        if (!m_state)
            return;
        const quint64 generation = begin(channel, supersede);
        std::shared_ptr<StateDatabase> state = m_state;
        QPointer<QObject> receiver(context);
        m_pool.start([this, channel, generation, state, receiver, job = std::move(job), done = std::move(done)] {
            auto value = std::make_shared<std::optional<Value>>(execute<Value>(channel, generation, *state, job));
            // Queued onto this object: the destructor waits for the pool, so `this` outlives the call.
            QMetaObject::invokeMethod(this, [this, channel, generation, receiver, value, done] {
                if (finish(channel, generation) && receiver && value->has_value())
                    done(std::move(**value));
                if (m_pending == 0)
                    Q_EMIT idle();
            }, Qt::QueuedConnection);
        });
    }

    // Drops the result of the job running on `channel` (and interrupts it when it was started so).
    void cancel(const QString &channel);
    bool isBusy(const QString &channel) const;
    // Jobs started and not yet delivered or dropped.
    int pendingCount() const { return m_pending; }
    // Blocks until every started job ran (tests and shutdown).
    void waitForDone();

Q_SIGNALS:
    // Every started job was delivered or dropped.
    void idle();

private:
    struct Running
    {
        quint64 generation = 0;
        std::function<void()> interrupt;
    };

    // Nothing when the job was superseded before it began.
    template <typename Value, typename Job>
    std::optional<Value> execute(const QString &channel, quint64 generation, StateDatabase &state, Job &job)
    {
        QSqlDatabase db = state.connection();
        if (!started(channel, generation, db))
            return std::nullopt;
        std::optional<Value> value(job(state, db));
        ended(channel, generation);
        return value;
    }

    quint64 begin(const QString &channel, Supersede supersede);
    // Pool thread: false when the job was superseded before it began (it is skipped).
    bool started(const QString &channel, quint64 generation, const QSqlDatabase &db);
    void ended(const QString &channel, quint64 generation);
    // UI thread: true when the result is still the channel's newest.
    bool finish(const QString &channel, quint64 generation);
    void releaseConnections();

    std::shared_ptr<StateDatabase> m_state;
    QThreadPool m_pool;
    QHash<QString, quint64> m_generations; // UI thread
    QHash<QString, Supersede> m_supersede; // UI thread
    int m_pending = 0;
    mutable QMutex m_mutex; // guards m_running and m_current
    QHash<QString, Running> m_running;
    QHash<QString, quint64> m_current; // the newest generation per channel, for pool threads
};

} // namespace ferry::ui
