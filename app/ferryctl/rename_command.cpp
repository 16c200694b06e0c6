// ferryctl rename KIND/NAME NEW_NAME: the editors' rename from the command line (issue 15), through the same
// WorkspaceApplier::applyPatch.
#include "cli.h"
#include "stored_object.h"

#include "workspace/workspace_applier.h"

namespace ferryctl {

int runRename(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Rename an object. Its id and change history stay, and every reference to it by name follows (products, "
        "recipients, destinations, models' source_name). A model's name is its destination table's: each "
        "destination's next transfer builds the renamed table from the start and leaves the old one as it is."));
    parser.addPositionalArgument(QStringLiteral("OBJECT"), QStringLiteral("KIND/NAME, e.g. models/events."));
    parser.addPositionalArgument(QStringLiteral("NEW_NAME"), QStringLiteral("Its new name."));
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || positional[1].isEmpty()) {
        context.err << "ferryctl rename: expected KIND/NAME NEW_NAME, e.g. 'ferryctl rename models/events events_v2'\n";
        return kBadInput;
    }
    const QString newName = positional[1];
    const std::optional<StoredObject> object = StoredObject::open(context, positional[0], exitCode);
    if (!object)
        return exitCode;
    const ferry::ObjectKind kind = object->kind;
    const QString &name = object->name;
    if (newName == name) {
        context.out << ferry::kindName(kind) << " \"" << name << "\" already has that name; nothing changed.\n";
        return kOk;
    }

    ferry::WorkspacePatch patch;
    patch.saved = object->renamed(newName);
    patch.expectedVersions.insert(object->id, object->versions.value(object->id));
    const auto outcome = ferry::WorkspaceApplier(object->state, {}).applyPatch(patch);
    if (!outcome)
        return context.fail(outcome.error());
    for (const ferry::ValidationIssue &issue : outcome->report.issues()) {
        if (issue.isError() || (issue.kind == kind && issue.objectName == newName))
            context.err << issue.toString() << "\n";
    }
    if (outcome->report.hasErrors()) {
        context.err << QStringLiteral("%1 error(s); nothing was renamed.\n").arg(outcome->report.errorCount());
        return kBadInput;
    }
    for (const ferry::WorkspaceChange &change : outcome->changes)
        context.out << change.toString() << (change.previousName.isEmpty() ? QString() : QStringLiteral(" (was %1)").arg(change.previousName)) << "\n";
    return kOk;
}

} // namespace ferryctl
