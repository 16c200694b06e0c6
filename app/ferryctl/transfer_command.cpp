// ferryctl transfer create | list | show | cancel | plan
#include "cli.h"

#include "api/transfer_json.h"
#include "engine/transfer_preview.h"
#include "engine/transfer_request_builder.h"
#include "state/transfer_store.h"
#include "state/workspace_store.h"
#include "validate/did_you_mean.h"

namespace ferryctl {

namespace {

using ferry::TransferRecord;

// `--tag K=V` values; false (and a message) when one has no '='.
bool parseTags(const QStringList &values, QMap<QString, QString> &tags, const CommandContext &context)
{
    for (const QString &value : values) {
        const qsizetype eq = value.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            context.err << "ferryctl: --tag takes KEY=VALUE, got \"" << value << "\"\n";
            return false;
        }
        tags.insert(value.left(eq), value.mid(eq + 1));
    }
    return true;
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

void printRecord(const TransferRecord &record, QTextStream &out)
{
    out << "transfer    " << record.id << "\n"
        << "status      " << record.status << "\n"
        << "destination " << record.destinationName << " (recipient " << record.recipientName << ")\n"
        << "requested   " << (record.fullRefresh ? "full refresh" : "transfer")
        << (record.models.isEmpty() ? QStringLiteral(" of every model")
                                    : QStringLiteral(" of ") + record.models.join(QStringLiteral(", ")))
        << (record.windowStart.isEmpty() ? QString()
                                         : QStringLiteral(", window [%1, %2)").arg(record.windowStart, record.windowEnd))
        << "\n"
        << "submitted   " << timeText(record.submittedAt) << "   started " << timeText(record.startedAt) << "   ended "
        << timeText(record.endedAt) << "\n"
        << "rows        " << record.rowsTransferred << " (" << QString::number(double(record.bytesTransferred) / 1e6, 'f', 1)
        << " MB)\n";
    if (!record.tags.isEmpty()) {
        QStringList tags;
        for (auto it = record.tags.cbegin(); it != record.tags.cend(); ++it)
            tags << it.key() + QLatin1Char('=') + it.value();
        out << "tags        " << tags.join(QStringLiteral(", ")) << "\n";
    }
    if (record.error)
        out << "error       " << record.error->code << ": " << record.error->toString() << "\n";
    for (const ferry::ModelMetrics &m : record.modelMetrics) {
        out << "\n  model " << m.modelName << ": " << m.status << ", " << (m.mode.isEmpty() ? QStringLiteral("-") : m.mode)
            << ", windows " << m.windowsDone << "/" << m.windowsPlanned << ", rows read " << m.rowsRead << ", written "
            << m.rowsWritten << "\n";
        if (!m.cursorFrom.isEmpty())
            out << "    window [" << m.cursorFrom << ", " << m.cursorTo << ")";
        if (!m.mostRecentLastUpdatedAt.isEmpty())
            out << "  checkpoint " << m.mostRecentLastUpdatedAt;
        out << "\n";
        if (m.error) {
            out << "    failed in " << m.errorPhase << (m.windowsPlanned > 0 ? QStringLiteral(" of window %1").arg(m.windowsDone + 1) : QString())
                << ": " << m.error->code << " (blame " << ferry::blameName(m.error->blame) << ")\n"
                << "    " << m.error->title << ": " << m.error->message << "\n";
            if (!m.error->hint.isEmpty())
                out << "    hint: " << m.error->hint << "\n";
        }
    }
}

int createOrPlan(const CommandContext &context, bool plan)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(plan ? QStringLiteral("Show what a transfer would do, writing nothing anywhere.")
                                          : QStringLiteral("Enqueue a transfer; prints its id alone."));
    const QCommandLineOption destination(QStringLiteral("destination"), QStringLiteral("Destination name."), QStringLiteral("NAME"));
    const QCommandLineOption fullRefresh(QStringLiteral("full-refresh"), QStringLiteral("Rebuild every table from the backfill start."));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Only this model (repeatable)."), QStringLiteral("NAME"));
    const QCommandLineOption tag(QStringLiteral("tag"), QStringLiteral("KEY=VALUE tag (repeatable)."), QStringLiteral("KEY=VALUE"));
    const QCommandLineOption windowStart(QStringLiteral("window-start"), QStringLiteral("Explicit window start, RFC 3339 with Z or an offset, e.g. 2026-01-01T00:00:00Z."), QStringLiteral("TIME"));
    const QCommandLineOption windowEnd(QStringLiteral("window-end"), QStringLiteral("Explicit window end (RFC 3339, as --window-start)."), QStringLiteral("TIME"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({destination, fullRefresh, model, windowStart, windowEnd});
    if (plan)
        parser.addOption(json);
    else
        parser.addOption(tag);
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (!parser.isSet(destination)) {
        context.err << "ferryctl " << context.arguments.value(0) << ": --destination NAME is required\n";
        return kBadInput;
    }
    ferry::TransferOptions options;
    options.destination = parser.value(destination);
    options.fullRefresh = parser.isSet(fullRefresh);
    options.models = parser.values(model);
    options.windowStart = parser.value(windowStart);
    options.windowEnd = parser.value(windowEnd);
    if (!plan && !parseTags(parser.values(tag), options.tags, context))
        return kBadInput;

    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());
    const auto workspace = ferry::WorkspaceStore((*state)->connection()).load();
    if (!workspace)
        return context.fail(workspace.error());
    const auto request = ferry::TransferRequestBuilder::build(*workspace, options);
    if (!request)
        return context.fail(request.error(), kBadInput);
    if (plan) {
        const auto preview = ferry::TransferPreview::build(**state, *workspace, *request);
        if (!preview)
            return context.fail(preview.error());
        if (parser.isSet(json))
            context.out << QString::fromStdString(preview->toJson().dump(2)) << "\n";
        else
            context.out << preview->toText();
        for (const ferry::ModelPreview &item : preview->models) {
            if (item.error)
                return kFailed;
        }
        return kOk;
    }
    const auto id = ferry::TransferStore((*state)->connection()).enqueue(*request);
    if (!id)
        return context.fail(id.error());
    context.out << *id << "\n";
    return kOk;
}

int list(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List transfers, newest first."));
    const QCommandLineOption status(QStringLiteral("status"), QStringLiteral("Only this status."), QStringLiteral("S"));
    const QCommandLineOption destination(QStringLiteral("destination"), QStringLiteral("Only this destination."), QStringLiteral("D"));
    const QCommandLineOption recipient(QStringLiteral("recipient"), QStringLiteral("Only this recipient."), QStringLiteral("R"));
    const QCommandLineOption tag(QStringLiteral("tag"), QStringLiteral("Only transfers with this tag (repeatable)."), QStringLiteral("K=V"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N transfers, 1 to 1000000 (100)."), QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({status, destination, recipient, tag, limit, json});
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    ferry::TransferFilter filter;
    filter.status = parser.value(status).toUpper();
    const QStringList statuses = {QStringLiteral("PENDING"), QStringLiteral("RUNNING"), QStringLiteral("SUCCESS"),
                                  QStringLiteral("PARTIAL_FAILURE"), QStringLiteral("ERROR"), QStringLiteral("CANCELLED"),
                                  QStringLiteral("KILLED"), QStringLiteral("EXPIRED"), QStringLiteral("ORPHANED")};
    if (!filter.status.isEmpty() && !statuses.contains(filter.status)) {
        context.err << "ferryctl transfer list: unknown status \"" << parser.value(status) << "\""
                    << ferry::didYouMeanSuffix(filter.status, statuses) << "; one of " << statuses.join(QStringLiteral(", ")) << "\n";
        return kBadInput;
    }
    filter.destinationName = parser.value(destination);
    filter.recipientName = parser.value(recipient);
    const std::optional<qint64> limitValue = context.integerOption(parser, limit, 1, 1000000, exitCode);
    if (!limitValue)
        return exitCode;
    filter.limit = int(*limitValue);
    if (!parseTags(parser.values(tag), filter.tags, context))
        return kBadInput;
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());
    const auto records = ferry::TransferStore((*state)->connection()).list(filter);
    if (!records)
        return context.fail(records.error());
    if (parser.isSet(json)) {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (const TransferRecord &record : *records)
            array.push_back(ferry::TransferJson::toJson(record));
        context.out << QString::fromStdString(array.dump(2)) << "\n";
        return kOk;
    }
    context.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                       .arg(QStringLiteral("ID"), -36)
                       .arg(QStringLiteral("STATUS"), -15)
                       .arg(QStringLiteral("SUBMITTED"), -20)
                       .arg(QStringLiteral("ROWS"), 10)
                       .arg(QStringLiteral("DESTINATION"));
    for (const TransferRecord &record : *records) {
        context.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                           .arg(record.id, -36)
                           .arg(record.status, -15)
                           .arg(timeText(record.submittedAt), -20)
                           .arg(record.rowsTransferred, 10)
                           .arg(record.destinationName);
    }
    return kOk;
}

int showOrCancel(const CommandContext &context, bool cancel)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(cancel ? QStringLiteral("Cancel a pending transfer, or kill a running one.")
                                            : QStringLiteral("Show a transfer, its models, their metrics and errors."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Transfer id."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON (SPEC section 6)."));
    if (!cancel)
        parser.addOption(json);
    int exitCode = kOk;
    const QString id = context.parseOneTransferId(parser, exitCode);
    if (id.isEmpty())
        return exitCode;
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());
    ferry::TransferStore store((*state)->connection());
    if (cancel) {
        const auto before = store.load(id);
        if (!before)
            return context.fail(before.error(), kBadInput);
        if (before->isFinished()) {
            context.err << "ferryctl: transfer " << id << " already ended " << before->status << "; nothing to cancel\n";
            return kFailed;
        }
        const auto status = store.cancel(id);
        if (!status)
            return context.fail(status.error());
        context.out << (*status == QLatin1String("CANCELLED")
                            ? QStringLiteral("cancelled %1\n").arg(id)
                            : QStringLiteral("kill requested for %1: it stops at its next batch and ends KILLED\n").arg(id));
        return kOk;
    }
    const auto record = store.load(id);
    if (!record)
        return context.fail(record.error(), kBadInput);
    if (parser.isSet(json))
        context.out << QString::fromStdString(ferry::TransferJson::toJson(*record).dump(2)) << "\n";
    else
        printRecord(*record, context.out);
    return kOk;
}

} // namespace

int runTransfer(const CommandContext &context)
{
    const QString sub = context.arguments.value(1);
    const QStringList known = {QStringLiteral("create"), QStringLiteral("list"), QStringLiteral("show"),
                               QStringLiteral("cancel"), QStringLiteral("plan"), QStringLiteral("watch")};
    if (!known.contains(sub)) {
        context.err << "Usage: ferryctl transfer create|list|show|cancel|plan|watch [OPTIONS]\n"
                       "  create --destination NAME [--full-refresh] [--model M]... [--tag K=V]... [--window-start T --window-end T]\n"
                       "  plan   --destination NAME [--full-refresh] [--model M]... [--window-start T --window-end T] [--json]\n"
                       "  list   [--status S] [--destination D] [--recipient R] [--tag K=V] [--json]\n"
                       "  show ID [--json]      cancel ID\n"
                       "  watch ID              follow it until it ends (exit 0 SUCCESS, 1 other end, 2 unknown id)\n";
        return sub == QLatin1String("--help") || sub == QLatin1String("-h") ? kOk : kBadInput;
    }
    const CommandContext subContext = context.subcommand();
    if (sub == QLatin1String("create") || sub == QLatin1String("plan"))
        return createOrPlan(subContext, sub == QLatin1String("plan"));
    if (sub == QLatin1String("list"))
        return list(subContext);
    if (sub == QLatin1String("watch"))
        return runTransferWatch(subContext);
    return showOrCancel(subContext, sub == QLatin1String("cancel"));
}

} // namespace ferryctl
