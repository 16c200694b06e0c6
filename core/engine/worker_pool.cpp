#include "engine/worker_pool.h"

#include "engine/dispatcher.h"
#include "engine/scheduler.h"
#include "engine/transfer_runner.h"
#include "log/log_categories.h"
#include "state/log_store.h"
#include "state/state_error.h"
#include "state/transfer_store.h"
#include "state/workspace_store.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QUuid>

namespace ferry {

namespace {

// How long a worker keeps the applied workspace before reading it again (an `apply` meanwhile is seen this late).
constexpr qint64 kWorkspaceMaxAgeMs = 5000;

} // namespace

WorkerPool::WorkerPool(std::shared_ptr<StateDatabase> state, Options options, QObject *parent)
    : QObject(parent), m_state(std::move(state)), m_options(std::move(options)),
      m_prefix(m_options.processPrefix + QUuid::createUuid().toString(QUuid::Id128).left(8) + QLatin1Char(':'))
{
    qRegisterMetaType<ferry::ModelMetrics>();
    qRegisterMetaType<ferry::Error>();
}

WorkerPool::~WorkerPool()
{
    stop(Stop::Drain);
    wait();
}

void WorkerPool::start()
{
    if (!m_threads.empty())
        return;
    m_activeWorkers = m_options.workers;
    for (int i = 0; i < m_options.workers; ++i) {
        m_threads.emplace_back(QThread::create([this, i] { workerLoop(i); }));
        m_threads.back()->setObjectName(QStringLiteral("ferry-worker-%1").arg(i + 1));
    }
    m_threads.emplace_back(QThread::create([this] { housekeepingLoop(); }));
    m_threads.back()->setObjectName(QStringLiteral("ferry-housekeeping"));
    for (const auto &thread : m_threads)
        thread->start();
}

void WorkerPool::stop(Stop mode)
{
    m_stopping = true;
    if (mode == Stop::Kill) {
        m_killing = true;
        for (const QString &id : running())
            m_queries->cancel(id);
    }
    wake();
}

bool WorkerPool::wait(int timeoutMs)
{
    const QDeadlineTimer deadline = timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(timeoutMs);
    for (const auto &thread : m_threads) {
        if (!thread->wait(deadline))
            return false;
    }
    return true;
}

QStringList WorkerPool::running() const
{
    QMutexLocker lock(&m_mutex);
    return m_running.keys();
}

std::optional<Error> WorkerPool::fatalError() const
{
    QMutexLocker lock(&m_mutex);
    return m_fatal;
}

void WorkerPool::fail(const Error &error)
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_fatal)
            m_fatal = error;
    }
    m_stopping = true;
    Q_EMIT fatal(error);
    wake();
}

void WorkerPool::wake()
{
    QMutexLocker lock(&m_mutex);
    m_changed.wakeAll();
}

bool WorkerPool::pendingOrRunning()
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_running.isEmpty())
            return true;
    }
    QSqlQuery query(m_state->connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM transfers WHERE status = 'PENDING'")) || !query.next())
        return true; // unknown: keep going, the next claim reports the failure
    return query.value(0).toLongLong() > 0;
}

void WorkerPool::workerLoop(int index)
{
    const QString workerId = m_prefix + QString::number(index + 1);
    {
        TransferRunner::Options runnerOptions;
        runnerOptions.workerId = workerId;
        runnerOptions.clock = m_options.clock;
        runnerOptions.hooks = m_options.hooks;
        runnerOptions.stopRequested = [this] { return m_killing.load(); };
        runnerOptions.queries = m_queries; // the housekeeping thread marks kills and lost transfers here
        runnerOptions.progress = [this](const QString &id, const ModelMetrics &metrics) { Q_EMIT transferProgress(id, metrics); };
        TransferRunner runner(m_state, runnerOptions);
        Dispatcher dispatcher(m_state, m_options.clock);
        std::optional<Workspace> workspace;
        QElapsedTimer workspaceAge;
        {
            // The first sweep first: what died or expired is marked, and what is due enqueued, before any claim
            // (and before `once` decides that nothing is left).
            QMutexLocker lock(&m_mutex);
            while (!m_swept && !m_stopping)
                m_changed.wait(&m_mutex, 100);
        }
        while (!m_stopping) {
            if (!workspace || workspaceAge.elapsed() > kWorkspaceMaxAgeMs) {
                Result<Workspace> loaded = WorkspaceStore(m_state->connection()).load();
                // A workspace that cannot be read still dispatches: the runner fails each transfer with the reason.
                workspace = loaded ? std::move(*loaded) : Workspace();
                workspaceAge.start();
            }
            const Result<std::optional<QString>> claimed = dispatcher.claimNext(*workspace, workerId);
            if (!claimed) {
                fail(claimed.error());
                break;
            }
            if (*claimed) {
                const QString id = **claimed;
                {
                    QMutexLocker lock(&m_mutex);
                    m_running.insert(id, workerId);
                }
                Q_EMIT transferStarted(id, workerId);
                const Result<QString> status = runner.runClaimed(id);
                {
                    QMutexLocker lock(&m_mutex);
                    m_running.remove(id);
                }
                if (!status) {
                    fail(status.error());
                    break;
                }
                if (*status != QLatin1String("SUCCESS"))
                    ++m_failures;
                Q_EMIT transferFinished(id, *status);
                wake(); // what it held is free: every idle worker looks again
                continue;
            }
            if (m_options.once && !pendingOrRunning())
                break;
            QMutexLocker lock(&m_mutex);
            if (!m_stopping)
                m_changed.wait(&m_mutex, m_options.pollMilliseconds);
        }
    }
    // Every query object of this thread is gone: its state connection can be closed.
    m_state->releaseThreadConnection();
    if (--m_activeWorkers == 0) {
        m_stopping = true;
        m_workersDone = true; // the last transfer of this process ended: so does the housekeeping thread
        wake();
    }
}

namespace {

// Whether a transfer whose heartbeat found it not RUNNING on `workerId` was taken by another process (marked
// ORPHANED, or claimed by another worker), not just ended by its own runner a moment before it returned. Unknown
// (the state database failed) counts as not taken: the next heartbeat asks again.
bool takenElsewhere(TransferStore &store, const QString &id, const QString &workerId)
{
    const Result<TransferRecord> record = store.load(id);
    return record && (record->workerId != workerId || record->status == QLatin1String("ORPHANED"));
}

} // namespace

bool WorkerPool::heartbeat(TransferStore &store, QSet<QString> &lost)
{
    QHash<QString, QString> running;
    {
        QMutexLocker lock(&m_mutex);
        running = m_running;
    }
    bool sent = true;
    const QDateTime now = m_options.clock();
    for (auto it = running.cbegin(); it != running.cend(); ++it) {
        const Result<bool> owned = store.heartbeat(it.key(), it.value(), now);
        if (!owned) {
            qCWarning(lcEngine).noquote() << "heartbeat of" << it.key() << "failed, retrying:" << owned.error().toString();
            sent = false;
        } else if (!*owned && !lost.contains(it.key()) && takenElsewhere(store, it.key(), it.value())) {
            // Another process marked it ORPHANED (or took it over): it stops before its next publish, and its
            // runner's guarded writes leave the row as that process set it.
            lost.insert(it.key());
            m_queries->cancel(it.key());
            LogEvent event;
            event.at = now;
            event.level = QStringLiteral("error");
            event.transferId = it.key();
            event.phase = QStringLiteral("cleanup");
            event.message = QStringLiteral("worker %1 no longer owns this transfer (another process marked it ORPHANED "
                                           "or took it over): it is stopped before its next publish")
                                .arg(it.value());
            qCWarning(lcEngine).noquote() << it.key().left(8) << event.message;
            LogStore(m_state->connection()).append(event);
        }
    }
    return sent;
}

void WorkerPool::housekeepingLoop()
{
    {
        TransferStore store(m_state->connection());
        Dispatcher dispatcher(m_state, m_options.clock);
        Scheduler scheduler(m_state);
        QSet<QString> lost;
        // Cadences in real time (an injected clock may stand still); the clock stamps what is written.
        QElapsedTimer sinceHeartbeat, sinceSweep, sinceSchedule;
        // Until the last worker ended, not only until a stop: a draining process's transfers run on, and another
        // process would take them for dead without their heartbeats.
        while (!m_workersDone) {
            const QDateTime now = m_options.clock();
            // Heartbeats from here (the runners leave them to this thread): a transfer in a long statement (a
            // primary key being built, a large merge) stays alive. A failed one is tried again at the next turn.
            if (!sinceHeartbeat.isValid() || sinceHeartbeat.elapsed() >= qint64(m_options.heartbeatSeconds) * 1000) {
                if (heartbeat(store, lost))
                    sinceHeartbeat.start();
            }
            // A kill asked for from any process interrupts the running statement: it lands within a second, not
            // at the end of a long statement.
            for (const QString &id : running()) {
                const Result<bool> requested = store.cancelRequested(id);
                if (requested && *requested && !m_queries->cancelled(id))
                    m_queries->cancel(id);
            }
            if (!m_stopping && (!sinceSweep.isValid() || sinceSweep.elapsed() >= 1000)) {
                sinceSweep.start();
                const Result<QStringList> orphaned =
                    store.orphanStale(now.addSecs(-m_options.orphanSeconds), now, m_prefix);
                const Result<QStringList> expired = dispatcher.expireStale(now, m_options.maxPendingSeconds);
                Result<QStringList> scheduled = QStringList();
                if (m_options.schedule && !m_options.once &&
                    (!sinceSchedule.isValid() || sinceSchedule.elapsed() >= qint64(m_options.scheduleSeconds) * 1000)) {
                    sinceSchedule.start();
                    Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
                    if (workspace)
                        scheduled = scheduler.enqueueDue(*workspace, now);
                }
                const Result<QStringList> *results[] = {&orphaned, &expired, &scheduled};
                bool failed = false;
                for (const Result<QStringList> *result : results) {
                    if (!*result) {
                        fail(result->error());
                        failed = true;
                        break;
                    }
                }
                if (!failed) {
                    if (!orphaned->isEmpty() || !expired->isEmpty() || !scheduled->isEmpty())
                        Q_EMIT housekeeping(*orphaned, *expired, *scheduled);
                    m_swept = true;
                    wake();
                }
            }
            QMutexLocker lock(&m_mutex);
            if (!m_workersDone)
                m_changed.wait(&m_mutex, 500);
        }
    }
    m_state->releaseThreadConnection();
}

} // namespace ferry
