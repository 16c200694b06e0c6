#include "workspace/workspace_applier.h"

#include "config/data_types.h"
#include "log/log_categories.h"
#include "state/checkpoint_store.h"
#include "state/transaction_guard.h"
#include "state/transfer_store.h"
#include "validate/validation_context.h"
#include "validate/workspace_reader.h"
#include "validate/workspace_validator.h"
#include "workspace/patch_resolver.h"
#include "workspace/reference_renamer.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ferry {

namespace {

template <typename T>
void assignIdsOf(QList<T> &objects, const QList<T> &stored)
{
    for (T &object : objects) {
        if (!object.id.isEmpty())
            continue;
        auto it = std::find_if(stored.begin(), stored.end(), [&](const T &s) { return s.name == object.name; });
        object.id = it != stored.end() ? it->id : QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
}

// Replaces (by name) or adds each object of `files` in `base`.
template <typename T>
void overlay(QList<T> &base, const QList<T> &files)
{
    for (const T &object : files) {
        auto it = std::find_if(base.begin(), base.end(), [&](const T &b) { return b.name == object.name; });
        if (it != base.end())
            *it = object;
        else
            base.append(object);
    }
}

} // namespace

WorkspaceApplier::WorkspaceApplier(std::shared_ptr<StateDatabase> state, Options options)
    : m_state(std::move(state)), m_options(options)
{
}

void WorkspaceApplier::assignIds(Workspace &workspace, const Workspace &stored)
{
    assignIdsOf(workspace.sources, stored.sources);
    assignIdsOf(workspace.models, stored.models);
    assignIdsOf(workspace.products, stored.products);
    assignIdsOf(workspace.recipients, stored.recipients);
    assignIdsOf(workspace.destinations, stored.destinations);
}

Status WorkspaceApplier::loadStored()
{
    m_mayDiffer.reset();
    if (!m_state)
        return {};
    WorkspaceStore store(m_state->connection());
    Result<Workspace> stored = store.load();
    if (!stored)
        return stored.error();
    m_stored = *stored;
    Result<QSet<QString>> transferred = store.transferredModels();
    if (!transferred)
        return transferred.error();
    m_transferred = *transferred;
    return {};
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::validate(Workspace workspace, ValidationReport report,
                                                            bool sourcesUnknown)
{
    assignIds(workspace, m_stored);

    ValidationContext context;
    context.applied = &m_stored;
    context.transferredModels = m_transferred;
    context.allowTypeChanges = m_options.allowTypeChanges;
    context.sourcesUnknown = sourcesUnknown;
    WorkspaceValidator::validate(workspace, context, report);
    // Said before anything is written: the destination's rows are another tenant's from now on.
    QStringList handedOver;
    for (const HandOver &handOver : handOvers(workspace)) {
        handedOver << handOver.destination->name;
        report.warning(handOver.destination->file, QStringLiteral("recipient"),
                       QStringLiteral("changes hands: it held tenant %1's rows and will hold tenant %2's; its next "
                                      "transfer, queued by apply, rebuilds every model from the start (its checkpoints "
                                      "are reset), so it keeps none of %1's rows")
                           .arg(ValidationReport::quoted(handOver.fromTenant), ValidationReport::quoted(handOver.toTenant)));
    }
    // A model's name is its destination table's: the renamed table starts empty (write() forgets the checkpoints).
    for (const ObjectRename &rename : ReferenceRenamer::renames(workspace, m_stored)) {
        if (rename.kind != ObjectKind::Model || !m_transferred.contains(rename.from))
            continue;
        report.add({ValidationIssue::Severity::Warning, workspace.model(rename.to)->file, QStringLiteral("model_name"),
                    QStringLiteral("renamed from \"%1\": each destination's next transfer builds table \"%2\" from "
                                   "the start; the old table \"%1\" is left as it is")
                        .arg(rename.from, rename.to),
                    ObjectKind::Model, rename.to});
    }

    Outcome outcome;
    outcome.report = report;
    outcome.workspace = workspace;
    outcome.handedOver = handedOver;
    if (m_state) {
        Result<QHash<QString, qint64>> versions = WorkspaceStore(m_state->connection()).versions();
        if (!versions)
            return versions.error();
        outcome.versions = *versions;
    }
    return outcome;
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::check(const QString &folder)
{
    if (Status loaded = loadStored(); !loaded)
        return loaded.error();
    ValidationReport report;
    Workspace workspace = WorkspaceReader::readFolder(folder, report);
    return validate(workspace, report);
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::checkWorkspace(Workspace desired)
{
    if (Status loaded = loadStored(); !loaded)
        return loaded.error();
    PatchResolver::labelAsExported(desired);
    ValidationReport report;
    WorkspaceReader::readBack(desired, report);
    return validate(desired, report);
}

QString WorkspaceApplier::lastChangeOf(const QString &objectId)
{
    const Result<std::optional<ObjectChange>> last = ChangeHistory(m_state->connection()).lastChangeOf(objectId);
    if (!last || !last->has_value())
        return {};
    const ObjectChange &change = **last;
    return QStringLiteral("%1 on %2 at %3")
        .arg(change.author.user, change.author.host, change.at.toUTC().toString(Qt::ISODate));
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::checkPatch(const WorkspacePatch &patch)
{
    if (Status loaded = loadStored(); !loaded)
        return loaded.error();
    QHash<QString, qint64> versions;
    if (m_state) {
        Result<QHash<QString, qint64>> current = WorkspaceStore(m_state->connection()).versions();
        if (!current)
            return current.error();
        versions = *current;
    }
    ValidationReport report;
    // Only what a file could hold is stored: the saved objects must read back as files would.
    WorkspaceReader::readBack(patch.saved, report);
    const PatchResolver resolver(m_stored, versions, [this](const QString &id) {
        return m_state ? lastChangeOf(id) : QString();
    });
    QSet<QString> mayDiffer;
    Result<Workspace> desired = resolver.resolve(patch, report, mayDiffer);
    if (!desired)
        return desired.error();
    m_mayDiffer = mayDiffer;
    return validate(*desired, report);
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::checkFiles(const Workspace &files, const ValidationReport &readReport)
{
    if (Status loaded = loadStored(); !loaded)
        return loaded.error();
    Workspace merged = m_stored;
    overlay(merged.sources, files.sources);
    overlay(merged.models, files.models);
    overlay(merged.products, files.products);
    overlay(merged.recipients, files.recipients);
    overlay(merged.destinations, files.destinations);
    return validate(merged, readReport, merged.sources.isEmpty());
}

namespace {

// A full refresh of `models` (all when empty) to `destination`, queued in the apply's transaction.
Result<QString> queueFullRefresh(TransferStore &transfers, const Destination &destination, const QStringList &models,
                                 const QString &reason)
{
    TransferRequest request;
    request.destinationId = destination.id;
    request.destinationName = destination.name;
    request.recipientName = destination.recipient;
    request.fullRefresh = true;
    request.models = models;
    request.reason = reason;
    return transfers.enqueue(request);
}

} // namespace

QList<WorkspaceApplier::HandOver> WorkspaceApplier::handOvers(const Workspace &desired) const
{
    QList<HandOver> result;
    for (const Destination &destination : desired.destinations) {
        const Destination *before = m_stored.destinationFor(destination.id, destination.name);
        const Recipient *was = before ? m_stored.recipient(before->recipient) : nullptr;
        const Recipient *is = desired.recipient(destination.recipient);
        if (was && is && was->idInProviderSystem != is->idInProviderSystem)
            result.append({&destination, was->idInProviderSystem, is->idInProviderSystem});
    }
    return result;
}

QStringList WorkspaceApplier::typeChangedModels(const Workspace &desired) const
{
    QStringList changed;
    for (const Model &model : desired.models) {
        const Model *before = m_stored.model(model.name);
        if (!before || !m_transferred.contains(model.name))
            continue;
        for (const Column &column : model.columns) {
            const bool differs = std::any_of(before->columns.begin(), before->columns.end(), [&](const Column &old) {
                return old.nameInDestination.compare(column.nameInDestination, Qt::CaseInsensitive) == 0 &&
                       DataTypes::canonicalName(old.dataType) != DataTypes::canonicalName(column.dataType);
            });
            if (differs) {
                changed << model.name;
                break;
            }
        }
    }
    return changed;
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::apply(const QString &folder)
{
    return applyChecked([&] { return check(folder); }, folder);
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::applyWorkspace(const Workspace &desired)
{
    return applyChecked([&] { return checkWorkspace(desired); }, QStringLiteral("a workspace"));
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::applyPatch(const WorkspacePatch &patch)
{
    return applyChecked([&] { return checkPatch(patch); }, QStringLiteral("an edit"));
}

Result<WorkspaceApplier::Outcome> WorkspaceApplier::applyChecked(const std::function<Result<Outcome>()> &check,
                                                                 const QString &what)
{
    if (!m_state)
        return check();
    // Validate and write in one transaction, so what was checked is exactly what gets replaced even when two
    // applies race (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock). An editor's version
    // check happens under the same lock, so two saves of one object cannot both pass it.
    QSqlDatabase db = m_state->connection();
    TransactionGuard transaction(db);
    if (!transaction.isActive())
        return transaction.error();
    if (!m_state->isSqlite()) {
        QSqlQuery lock(db);
        if (!lock.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7368236)"))) {
            return Error{QStringLiteral("FERRY-STATE-LOCK"), QStringLiteral("Cannot lock the workspace"),
                         lock.lastError().text(), {}, Blame::Ferry};
        }
    }

    Result<Outcome> checked = check();
    if (!checked || checked->report.hasErrors())
        return checked;
    if (Status written = write(*checked); !written)
        return written.error();
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    qCInfo(lcWorkspace) << "applied" << what << ":" << checked->changes.size() << "changes";
    return checked;
}

Status WorkspaceApplier::write(Outcome &outcome)
{
    QSqlDatabase db = m_state->connection();
    WorkspaceStore store(db);
    Result<QList<WorkspaceChange>> changes = store.replaceAll(outcome.workspace, m_mayDiffer);
    if (!changes)
        return changes.error();
    outcome.changes = *changes;
    if (Status recorded = ChangeHistory(db).record(outcome.changes, m_options.author); !recorded)
        return recorded.error();

    // A renamed model's table under its new name is built from the start (validate() warned).
    CheckpointStore checkpoints(db);
    for (const WorkspaceChange &change : std::as_const(outcome.changes)) {
        if (change.kind != ObjectKind::Model || change.previousName.isEmpty())
            continue;
        for (const QString &name : {change.previousName, change.name}) {
            if (Status forgotten = checkpoints.forgetModel(name); !forgotten)
                return forgotten;
        }
    }

    // A column type changed on a model already delivered: its destination tables must be dropped and rebuilt.
    const QStringList retyped = typeChangedModels(outcome.workspace);
    TransferStore transfers(db);
    for (const Destination &destination : std::as_const(outcome.workspace.destinations)) {
        const QStringList delivered = outcome.workspace.modelNamesFor(destination);
        QStringList affected;
        for (const QString &model : retyped) {
            if (delivered.contains(model))
                affected << model;
        }
        if (affected.isEmpty())
            continue;
        Result<QString> id = queueFullRefresh(transfers, destination, affected, QStringLiteral("type-change"));
        if (!id)
            return id.error();
        outcome.enqueuedTransferIds << *id;
    }

    // A destination that changed hands is delivered again from the start, at once: until then it would hold the
    // previous tenant's rows for the new recipient.
    for (const QString &name : std::as_const(outcome.handedOver)) {
        const Destination &destination = *outcome.workspace.destination(name);
        if (Status forgotten = checkpoints.forgetDestination(destination.id); !forgotten)
            return forgotten;
        Result<QString> id = queueFullRefresh(transfers, destination, {}, QStringLiteral("changed-hands"));
        if (!id)
            return id.error();
        outcome.enqueuedTransferIds << *id;
    }

    Result<QHash<QString, qint64>> versions = store.versions();
    if (!versions)
        return versions.error();
    outcome.versions = *versions;
    return {};
}

} // namespace ferry
