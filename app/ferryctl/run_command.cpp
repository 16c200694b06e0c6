// ferryctl run: the dispatcher, scheduler and workers of this process (core's WorkerPool).
#include "cli.h"
#include "progress_line.h"

#include "engine/dispatch_lock.h"
#include "engine/worker_pool.h"

#include <QHostInfo>
#include <QMutex>
#include <QThread>

#include <atomic>
#include <csignal>

namespace ferryctl {

namespace {

std::atomic<int> g_signals{0};

void countSignal(int)
{
    ++g_signals;
}

} // namespace

int runRun(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run queued transfers on worker threads in this process: the oldest first among those the dispatch rules let "
        "start (one transfer per model and destination, no integrity check running, the destination's and the "
        "sources' max_concurrent_transfers), heartbeats, orphan detection, expiry after 6 hours pending, and the "
        "schedule of enabled destinations. On a terminal, stderr shows one line of live progress (models, windows, rows, "
        "rate), rewritten at most once a second. With --once, return when nothing is pending and nothing runs. Without, "
        "run until SIGINT or SIGTERM: the first lets running transfers finish, a second stops them at their next "
        "batch (KILLED; the next transfer resumes at the last published window). Several processes may share a "
        "PostgreSQL state database; an SQLite one is served by one process at a time."));
    const QCommandLineOption once(QStringLiteral("once"), QStringLiteral("Return when nothing is pending and nothing runs."));
    const QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Worker threads, 1 to 64 (2)."), QStringLiteral("N"),
                                     QStringLiteral("2"));
    const QCommandLineOption orphanAfter(
        QStringLiteral("orphan-after"),
        QStringLiteral("Seconds without a heartbeat after which another worker's RUNNING transfer is ORPHANED, 0 to "
                       "604800 (120)."),
        QStringLiteral("SECONDS"), QStringLiteral("120"));
    const QCommandLineOption heartbeat(QStringLiteral("heartbeat"), QStringLiteral("Seconds between heartbeats, 1 to 3600 (10)."),
                                       QStringLiteral("SECONDS"), QStringLiteral("10"));
    parser.addOptions({once, workers, orphanAfter, heartbeat});
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    // Ranges that keep each in an int: a week without heartbeats is far past any pause, an hour between them the most.
    const std::optional<qint64> orphanSeconds = context.integerOption(parser, orphanAfter, 0, 604800, exitCode);
    if (!orphanSeconds)
        return exitCode;
    const std::optional<qint64> heartbeatSeconds = context.integerOption(parser, heartbeat, 1, 3600, exitCode);
    if (!heartbeatSeconds)
        return exitCode;
    const std::optional<qint64> workerCount = context.integerOption(parser, workers, 1, 64, exitCode);
    if (!workerCount)
        return exitCode;
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());
    const auto lock = ferry::DispatchLock::acquire(**state);
    if (!lock)
        return context.fail(lock.error());

    ferry::WorkerPool::Options options;
    options.workers = int(*workerCount);
    options.processPrefix = QStringLiteral("%1:%2:").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    options.once = parser.isSet(once);
    options.orphanSeconds = int(*orphanSeconds);
    options.heartbeatSeconds = int(*heartbeatSeconds);
    ferry::WorkerPool pool(*state, options);
    QMutex outputMutex;
    // Live progress only for a person at a terminal: scripts reading stderr get the same lines as before.
    ProgressLine progress(stderr);
    auto say = [&](QTextStream &stream, const QString &text) {
        QMutexLocker locker(&outputMutex);
        progress.clear();
        stream << text;
        stream.flush();
    };
    QObject::connect(&pool, &ferry::WorkerPool::transferProgress, &pool,
                     [&](const QString &id, const ferry::ModelMetrics &metrics) { progress.update(id, metrics); },
                     Qt::DirectConnection);
    QObject::connect(&pool, &ferry::WorkerPool::transferFinished, &pool,
                     [&](const QString &id, const QString &status) {
                         progress.finished(id);
                         say(context.out, id + QLatin1Char(' ') + status + QLatin1Char('\n'));
                     },
                     Qt::DirectConnection);
    QObject::connect(
        &pool, &ferry::WorkerPool::housekeeping, &pool,
        [&](const QStringList &orphaned, const QStringList &expired, const QStringList &scheduled) {
            for (const QString &id : orphaned)
                say(context.err, QStringLiteral("orphaned %1 (no heartbeat for %2 s)\n").arg(id).arg(*orphanSeconds));
            for (const QString &id : expired)
                say(context.err, QStringLiteral("expired %1 (pending for more than 6 hours)\n").arg(id));
            for (const QString &id : scheduled)
                say(context.err, QStringLiteral("scheduled %1\n").arg(id));
        },
        Qt::DirectConnection);

    std::signal(SIGINT, countSignal);
    std::signal(SIGTERM, countSignal);
    pool.start();
    int handled = 0;
    while (!pool.wait(100)) {
        {
            QMutexLocker locker(&outputMutex);
            progress.draw();
        }
        const int seen = g_signals;
        if (seen > handled) {
            handled = seen;
            const bool kill = seen > 1;
            say(context.err, kill ? QStringLiteral("ferryctl run: stopping running transfers at their next batch\n")
                                  : QStringLiteral("ferryctl run: finishing running transfers (again to stop them now)\n"));
            pool.stop(kill ? ferry::WorkerPool::Stop::Kill : ferry::WorkerPool::Stop::Drain);
        }
    }
    {
        QMutexLocker locker(&outputMutex);
        progress.clear();
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (const std::optional<ferry::Error> fatal = pool.fatalError()) {
        say(context.err, QStringLiteral("ferryctl: %1\n").arg(fatal->toString()));
        return kFailed;
    }
    return pool.failures() == 0 ? kOk : kFailed;
}

} // namespace ferryctl
