// ferryctl run: a worker that runs queued transfers in this process.
#include "cli.h"

#include "engine/transfer_runner.h"
#include "state/transfer_store.h"

#include <QHostInfo>
#include <QThread>

#include <atomic>
#include <csignal>

namespace ferryctl {

namespace {

std::atomic<bool> g_stop{false};

void requestStop(int)
{
    g_stop = true;
}

} // namespace

int runRun(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run queued transfers, oldest first, in this process. With --once, return when the queue is empty; without, "
        "keep polling until SIGINT or SIGTERM (a running transfer is finished first)."));
    const QCommandLineOption once(QStringLiteral("once"), QStringLiteral("Return when nothing is pending."));
    const QCommandLineOption orphanAfter(
        QStringLiteral("orphan-after"),
        QStringLiteral("Seconds without a heartbeat after which a RUNNING transfer is ORPHANED (120)."),
        QStringLiteral("SECONDS"), QStringLiteral("120"));
    parser.addOptions({once, orphanAfter});
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    bool ok = false;
    const int orphanSeconds = parser.value(orphanAfter).toInt(&ok);
    if (!ok || orphanSeconds < 0) {
        context.err << "ferryctl run: --orphan-after takes a number of seconds\n";
        return kBadInput;
    }
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    ferry::TransferRunner::Options options;
    options.workerId = QStringLiteral("%1:%2").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    ferry::TransferRunner runner(*state, options);
    ferry::TransferStore store((*state)->connection());
    int failed = 0;
    while (!g_stop) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto orphaned = store.orphanStale(now.addSecs(-orphanSeconds), now);
        if (!orphaned)
            return context.fail(orphaned.error());
        for (const QString &id : *orphaned)
            context.err << "orphaned " << id << " (no heartbeat for " << orphanSeconds << " s)\n";
        const auto pending = store.idsWithStatus(QStringLiteral("PENDING"));
        if (!pending)
            return context.fail(pending.error());
        if (pending->isEmpty()) {
            if (parser.isSet(once))
                break;
            QThread::msleep(1000);
            continue;
        }
        const QString id = pending->first();
        const auto status = runner.run(id);
        if (!status) {
            if (status.error().code == QLatin1String("FERRY-TRANSFER-NOT-PENDING"))
                continue; // cancelled or taken meanwhile
            return context.fail(status.error());
        }
        context.out << id << " " << *status << "\n";
        context.out.flush();
        if (*status != QLatin1String("SUCCESS"))
            ++failed;
    }
    return failed == 0 ? kOk : kFailed;
}

} // namespace ferryctl
