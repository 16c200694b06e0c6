#include "stored_object.h"

#include "state/workspace_store.h"
#include "validate/did_you_mean.h"

namespace ferryctl {

namespace {

template <typename T>
void copyRenamed(const QList<T> &from, QList<T> &to, const QString &id, const QString &newName)
{
    for (const T &object : from) {
        if (object.id != id)
            continue;
        T copy = object;
        copy.name = newName;
        copy.file.clear(); // labelled by the applier after its new name
        to.append(copy);
    }
}

} // namespace

ferry::Workspace StoredObject::renamed(const QString &newName) const
{
    ferry::Workspace alone;
    switch (kind) {
    case ferry::ObjectKind::Source:
        copyRenamed(workspace.sources, alone.sources, id, newName);
        break;
    case ferry::ObjectKind::Model:
        copyRenamed(workspace.models, alone.models, id, newName);
        break;
    case ferry::ObjectKind::Product:
        copyRenamed(workspace.products, alone.products, id, newName);
        break;
    case ferry::ObjectKind::Recipient:
        copyRenamed(workspace.recipients, alone.recipients, id, newName);
        break;
    case ferry::ObjectKind::Destination:
        copyRenamed(workspace.destinations, alone.destinations, id, newName);
        break;
    }
    return alone;
}

std::optional<StoredObject> StoredObject::load(const CommandContext &context, ferry::StateDatabase &state,
                                               ferry::ObjectKind kind, const QString &name, int &exitCode)
{
    ferry::WorkspaceStore store(state.connection());
    StoredObject object;
    const ferry::Result<ferry::Workspace> stored = store.load();
    if (!stored) {
        exitCode = context.fail(stored.error());
        return std::nullopt;
    }
    const ferry::Result<QHash<QString, qint64>> versions = store.versions();
    if (!versions) {
        exitCode = context.fail(versions.error());
        return std::nullopt;
    }
    object.workspace = *stored;
    object.versions = *versions;
    object.kind = kind;
    object.name = name;
    object.id = object.workspace.namesById(kind).key(name);
    if (object.id.isEmpty()) {
        context.err << "ferryctl " << context.arguments.value(0) << ": no " << ferry::kindName(kind) << " is named \""
                    << name << "\"" << ferry::didYouMeanSuffix(name, object.workspace.names(kind)) << "\n";
        exitCode = kBadInput;
        return std::nullopt;
    }
    return object;
}

std::optional<StoredObject> StoredObject::open(const CommandContext &context, const QString &argument, int &exitCode)
{
    std::optional<ferry::ObjectKind> kind;
    QString name;
    if (!context.parseObject(argument, true, kind, name, exitCode))
        return std::nullopt;
    const auto state = context.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state) {
        exitCode = context.failState(state.error());
        return std::nullopt;
    }
    std::optional<StoredObject> object = load(context, **state, *kind, name, exitCode);
    if (object)
        object->state = *state;
    return object;
}

} // namespace ferryctl
