#include "workspace/workspace_diff.h"

#include "config/config_json.h"
#include "config/data_types.h"

namespace ferry {

namespace {

template <typename T>
const T *byId(const QList<T> &objects, const QString &id)
{
    for (const T &object : objects) {
        if (!id.isEmpty() && object.id == id)
            return &object;
    }
    return nullptr;
}

template <typename T>
void diffKind(ObjectKind kind, const QList<T> &stored, const QList<T> &desired, QList<PlannedChange> &changes)
{
    for (const T &object : desired) {
        const T *before = byId(stored, object.id);
        if (!before) {
            changes.append({WorkspaceChange::Type::Added, kind, object.name, {}});
            continue;
        }
        if (ConfigJson::toCanonicalText(ConfigJson::toJson(*before, false)) ==
            ConfigJson::toCanonicalText(ConfigJson::toJson(object, false)))
            continue;
        PlannedChange change{WorkspaceChange::Type::Changed, kind, object.name, {}};
        if (before->name != object.name)
            change.details << QStringLiteral("renamed from %1").arg(before->name);
        changes.append(change);
    }
    for (const T &object : stored) {
        if (!byId(desired, object.id))
            changes.append({WorkspaceChange::Type::Removed, kind, object.name, {}});
    }
}

} // namespace

QStringList WorkspaceDiff::typeChanges(const Model &before, const Model &after)
{
    QStringList changed;
    for (const Column &column : after.columns) {
        for (const Column &old : before.columns) {
            if (old.nameInDestination.compare(column.nameInDestination, Qt::CaseInsensitive) == 0 &&
                DataTypes::canonicalName(old.dataType) != DataTypes::canonicalName(column.dataType)) {
                changed << QStringLiteral("%1: %2 \u2192 %3")
                               .arg(column.nameInDestination, DataTypes::canonicalName(old.dataType),
                                    DataTypes::canonicalName(column.dataType));
            }
        }
    }
    return changed;
}

QList<PlannedChange> WorkspaceDiff::between(const Workspace &stored, const Workspace &desired)
{
    QList<PlannedChange> changes;
    diffKind(ObjectKind::Source, stored.sources, desired.sources, changes);
    diffKind(ObjectKind::Model, stored.models, desired.models, changes);
    diffKind(ObjectKind::Product, stored.products, desired.products, changes);
    diffKind(ObjectKind::Recipient, stored.recipients, desired.recipients, changes);
    diffKind(ObjectKind::Destination, stored.destinations, desired.destinations, changes);
    for (PlannedChange &change : changes) {
        if (change.kind != ObjectKind::Model || change.type != WorkspaceChange::Type::Changed)
            continue;
        const Model *after = desired.model(change.name);
        const Model *before = after ? byId(stored.models, after->id) : nullptr;
        if (!before)
            continue;
        const QStringList retyped = typeChanges(*before, *after);
        if (retyped.isEmpty())
            continue;
        change.retypesColumns = true;
        for (const QString &column : retyped)
            change.details << QStringLiteral("column %1").arg(column);
        QStringList destinations;
        for (const Destination &destination : desired.destinations) {
            if (desired.modelNamesFor(destination).contains(after->name))
                destinations << destination.name;
        }
        if (!destinations.isEmpty()) {
            change.details << QStringLiteral("a full refresh rebuilds its table at: %1")
                                  .arg(destinations.join(QStringLiteral(", ")));
        }
    }
    return changes;
}

} // namespace ferry
