#pragma once

#include "engine/model_transfer.h"
#include "errors/error.h"
#include "state/state_database.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace ferry {

class TransferStore;

// Worker threads that take transfers from the queue (Dispatcher::claimNext) and run them (TransferRunner), plus
// one housekeeping thread that sends the heartbeats of the running transfers (so a long query never looks like a
// dead worker) and passes kills on to them until the last of them ended (a drain lets them run on: they stay
// alive), marks transfers of dead workers ORPHANED, expires transfers pending too long and enqueues the scheduled
// ones. A heartbeat that finds the transfer no longer this worker's (another process marked it ORPHANED) stops it
// before its next publish. Used by `ferryctl run` and by the desktop app; it reports through signals (emitted from
// its threads: connect with queued connections) and the state database.
class WorkerPool : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int workers = 2;
        // "host:pid:": worker ids are this, a random part of this pool ("host:pid:1f2e3d4c:"), and a number, so a
        // process restarted with the same pid (PID 1 in a container) never takes its predecessor's transfers for
        // its own.
        QString processPrefix;
        bool once = false;           // stop when nothing is pending and nothing runs here
        int orphanSeconds = 120;     // heartbeat age after which another process's transfer is ORPHANED
        int heartbeatSeconds = 10;
        qint64 maxPendingSeconds = 6 * 3600;
        bool schedule = true;        // enqueue enabled destinations every frequency_minutes
        int scheduleSeconds = 10;    // how often the scheduler looks (periods are 15 minutes or more)
        int pollMilliseconds = 1000; // how often an idle worker looks at the queue again
        std::function<QDateTime()> clock = [] { return QDateTime::currentDateTimeUtc(); };
        EngineHooks hooks;
    };
    enum class Stop { Drain, Kill };

    WorkerPool(std::shared_ptr<StateDatabase> state, Options options, QObject *parent = nullptr);
    ~WorkerPool() override;

    void start();
    // Drain: claim nothing more, let running transfers finish. Kill: also stop running transfers at their next
    // batch (KILLED, nothing half-published; the next transfer resumes at the last published window).
    void stop(Stop mode);
    // Blocks until every thread ended (after stop(), or by itself with `once`), or `timeoutMs` passed (-1: no
    // limit); true when every thread ended.
    bool wait(int timeoutMs = -1);
    QStringList running() const;
    // What this pool's worker ids start with: Options::processPrefix plus the pool's random part.
    QString workerPrefix() const { return m_prefix; }
    int failures() const { return m_failures; }
    std::optional<Error> fatalError() const;

Q_SIGNALS:
    void transferStarted(const QString &transferId, const QString &workerId);
    void transferProgress(const QString &transferId, const ferry::ModelMetrics &metrics);
    void transferFinished(const QString &transferId, const QString &status);
    void housekeeping(const QStringList &orphaned, const QStringList &expired, const QStringList &scheduled);
    void fatal(const ferry::Error &error);

private:
    void workerLoop(int index);
    void housekeepingLoop();
    bool pendingOrRunning();
    // Heartbeats for the running transfers; true when each was sent (a failed one is retried soon).
    bool heartbeat(TransferStore &store, QSet<QString> &lost);
    void fail(const Error &error);
    void wake();

    std::shared_ptr<StateDatabase> m_state;
    Options m_options;
    QString m_prefix;
    std::shared_ptr<RunningQueries> m_queries = std::make_shared<RunningQueries>();
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_killing{false};
    std::atomic<bool> m_workersDone{false}; // the housekeeping thread ends with the last worker
    std::atomic<bool> m_swept{false}; // the housekeeping thread's first sweep is done
    std::atomic<int> m_failures{0};
    std::atomic<int> m_activeWorkers{0};
    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    QHash<QString, QString> m_running; // transfer id -> worker id
    std::optional<Error> m_fatal;
};

} // namespace ferry
