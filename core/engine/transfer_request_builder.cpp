#include "engine/transfer_request_builder.h"

#include "config/name_rules.h"
#include "config/time_limits.h"
#include "engine/window_planner.h"
#include "rows/rfc3339.h"
#include "validate/did_you_mean.h"

namespace ferry {

namespace {

Error badInput(const QString &title, const QString &message, const QString &hint = {})
{
    return Error{QStringLiteral("FERRY-REQUEST"), title, message, hint, Blame::Config};
}

// The planner would refuse an explicit window cut into more windows than a plan holds; say so before enqueuing.
std::optional<Error> checkWindowCount(const Workspace &workspace, const Destination &destination,
                                      const QStringList &chosen, const QByteArray &start, const QByteArray &end)
{
    const qint64 span = WindowPlanner::spanSeconds(start, end);
    for (const QString &name : chosen.isEmpty() ? workspace.modelNamesFor(destination) : chosen) {
        const Model *model = workspace.model(name);
        if (!model || !model->maxTransferTimeWindowSeconds)
            continue;
        const qint64 windows = TimeLimits::windowCount(span, *model->maxTransferTimeWindowSeconds);
        if (windows <= TimeLimits::kMaxWindowsPerPlan)
            continue;
        return badInput(QStringLiteral("Too many windows"),
                        QStringLiteral("model \"%1\": max_transfer_time_window_seconds %2 cuts this window into %3 "
                                       "windows; a plan holds at most %4")
                            .arg(name)
                            .arg(*model->maxTransferTimeWindowSeconds)
                            .arg(windows)
                            .arg(TimeLimits::kMaxWindowsPerPlan),
                        QStringLiteral("narrow --window-start/--window-end, or raise max_transfer_time_window_seconds "
                                       "to at least %1").arg(TimeLimits::smallestWindowFor(span)));
    }
    return std::nullopt;
}

} // namespace

Result<TransferRequest> TransferRequestBuilder::build(const Workspace &workspace, const TransferOptions &options)
{
    const Destination *destination = workspace.destination(options.destination);
    if (!destination) {
        return badInput(QStringLiteral("Unknown destination"),
                        QStringLiteral("no destination is named \"%1\"%2")
                            .arg(options.destination, didYouMeanSuffix(options.destination, workspace.names(ObjectKind::Destination))),
                        QStringLiteral("'ferryctl export' lists the workspace"));
    }
    if (!destination->isDatabase()) {
        return badInput(QStringLiteral("Destination not supported yet"),
                        QStringLiteral("destination \"%1\" is %2; this Ferry transfers to databases (postgres, mysql, "
                                       "sqlite)").arg(destination->name, destination->vendor));
    }
    const QStringList delivered = workspace.modelNamesFor(*destination);
    for (const QString &model : options.models) {
        if (!delivered.contains(model)) {
            return badInput(QStringLiteral("Model not delivered"),
                            QStringLiteral("destination \"%1\" does not receive model \"%2\"%3")
                                .arg(destination->name, model, didYouMeanSuffix(model, delivered)),
                            QStringLiteral("it receives: %1").arg(delivered.join(QStringLiteral(", "))));
        }
    }
    for (auto it = options.tags.cbegin(); it != options.tags.cend(); ++it) {
        if (!NameRules::isValidTag(it.key()) || !NameRules::isValidTag(it.value()))
            return badInput(QStringLiteral("Invalid tag"),
                            QStringLiteral("\"%1=%2\": keys and values may only hold letters, digits, '_' and '-'")
                                .arg(it.key(), it.value()));
    }
    TransferRequest request;
    request.destinationId = destination->id;
    request.destinationName = destination->name;
    request.recipientName = destination->recipient;
    request.fullRefresh = options.fullRefresh;
    request.models = options.models;
    request.tags = options.tags;
    if (options.windowStart.isEmpty() != options.windowEnd.isEmpty())
        return badInput(QStringLiteral("Incomplete window"), QStringLiteral("give both --window-start and --window-end"));
    if (!options.windowStart.isEmpty()) {
        if (options.fullRefresh)
            return badInput(QStringLiteral("Conflicting options"),
                            QStringLiteral("a full refresh reloads everything; it takes no explicit window"));
        // Strictly RFC 3339: a typo (an offset of +99:99) must not quietly become another window.
        QString problem;
        const std::optional<QByteArray> start = Rfc3339::parse(options.windowStart, &problem);
        if (!start)
            return badInput(QStringLiteral("Invalid time"),
                            Rfc3339::argumentError(QStringLiteral("--window-start"), options.windowStart, problem));
        const std::optional<QByteArray> end = Rfc3339::parse(options.windowEnd, &problem);
        if (!end)
            return badInput(QStringLiteral("Invalid time"),
                            Rfc3339::argumentError(QStringLiteral("--window-end"), options.windowEnd, problem));
        if (*start >= *end)
            return badInput(QStringLiteral("Empty window"),
                            QStringLiteral("--window-start %1 is not before --window-end %2").arg(options.windowStart, options.windowEnd));
        if (const std::optional<Error> tooMany = checkWindowCount(workspace, *destination, options.models, *start, *end))
            return *tooMany;
        request.windowStart = QString::fromLatin1(*start);
        request.windowEnd = QString::fromLatin1(*end);
    }
    return request;
}

} // namespace ferry
