// ferryctl delete KIND/NAME [--yes]: says what depends on an object and what the delete does to data; with --yes
// deletes it through the editors' WorkspaceApplier::applyPatch (issue 15).
#include "cli.h"
#include "stored_object.h"

#include "workspace/object_dependents.h"
#include "workspace/workspace_applier.h"

namespace ferryctl {

int runDelete(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Delete an object. Without --yes, print what refers to it and what the delete does, and change nothing. "
        "References in lists (a product's models, a recipient's or destination's products) are removed with it; "
        "an object it would leave invalid (a destination's recipient, a model's source) must be changed or deleted "
        "first. Delivered tables are never deleted."));
    parser.addPositionalArgument(QStringLiteral("OBJECT"), QStringLiteral("KIND/NAME, e.g. models/events."));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Delete it (without: only say what it would do)."));
    parser.addOption(yes);
    int exitCode = kOk;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        context.err << "ferryctl delete: expected one KIND/NAME, e.g. 'ferryctl delete models/events'\n";
        return kBadInput;
    }
    const QString argument = parser.positionalArguments().first();
    const std::optional<StoredObject> object = StoredObject::open(context, argument, exitCode);
    if (!object)
        return exitCode;
    const ferry::ObjectKind kind = object->kind;
    const QString &name = object->name;

    const QList<ferry::ObjectDependent> dependents = ferry::ObjectDependents::of(object->workspace, kind, name);
    const bool refused = std::any_of(dependents.begin(), dependents.end(),
                                     [](const ferry::ObjectDependent &dependent) { return dependent.becomesInvalid; });
    QTextStream &said = parser.isSet(yes) && !refused ? context.out : context.err;
    said << "Deleting " << ferry::kindName(kind) << " \"" << name << "\":\n";
    for (const ferry::ObjectDependent &dependent : dependents)
        said << "  " << (dependent.becomesInvalid ? "blocks it: " : "") << dependent.effect << "\n";
    for (const QString &consequence : ferry::ObjectDependents::consequences(object->workspace, kind, name))
        said << "  " << consequence << "\n";
    if (!parser.isSet(yes)) {
        if (refused)
            said << "It cannot be deleted until the objects that block it are changed or deleted too.\n";
        else
            said << "Nothing was changed; to delete it run: ferryctl delete " << argument << " --yes\n";
        return kFailed;
    }

    ferry::WorkspacePatch patch;
    patch.removed.append({kind, object->id});
    patch.expectedVersions.insert(object->id, object->versions.value(object->id));
    const auto outcome = ferry::WorkspaceApplier(object->state, {}).applyPatch(patch);
    if (!outcome)
        return context.fail(outcome.error());
    if (outcome->report.hasErrors()) {
        for (const ferry::ValidationIssue &issue : outcome->report.issues()) {
            if (issue.isError())
                context.err << issue.toString() << "\n";
        }
        context.err << QStringLiteral("%1 error(s); nothing was deleted.\n").arg(outcome->report.errorCount());
        return kFailed;
    }
    for (const ferry::WorkspaceChange &change : outcome->changes)
        context.out << change.toString() << "\n";
    return kOk;
}

} // namespace ferryctl
