#include "workspace/patch_resolver.h"

#include "validate/workspace_reader.h"
#include "workspace/object_dependents.h"
#include "workspace/reference_renamer.h"

#include <QSet>

namespace ferry {

namespace {

// Replaces the object of the same id, else adds it.
template <typename T>
void save(QList<T> &desired, const QList<T> &saved)
{
    for (const T &object : saved) {
        auto it = std::find_if(desired.begin(), desired.end(),
                               [&](const T &d) { return !object.id.isEmpty() && d.id == object.id; });
        if (it != desired.end())
            *it = object;
        else
            desired.append(object);
    }
}

template <typename T>
void removeById(QList<T> &objects, const QString &id)
{
    objects.removeIf([&](const T &object) { return object.id == id; });
}

// Labels every object as the file export would write, so messages name the object's current name.
template <typename T>
void relabel(QList<T> &objects, ObjectKind kind)
{
    for (T &object : objects)
        object.file = folderName(kind) + QLatin1Char('/') + WorkspaceReader::fileNameFor(object.name);
}

void saveAll(Workspace &desired, const Workspace &saved)
{
    save(desired.sources, saved.sources);
    save(desired.models, saved.models);
    save(desired.products, saved.products);
    save(desired.recipients, saved.recipients);
    save(desired.destinations, saved.destinations);
}

void remove(Workspace &desired, ObjectKind kind, const QString &id)
{
    switch (kind) {
    case ObjectKind::Source:
        return removeById(desired.sources, id);
    case ObjectKind::Model:
        return removeById(desired.models, id);
    case ObjectKind::Product:
        return removeById(desired.products, id);
    case ObjectKind::Recipient:
        return removeById(desired.recipients, id);
    case ObjectKind::Destination:
        return removeById(desired.destinations, id);
    }
}

} // namespace

void PatchResolver::labelAsExported(Workspace &desired)
{
    relabel(desired.sources, ObjectKind::Source);
    relabel(desired.models, ObjectKind::Model);
    relabel(desired.products, ObjectKind::Product);
    relabel(desired.recipients, ObjectKind::Recipient);
    relabel(desired.destinations, ObjectKind::Destination);
}

namespace {

QString fileOf(ObjectKind kind, const QString &name)
{
    return folderName(kind) + QLatin1Char('/') + WorkspaceReader::fileNameFor(name);
}

} // namespace

PatchResolver::PatchResolver(const Workspace &stored, const QHash<QString, qint64> &versions, LastChange lastChange)
    : m_stored(stored), m_versions(versions), m_lastChange(std::move(lastChange))
{
}

QString PatchResolver::conflictFor(ObjectKind kind, const QString &id, const QString &name, qint64 expected) const
{
    const QString last = m_lastChange ? m_lastChange(id) : QString();
    const QString by = last.isEmpty() ? QString() : QStringLiteral("; last changed by %1").arg(last);
    const QString object = QStringLiteral("%1 \"%2\"").arg(kindName(kind), name);
    if (!m_versions.contains(id))
        return QStringLiteral("%1 was removed from the state database since you opened it%2").arg(object, by);
    return QStringLiteral("%1 changed in the state database since you opened it (now version %2, you opened version %3)%4")
        .arg(object)
        .arg(m_versions.value(id))
        .arg(expected)
        .arg(by);
}

Status PatchResolver::checkVersions(const WorkspacePatch &patch) const
{
    QStringList conflicts;
    QStringList unversioned;
    const auto checkVersion = [&](ObjectKind kind, const QString &id, const QString &name) {
        if (!patch.expectedVersions.contains(id)) {
            unversioned << QStringLiteral("%1 \"%2\"").arg(kindName(kind), name);
            return;
        }
        const qint64 expected = patch.expectedVersions.value(id);
        if (m_versions.value(id, -1) != expected)
            conflicts << conflictFor(kind, id, name, expected);
    };
    for (ObjectKind kind : kAllObjectKinds) {
        const QHash<QString, QString> stored = m_stored.namesById(kind);
        const QHash<QString, QString> savedIds = patch.saved.namesById(kind);
        for (auto it = savedIds.cbegin(); it != savedIds.cend(); ++it) {
            if (stored.contains(it.key()))
                checkVersion(kind, it.key(), stored.value(it.key()));
            else if (patch.expectedVersions.contains(it.key())) // it was stored when the editor opened it
                conflicts << conflictFor(kind, it.key(), it.value(), patch.expectedVersions.value(it.key()));
        }
        // A new object whose name another object took meanwhile.
        for (const QString &name : patch.saved.names(kind)) {
            const QString savedId = savedIds.key(name);
            const QString takenBy = stored.key(name);
            if (!takenBy.isEmpty() && takenBy != savedId && !patch.expectedVersions.contains(savedId)) {
                const QString last = m_lastChange ? m_lastChange(takenBy) : QString();
                conflicts << QStringLiteral("another %1 is named \"%2\" in the state database%3")
                                 .arg(kindName(kind), name,
                                      last.isEmpty() ? QString() : QStringLiteral(" (last changed by %1)").arg(last));
            }
        }
    }
    for (const auto &[kind, id] : patch.removed) {
        const QString name = m_stored.namesById(kind).value(id);
        if (name.isEmpty())
            conflicts << QStringLiteral("the %1 with id %2 was removed from the state database since you opened it")
                             .arg(kindName(kind), id);
        else
            checkVersion(kind, id, name);
    }
    if (!unversioned.isEmpty()) {
        return Error{QStringLiteral("FERRY-WORKSPACE-PATCH"), QStringLiteral("Edit without versions"),
                     QStringLiteral("the edit replaces or removes %1 without saying which version it was made from")
                         .arg(unversioned.join(QStringLiteral(", "))),
                     QStringLiteral("give expectedVersions from WorkspaceStore::versions() when loading"), Blame::Ferry};
    }
    if (!conflicts.isEmpty()) {
        return Error{QStringLiteral("FERRY-WORKSPACE-CONFLICT"), QStringLiteral("Changed by someone else"),
                     conflicts.join(QStringLiteral("; ")),
                     QStringLiteral("reload the workspace and re-apply your edit"), Blame::Config};
    }
    return {};
}

Result<Workspace> PatchResolver::resolve(const WorkspacePatch &patch, ValidationReport &report,
                                         QSet<QString> &changed) const
{
    if (Status current = checkVersions(patch); !current)
        return current.error();
    Workspace desired = m_stored;
    saveAll(desired, patch.saved);
    for (ObjectKind kind : kAllObjectKinds) {
        const QHash<QString, QString> saved = patch.saved.namesById(kind);
        for (auto it = saved.cbegin(); it != saved.cend(); ++it)
            changed.insert(it.key());
    }
    // What refers to a renamed or removed object is what its rename or removal rewrites.
    const auto referrersChange = [&](const Workspace &in, ObjectKind kind, const QString &name) {
        for (const ObjectDependent &dependent : ObjectDependents::of(in, kind, name))
            changed.insert(in.namesById(dependent.kind).key(dependent.name));
    };
    for (const ObjectRename &rename : ReferenceRenamer::followRenames(desired, m_stored))
        referrersChange(m_stored, rename.kind, rename.from);

    // One removal after another, so two removals that together empty a list are seen; dependents removed by the
    // same patch are no dependents.
    QSet<QString> removedNames;
    for (const auto &[kind, id] : patch.removed)
        removedNames.insert(kindName(kind) + QLatin1Char('/') + desired.namesById(kind).value(id));
    for (const auto &[kind, id] : patch.removed) {
        const QString name = desired.namesById(kind).value(id);
        for (const ObjectDependent &dependent : ObjectDependents::of(desired, kind, name)) {
            if (!dependent.becomesInvalid || removedNames.contains(kindName(dependent.kind) + QLatin1Char('/') + dependent.name))
                continue;
            report.add({ValidationIssue::Severity::Error, fileOf(dependent.kind, dependent.name), dependent.field,
                        QStringLiteral("%1 \"%2\" cannot be removed: %3").arg(kindName(kind), name, dependent.effect),
                        dependent.kind, dependent.name});
        }
        referrersChange(desired, kind, name);
        remove(desired, kind, id);
        ObjectDependents::removeListReferences(desired, kind, name);
    }
    labelAsExported(desired);
    return desired;
}

} // namespace ferry
