#include "validate/validation_cache.h"

#include "config/name_rules.h"
#include "validate/validation_context.h"
#include "validate/workspace_reader.h"
#include "workspace/reference_renamer.h"

namespace ferry {

struct ValidationCache::Edit
{
    Workspace workspace; // the applied one with the edited object in place, renames followed
    ObjectKind kind = ObjectKind::Source;
    qsizetype slot = -1;  // the stored object it replaces; -1: added
    qsizetype index = -1; // where it is in `workspace`
    ValidationContext context;
};

namespace {

template <typename T>
WorkspaceValidator::ObjectRef refOf(const QList<T> &objects, qsizetype index)
{
    const T &object = objects[index];
    return {object.id, object.name, object.file};
}

WorkspaceValidator::ObjectRef refAt(const Workspace &workspace, ObjectKind kind, qsizetype index)
{
    switch (kind) {
    case ObjectKind::Source:
        return refOf(workspace.sources, index);
    case ObjectKind::Model:
        return refOf(workspace.models, index);
    case ObjectKind::Product:
        return refOf(workspace.products, index);
    case ObjectKind::Recipient:
        return refOf(workspace.recipients, index);
    case ObjectKind::Destination:
        break;
    }
    return refOf(workspace.destinations, index);
}

// Puts the first object of `edited` at `slot` (or at the end when -1); returns its index, -1 when there is none.
template <typename T>
qsizetype place(QList<T> &objects, const QList<T> &edited, ObjectKind kind, qsizetype slot)
{
    if (edited.isEmpty())
        return -1;
    T object = edited.first();
    if (object.file.isEmpty()) // labelled as applyPatch labels it, so messages read the same
        object.file = folderName(kind) + QLatin1Char('/') + WorkspaceReader::fileNameFor(object.name);
    if (slot >= 0) {
        objects[slot] = object;
        return slot;
    }
    objects.append(object);
    return objects.size() - 1;
}

qsizetype placeEdited(Workspace &into, const Workspace &edited, ObjectKind kind, qsizetype slot)
{
    switch (kind) {
    case ObjectKind::Source:
        return place(into.sources, edited.sources, kind, slot);
    case ObjectKind::Model:
        return place(into.models, edited.models, kind, slot);
    case ObjectKind::Product:
        return place(into.products, edited.products, kind, slot);
    case ObjectKind::Recipient:
        return place(into.recipients, edited.recipients, kind, slot);
    case ObjectKind::Destination:
        break;
    }
    return place(into.destinations, edited.destinations, kind, slot);
}

int ordinal(ObjectKind kind)
{
    return int(kind);
}

} // namespace

ValidationCache::ValidationCache(Workspace applied, QSet<QString> transferredModels, bool allowTypeChanges)
    : m_applied(std::move(applied)), m_transferred(std::move(transferredModels)), m_allowTypeChanges(allowTypeChanges)
{
    ValidationContext context;
    context.applied = &m_applied;
    context.transferredModels = m_transferred;
    context.allowTypeChanges = m_allowTypeChanges;
    m_report = WorkspaceValidator::validate(m_applied, context);
    for (const ValidationIssue &issue : m_report.issues()) {
        if (issue.kind == ObjectKind::Model)
            m_withIssues.insert(issue.objectName);
    }
    for (ObjectKind kind : kAllObjectKinds) {
        const QList<WorkspaceValidator::ObjectRef> refs = WorkspaceValidator::refsOf(m_applied, kind);
        for (qsizetype i = 0; i < refs.size(); ++i) {
            m_byLowerName[ordinal(kind)][refs[i].name.toLower()].append(i);
            if (!refs[i].id.isEmpty() && !m_byId[ordinal(kind)].contains(refs[i].id))
                m_byId[ordinal(kind)].insert(refs[i].id, i);
            if (NameRules::isValidUuid(refs[i].id))
                m_byLowerId[refs[i].id.toLower()].append({ordinal(kind), i});
        }
    }
}

const Workspace &ValidationCache::workspace() const
{
    return m_applied;
}

const ValidationReport &ValidationCache::report() const
{
    return m_report;
}

std::optional<WorkspaceValidator::ObjectRef> ValidationCache::firstSameName(const Edit &edit, ObjectKind kind,
                                                                           qsizetype index) const
{
    const QString key = refAt(edit.workspace, kind, index).name.toLower();
    qsizetype first = -1;
    for (qsizetype candidate : m_byLowerName[ordinal(kind)].value(key)) {
        if (candidate < index && !(kind == edit.kind && candidate == edit.slot)) {
            first = candidate;
            break;
        }
    }
    if (kind == edit.kind && edit.index < index && (first < 0 || edit.index < first) &&
        refAt(edit.workspace, kind, edit.index).name.toLower() == key)
        first = edit.index;
    if (first < 0)
        return std::nullopt;
    return refAt(edit.workspace, kind, first);
}

std::optional<WorkspaceValidator::ObjectRef> ValidationCache::firstSameId(const Edit &edit, ObjectKind kind,
                                                                         qsizetype index) const
{
    const QString id = refAt(edit.workspace, kind, index).id;
    if (!NameRules::isValidUuid(id))
        return std::nullopt;
    const Position here{ordinal(kind), index};
    const Position edited{ordinal(edit.kind), edit.index};
    std::optional<Position> first;
    for (const Position &candidate : m_byLowerId.value(id.toLower())) {
        if (candidate < here && !(candidate == Position{ordinal(edit.kind), edit.slot})) {
            first = candidate;
            break;
        }
    }
    if (edited < here && (!first || edited < *first) && refAt(edit.workspace, edit.kind, edit.index).id.toLower() == id.toLower())
        first = edited;
    if (!first)
        return std::nullopt;
    return refAt(edit.workspace, kAllObjectKinds[std::size_t(first->kind)], first->index);
}

void ValidationCache::checkObject(const Edit &edit, ObjectKind kind, qsizetype index, bool withNames,
                                  ValidationReport &report) const
{
    const qsizetype first = report.size();
    const WorkspaceValidator::ObjectRef ref = refAt(edit.workspace, kind, index);
    if (withNames) {
        const std::optional<WorkspaceValidator::ObjectRef> sameName = firstSameName(edit, kind, index);
        const std::optional<WorkspaceValidator::ObjectRef> sameId = firstSameId(edit, kind, index);
        WorkspaceValidator::checkNameAndId(kind, ref, sameName ? &*sameName : nullptr, sameId ? &*sameId : nullptr,
                                           report);
    }
    WorkspaceValidator::validateObject(edit.workspace, kind, index, edit.context, report);
    report.attribute(first, kind, ref.name, ref.file);
}

QList<QPair<ObjectKind, qsizetype>> ValidationCache::referrers(const Edit &edit) const
{
    const Workspace &w = edit.workspace;
    const ObjectKind kind = edit.kind;
    const WorkspaceValidator::ObjectRef edited = refAt(w, kind, edit.index);
    const QString &id = edited.id;
    const QString &name = edited.name;
    QList<QPair<ObjectKind, qsizetype>> result;
    switch (kind) {
    case ObjectKind::Source:
        for (qsizetype i = 0; i < w.models.size(); ++i) {
            const Model &model = w.models[i];
            if ((model.sourceName && *model.sourceName == name) || (!id.isEmpty() && model.sourceId == id))
                result.append({ObjectKind::Model, i});
        }
        break;
    case ObjectKind::Model:
        for (qsizetype i = 0; i < w.products.size(); ++i) {
            if (w.products[i].models.contains(name))
                result.append({ObjectKind::Product, i});
        }
        break;
    case ObjectKind::Product:
        for (qsizetype i = 0; i < w.recipients.size(); ++i) {
            if (w.recipients[i].products.contains(name))
                result.append({ObjectKind::Recipient, i});
        }
        for (qsizetype i = 0; i < w.destinations.size(); ++i) {
            if (w.destinations[i].products.contains(name))
                result.append({ObjectKind::Destination, i});
        }
        break;
    case ObjectKind::Recipient:
        for (qsizetype i = 0; i < w.destinations.size(); ++i) {
            if (w.destinations[i].recipient == name)
                result.append({ObjectKind::Destination, i});
        }
        break;
    case ObjectKind::Destination:
        break;
    }
    return result;
}

ValidationReport ValidationCache::check(ObjectKind kind, const Workspace &edited) const
{
    ValidationReport report;
    const QList<WorkspaceValidator::ObjectRef> given = WorkspaceValidator::refsOf(edited, kind);
    if (given.isEmpty())
        return report;
    Edit edit;
    edit.kind = kind;
    edit.workspace = m_applied;
    edit.slot = given.first().id.isEmpty() ? -1 : m_byId[ordinal(kind)].value(given.first().id, -1);
    edit.index = placeEdited(edit.workspace, edited, kind, edit.slot);
    const QString name = given.first().name;
    if (edit.slot >= 0 && refAt(m_applied, kind, edit.slot).name != name)
        ReferenceRenamer::followRenames(edit.workspace, m_applied);
    edit.context.applied = &m_applied;
    edit.context.transferredModels = m_transferred;
    edit.context.allowTypeChanges = m_allowTypeChanges;

    checkObject(edit, kind, edit.index, true, report);
    // A model sees of its source only whether it exists, its tenancy and (in a few messages) its name: when the
    // tenancy stays, the models that had no issue have none now either. A source is named by hundreds of models.
    const bool sourceKeepsTenancy =
        kind == ObjectKind::Source && edit.slot >= 0 &&
        m_applied.sources[edit.slot].isSchemaTenanted() == edit.workspace.sources[edit.index].isSchemaTenanted();
    for (const auto &[referrerKind, index] : referrers(edit)) {
        if (sourceKeepsTenancy && !m_withIssues.contains(edit.workspace.models[index].name))
            continue;
        checkObject(edit, referrerKind, index, false, report);
    }
    // Another object of the same name: the one later in the workspace carries the duplicate-name error.
    for (qsizetype other : m_byLowerName[ordinal(kind)].value(name.toLower())) {
        if (other != edit.index)
            checkObject(edit, kind, other, true, report);
    }
    return report;
}

} // namespace ferry
