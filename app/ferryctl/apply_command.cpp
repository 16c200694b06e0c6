#include "cli.h"

#include "workspace/workspace_applier.h"

namespace ferryctl {

int runApply(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Validate a workspace folder and make the state database match it. On any error every error is printed and "
        "nothing changes."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Workspace folder (sources/, models/, ...)."));
    const QCommandLineOption allowTypeChange(
        QStringLiteral("allow-type-change"),
        QStringLiteral("Accept column type changes of models already transferred; their destinations get a full "
                       "refresh that drops and recreates the table."));
    parser.addOption(allowTypeChange);
    int exitCode = kOk;
    const QString folder = context.parseOnePath(parser, QStringLiteral("./workspace"), exitCode);
    if (folder.isEmpty())
        return exitCode;

    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return context.failState(state.error());
    ferry::WorkspaceApplier applier(*state, {parser.isSet(allowTypeChange)});
    const auto outcome = applier.apply(folder);
    if (!outcome)
        return context.fail(outcome.error());

    context.printIssues(outcome->report, context.err);
    if (outcome->report.hasErrors()) {
        context.err << QStringLiteral("%1 error(s) in %2; nothing was applied.\n")
                           .arg(outcome->report.errorCount())
                           .arg(folder);
        return kBadInput;
    }
    if (outcome->changes.isEmpty()) {
        context.out << "No changes: " << (*state)->location().displayName() << " already matches " << folder << "\n";
        return kOk;
    }
    int counts[3] = {0, 0, 0};
    for (const ferry::WorkspaceChange &change : outcome->changes) {
        context.out << change.toString() << "\n";
        ++counts[int(change.type)];
    }
    for (const QString &id : outcome->enqueuedTransferIds)
        context.out << "queued full refresh " << id << "\n";
    context.out << QStringLiteral("Applied %1: %2 added, %3 changed, %4 removed.\n")
                       .arg(folder)
                       .arg(counts[0])
                       .arg(counts[1])
                       .arg(counts[2]);
    return kOk;
}

} // namespace ferryctl
