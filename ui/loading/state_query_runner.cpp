#include "loading/state_query_runner.h"

#include <QMutexLocker>
#include <QSemaphore>

namespace ferry::ui {

namespace {

// One thread for the page a user waits for, one for counts and polls that may take longer.
constexpr int kThreads = 2;

} // namespace

StateQueryRunner::StateQueryRunner(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(kThreads);
    m_pool.setExpiryTimeout(-1); // threads, and so their state connections, live as long as the runner
}

StateQueryRunner::~StateQueryRunner()
{
    {
        QMutexLocker lock(&m_mutex);
        m_current.clear(); // jobs not begun yet are skipped
        for (const Running &running : std::as_const(m_running)) {
            if (running.interrupt)
                running.interrupt();
        }
    }
    m_pool.waitForDone();
    releaseConnections();
}

void StateQueryRunner::setState(std::shared_ptr<StateDatabase> state)
{
    if (state == m_state)
        return;
    m_pool.waitForDone();
    releaseConnections();
    m_state = std::move(state);
}

// Qt connections belong to the thread that opened them: each pool thread closes its own. One task per thread,
// held until all have started, so no thread runs two of them and none is skipped.
void StateQueryRunner::releaseConnections()
{
    if (!m_state)
        return;
    QSemaphore started;
    QSemaphore release;
    for (int i = 0; i < kThreads; ++i) {
        m_pool.start([state = m_state, &started, &release] {
            state->releaseThreadConnection();
            started.release();
            release.acquire();
        });
    }
    started.acquire(kThreads);
    release.release(kThreads);
    m_pool.waitForDone();
}

quint64 StateQueryRunner::begin(const QString &channel, Supersede supersede)
{
    const quint64 generation = ++m_generations[channel];
    m_supersede[channel] = supersede;
    ++m_pending;
    QMutexLocker lock(&m_mutex);
    m_current[channel] = generation;
    if (supersede == Supersede::Interrupt) {
        const auto running = m_running.constFind(channel);
        if (running != m_running.cend() && running->interrupt)
            running->interrupt();
    }
    return generation;
}

void StateQueryRunner::cancel(const QString &channel)
{
    const quint64 generation = ++m_generations[channel];
    QMutexLocker lock(&m_mutex);
    m_current[channel] = generation;
    const auto running = m_running.constFind(channel);
    if (running != m_running.cend() && running->interrupt && m_supersede.value(channel) == Supersede::Interrupt)
        running->interrupt();
}

bool StateQueryRunner::started(const QString &channel, quint64 generation, const QSqlDatabase &db)
{
    QMutexLocker lock(&m_mutex);
    if (m_current.value(channel) != generation)
        return false;
    // The interrupter is called only under m_mutex while this job is registered, so it can never hit the statement
    // of a later job on the same connection.
    m_running.insert(channel, Running{generation, StateDatabase::interrupter(db)});
    return true;
}

void StateQueryRunner::ended(const QString &channel, quint64 generation)
{
    QMutexLocker lock(&m_mutex);
    const auto running = m_running.constFind(channel);
    if (running != m_running.cend() && running->generation == generation)
        m_running.erase(running);
}

bool StateQueryRunner::finish(const QString &channel, quint64 generation)
{
    --m_pending;
    return m_generations.value(channel) == generation;
}

bool StateQueryRunner::isBusy(const QString &channel) const
{
    QMutexLocker lock(&m_mutex);
    return m_running.contains(channel);
}

void StateQueryRunner::waitForDone()
{
    m_pool.waitForDone();
}

} // namespace ferry::ui
