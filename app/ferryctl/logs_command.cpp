// ferryctl logs: the structured transfer log kept in the state database.
#include "cli.h"

#include "api/transfer_json.h"
#include "state/log_store.h"

namespace ferryctl {

namespace {

constexpr qint64 kMaxLimit = 1000000;

} // namespace

int runLogs(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print transfer log events, oldest first."));
    const QCommandLineOption transfer(QStringLiteral("transfer"), QStringLiteral("Only this transfer."), QStringLiteral("ID"));
    const QCommandLineOption level(QStringLiteral("level"), QStringLiteral("Minimum level: debug, info, warning, error."), QStringLiteral("L"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N events, 1 to 1000000 (1000)."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
    parser.addOptions({transfer, level, limit, json});
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    ferry::LogFilter filter;
    filter.transferId = parser.value(transfer);
    filter.minimumLevel = parser.value(level).toLower();
    const std::optional<qint64> limitValue = context.integerOption(parser, limit, 1, kMaxLimit, exitCode);
    if (!limitValue)
        return exitCode;
    filter.limit = int(*limitValue);
    if (!filter.minimumLevel.isEmpty() && ferry::LogStore::levelRank(filter.minimumLevel) < 0) {
        context.err << "ferryctl logs: --level is one of debug, info, warning, error\n";
        return kBadInput;
    }
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());
    const auto events = ferry::LogStore((*state)->connection()).list(filter);
    if (!events)
        return context.fail(events.error());
    for (const ferry::LogEvent &event : *events) {
        if (parser.isSet(json)) {
            context.out << QString::fromStdString(ferry::TransferJson::toJson(event).dump()) << "\n";
            continue;
        }
        context.out << event.at.toString(Qt::ISODateWithMs) << ' ' << event.level.toUpper().leftJustified(7) << ' '
                    << event.transferId.left(8) << ' ' << (event.modelName.isEmpty() ? QStringLiteral("-") : event.modelName)
                    << ' ' << (event.phase.isEmpty() ? QStringLiteral("-") : event.phase) << ": " << event.message << "\n";
    }
    return kOk;
}

} // namespace ferryctl
