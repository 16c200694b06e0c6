// ferryctl checkpoint list | rewind
#include "cli.h"

#include "state/checkpoint_store.h"
#include "state/workspace_store.h"
#include "validate/did_you_mean.h"

#include <nlohmann/json.hpp>

namespace ferryctl {

int runCheckpoint(const CommandContext &context)
{
    const QString sub = context.arguments.value(1);
    if (sub != QLatin1String("list") && sub != QLatin1String("rewind")) {
        context.err << "Usage: ferryctl checkpoint list --destination NAME [--json]\n"
                       "       ferryctl checkpoint rewind --destination NAME --model M --to RFC3339\n";
        return sub == QLatin1String("--help") ? kOk : kBadInput;
    }
    const CommandContext sc = context.subcommand();
    QCommandLineParser parser;
    parser.setApplicationDescription(sub == QLatin1String("list")
                                         ? QStringLiteral("Show the checkpoint of each model at a destination.")
                                         : QStringLiteral("Move a model's checkpoint back (never forward), so its next "
                                                          "transfer re-sends rows from that time on."));
    const QCommandLineOption destination(QStringLiteral("destination"), QStringLiteral("Destination name."), QStringLiteral("NAME"));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model name."), QStringLiteral("M"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("New checkpoint, RFC 3339 with Z or an offset from -23:59 to +23:59, e.g. 2026-01-31T00:00:00Z."), QStringLiteral("TIME"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOption(destination);
    if (sub == QLatin1String("list"))
        parser.addOption(json);
    else
        parser.addOptions({model, to});
    int exitCode = kOk;
    if (!sc.parse(parser, exitCode))
        return exitCode;
    if (!parser.isSet(destination) || (sub == QLatin1String("rewind") && (!parser.isSet(model) || !parser.isSet(to)))) {
        sc.err << "ferryctl " << sc.arguments.first() << ": missing options; see --help\n";
        return kBadInput;
    }
    // Parsed before the state database opens: a time that does not parse must not reach the checkpoint.
    std::optional<QByteArray> time;
    if (sub == QLatin1String("rewind") && !(time = sc.timeOption(parser, to, exitCode)))
        return exitCode;
    const auto state = sc.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return sc.failState(state.error());
    const auto workspace = ferry::WorkspaceStore((*state)->connection()).load();
    if (!workspace)
        return sc.fail(workspace.error());
    const ferry::Destination *target = workspace->destination(parser.value(destination));
    if (!target) {
        sc.err << "ferryctl: no destination is named \"" << parser.value(destination) << "\""
               << ferry::didYouMeanSuffix(parser.value(destination), workspace->names(ferry::ObjectKind::Destination)) << "\n";
        return kBadInput;
    }
    ferry::CheckpointStore store((*state)->connection());
    if (sub == QLatin1String("rewind")) {
        const auto before = store.rewind(target->id, parser.value(model), QString::fromLatin1(*time));
        if (!before)
            return sc.fail(before.error(), kBadInput);
        sc.out << "model " << parser.value(model) << ": checkpoint moved back from " << before->cursorValue << " to "
               << QString::fromLatin1(*time) << "\n";
        return kOk;
    }
    const auto checkpoints = store.forDestination(target->id);
    if (!checkpoints)
        return sc.fail(checkpoints.error());
    const QStringList models = workspace->modelNamesFor(*target);
    if (parser.isSet(json)) {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (const QString &name : models) {
            nlohmann::ordered_json item{{"model_name", name.toStdString()}, {"checkpoint", nullptr}};
            for (const ferry::Checkpoint &c : *checkpoints) {
                if (c.modelName != name)
                    continue;
                item["checkpoint"] = c.cursorValue.isEmpty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.cursorValue.toStdString());
                item["transfer_id"] = c.transferId.toStdString();
                item["unfinished_run"] = c.hasUnfinishedRun()
                                             ? nlohmann::ordered_json{{"start", c.runWindowStart.toStdString()},
                                                                      {"end", c.runWindowEnd.toStdString()},
                                                                      {"windows_done", c.runWindowsDone}}
                                             : nlohmann::ordered_json();
            }
            array.push_back(item);
        }
        sc.out << QString::fromStdString(array.dump(2)) << "\n";
        return kOk;
    }
    for (const QString &name : models) {
        QString line = QStringLiteral("%1  none (next transfer is a backfill)").arg(name, -24);
        for (const ferry::Checkpoint &c : *checkpoints) {
            if (c.modelName != name)
                continue;
            line = QStringLiteral("%1  %2").arg(name, -24).arg(c.cursorValue.isEmpty() ? QStringLiteral("none") : c.cursorValue);
            if (c.hasUnfinishedRun())
                line += QStringLiteral("  (stopped run [%1, %2) after %3 window(s))").arg(c.runWindowStart, c.runWindowEnd).arg(c.runWindowsDone);
        }
        sc.out << line << "\n";
    }
    return kOk;
}

} // namespace ferryctl
