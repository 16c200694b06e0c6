// ferryctl transfer watch ID: follows one transfer in the state database until it ends.
#include "cli.h"

#include "state/transfer_store.h"

#include <QDeadlineTimer>
#include <QLocale>
#include <QThread>

namespace ferryctl {

namespace {

// One model's line: printed again only when what it says changes.
QString modelLine(const ferry::ModelMetrics &m)
{
    QString line = QStringLiteral("  %1: %2").arg(m.modelName, m.status);
    if (m.windowsPlanned > 0)
        line += QStringLiteral(", windows %1/%2").arg(m.windowsDone).arg(m.windowsPlanned);
    line += QStringLiteral(", %1 row(s) read").arg(QLocale::c().toString(m.rowsRead));
    if (m.rowsWritten != m.rowsRead)
        line += QStringLiteral(", %1 written").arg(QLocale::c().toString(m.rowsWritten));
    if (m.error)
        line += QStringLiteral(" (%1 in %2: %3)").arg(m.error->code, m.errorPhase, m.error->title);
    return line;
}

} // namespace

int runTransferWatch(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Follow a transfer until it ends: its status changes and each model's progress (windows, rows), read from "
        "the state database twice a second, then its final status. Exit 0 when it ends SUCCESS, 1 when it ends any "
        "other way, 2 for an unknown id. Any process may run the transfer (ferryctl run here or elsewhere)."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Transfer id."));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Milliseconds between looks, 100 to 60000 (500)."),
                                      QStringLiteral("MS"), QStringLiteral("500"));
    parser.addOption(interval);
    int exitCode = kOk;
    const QString id = context.parseOneTransferId(parser, exitCode);
    if (id.isEmpty())
        return exitCode;
    const std::optional<qint64> intervalMs = context.integerOption(parser, interval, 100, 60000, exitCode);
    if (!intervalMs)
        return exitCode;
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());

    QString lastStatus;
    QHash<QString, QString> lastLines;
    for (;;) {
        const QDeadlineTimer next(*intervalMs);
        const auto record = ferry::TransferStore((*state)->connection()).load(id);
        if (!record)
            return context.fail(record.error(), lastStatus.isEmpty() ? kBadInput : kFailed);
        if (record->status != lastStatus) {
            if (lastStatus.isEmpty())
                context.out << "transfer " << id << " to " << record->destinationName << ": " << record->status << "\n";
            else
                context.out << "status " << record->status
                            << (record->status == QLatin1String("RUNNING") && !record->workerId.isEmpty()
                                    ? QStringLiteral(" on worker %1").arg(record->workerId)
                                    : QString())
                            << "\n";
            lastStatus = record->status;
        }
        for (const ferry::ModelMetrics &metrics : record->modelMetrics) {
            const QString line = modelLine(metrics);
            if (lastLines.value(metrics.modelName) != line) {
                context.out << line << "\n";
                lastLines.insert(metrics.modelName, line);
            }
        }
        context.out.flush();
        if (record->isFinished()) {
            context.out << "transfer " << id << " ended " << record->status << ": "
                        << QLocale::c().toString(record->rowsTransferred) << " row(s)";
            if (record->error && record->status != QLatin1String("SUCCESS"))
                context.out << " (" << record->error->toString() << ")";
            context.out << "\n";
            context.out.flush();
            return record->status == QLatin1String("SUCCESS") ? kOk : kFailed;
        }
        QThread::msleep(quint64(qMax<qint64>(0, next.remainingTime())));
    }
}

} // namespace ferryctl
