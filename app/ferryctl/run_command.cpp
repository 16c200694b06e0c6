// ferryctl run: workers that run queued transfers in this process.
#include "cli.h"

#include "engine/transfer_runner.h"
#include "state/transfer_store.h"

#include <QHostInfo>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <csignal>
#include <memory>
#include <vector>

namespace ferryctl {

namespace {

std::atomic<bool> g_stop{false};

void requestStop(int)
{
    g_stop = true;
}

// One worker thread's loop: take the oldest PENDING transfer it may start (its destination not at its limit),
// run it, repeat. With `once`, return when nothing is pending.
struct WorkerLoop
{
    std::shared_ptr<ferry::StateDatabase> state;
    QString workerId;
    QString processPrefix; // "host:pid:", shared by this process's workers
    bool once = false;
    int orphanSeconds = 120;
    bool checksOrphans = false;
    QMutex *outputMutex = nullptr;
    // Signalled whenever a worker ends a transfer or stops: an idle worker looks at the queue again at once.
    QMutex *queueMutex = nullptr;
    QWaitCondition *queueChanged = nullptr;
    const CommandContext *context = nullptr;
    std::atomic<int> *failed = nullptr;
    std::atomic<bool> *fatal = nullptr;

    void operator()()
    {
        loop();
        // Every query object of this thread is gone now: its state connection can be closed.
        state->releaseThreadConnection();
    }

    void loop()
    {
        ferry::TransferRunner::Options options;
        options.workerId = workerId;
        ferry::TransferRunner runner(state, options);
        ferry::TransferStore store(state->connection());
        while (!g_stop && !*fatal) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (checksOrphans) {
                const auto orphaned = store.orphanStale(now.addSecs(-orphanSeconds), now, processPrefix);
                if (!orphaned) {
                    report(orphaned.error());
                    break;
                }
                for (const QString &id : *orphaned)
                    say(QStringLiteral("orphaned %1 (no heartbeat for %2 s)\n").arg(id).arg(orphanSeconds), true);
            }
            const auto pending = store.idsWithStatus(QStringLiteral("PENDING"));
            if (!pending) {
                report(pending.error());
                break;
            }
            if (pending->isEmpty()) {
                if (once)
                    break;
                QThread::msleep(1000);
                continue;
            }
            bool ranOne = false;
            for (const QString &id : *pending) {
                const auto status = runner.run(id);
                if (!status) {
                    const QString code = status.error().code;
                    // Cancelled or taken by another worker meanwhile, or its destination is busy: try the next.
                    if (code == QLatin1String("FERRY-TRANSFER-NOT-PENDING") || code == QLatin1String("FERRY-TRANSFER-BUSY"))
                        continue;
                    report(status.error());
                    return;
                }
                say(QStringLiteral("%1 %2\n").arg(id, *status), false);
                if (*status != QLatin1String("SUCCESS"))
                    ++*failed;
                ranOne = true;
                notify();
                break;
            }
            if (!ranOne) {
                // Everything pending waits for a running transfer to end (here or in another process).
                QMutexLocker lock(queueMutex);
                queueChanged->wait(queueMutex, 250);
            }
        }
        notify();
    }

    void notify()
    {
        QMutexLocker lock(queueMutex);
        queueChanged->wakeAll();
    }

    void say(const QString &text, bool toErr)
    {
        QMutexLocker lock(outputMutex);
        (toErr ? context->err : context->out) << text;
        (toErr ? context->err : context->out).flush();
    }

    void report(const ferry::Error &error)
    {
        *fatal = true;
        say(QStringLiteral("ferryctl: %1\n").arg(error.toString()), true);
    }
};

} // namespace

int runRun(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run queued transfers, oldest first, on worker threads in this process. A transfer waits while its "
        "destination already runs as many as its max_concurrent_transfers. With --once, return when nothing is "
        "pending; without, keep polling until SIGINT or SIGTERM (running transfers are finished first)."));
    const QCommandLineOption once(QStringLiteral("once"), QStringLiteral("Return when nothing is pending."));
    const QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Worker threads (2)."), QStringLiteral("N"),
                                     QStringLiteral("2"));
    const QCommandLineOption orphanAfter(
        QStringLiteral("orphan-after"),
        QStringLiteral("Seconds without a heartbeat after which a RUNNING transfer is ORPHANED (120)."),
        QStringLiteral("SECONDS"), QStringLiteral("120"));
    parser.addOptions({once, workers, orphanAfter});
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    bool ok = false;
    const int orphanSeconds = parser.value(orphanAfter).toInt(&ok);
    if (!ok || orphanSeconds < 0) {
        context.err << "ferryctl run: --orphan-after takes a number of seconds\n";
        return kBadInput;
    }
    const int workerCount = parser.value(workers).toInt(&ok);
    if (!ok || workerCount < 1 || workerCount > 64) {
        context.err << "ferryctl run: --workers takes a number from 1 to 64\n";
        return kBadInput;
    }
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QMutex outputMutex;
    QMutex queueMutex;
    QWaitCondition queueChanged;
    std::atomic<int> failed{0};
    std::atomic<bool> fatal{false};
    // With --once, threads beyond the transfers waiting would only compete for the state database.
    int threadCount = workerCount;
    if (parser.isSet(once)) {
        const auto pending = ferry::TransferStore((*state)->connection()).idsWithStatus(QStringLiteral("PENDING"));
        if (!pending)
            return context.fail(pending.error());
        threadCount = int(qBound<qsizetype>(1, pending->size(), qsizetype(workerCount)));
    }
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < threadCount; ++i) {
        WorkerLoop loop;
        loop.state = *state;
        loop.processPrefix = QStringLiteral("%1:%2:").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
        loop.workerId = loop.processPrefix + QString::number(i + 1);
        loop.once = parser.isSet(once);
        loop.orphanSeconds = orphanSeconds;
        loop.checksOrphans = i == 0;
        loop.outputMutex = &outputMutex;
        loop.queueMutex = &queueMutex;
        loop.queueChanged = &queueChanged;
        loop.context = &context;
        loop.failed = &failed;
        loop.fatal = &fatal;
        threads.emplace_back(QThread::create(loop));
        threads.back()->setObjectName(QStringLiteral("ferry-worker-%1").arg(i + 1));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        thread->wait();
    if (fatal)
        return kFailed;
    return failed == 0 ? kOk : kFailed;
}

} // namespace ferryctl
