#pragma once

#include "config/workspace.h"
#include "state/change_history.h"
#include "errors/result.h"
#include "state/state_database.h"
#include "state/workspace_store.h"
#include "validate/validation_report.h"
#include "workspace/workspace_patch.h"

#include <QHash>

#include <functional>
#include <optional>
#include <memory>

namespace ferry {

// `ferryctl apply` and `validate`, and the editors: take a workspace folder, a whole in-memory workspace or an
// editor's patch, check it against every rule and against what the state database holds, and (apply) make the state
// database match it in one transaction: all or nothing. All three take one path from the desired workspace on.
class WorkspaceApplier
{
public:
    struct Options
    {
        bool allowTypeChanges = false;
        // Recorded with every change apply writes (ChangeHistory), in the same transaction.
        ChangeAuthor author = ChangeAuthor::current();
    };

    struct Outcome
    {
        ValidationReport report;          // every problem found; nothing was written when it has errors
        QList<WorkspaceChange> changes;   // what apply changed (empty for a second apply of the same folder)
        QStringList enqueuedTransferIds;  // full refreshes queued: accepted column type changes, destinations handed over
        QStringList handedOver;           // destinations whose tenant changes: apply rebuilds them from the start
        Workspace workspace;              // the folder's objects, ids assigned
        // Every stored object's version (id -> version) after the write; after a check, the current ones. An editor
        // keeps editing with these as its next patch's expectedVersions, without reloading.
        QHash<QString, qint64> versions;
    };

    // `state` may be null for a check without a state database (ids are then generated).
    WorkspaceApplier(std::shared_ptr<StateDatabase> state, Options options);

    // Reads and validates; writes nothing. A fatal state-database problem is an Error.
    Result<Outcome> check(const QString &folder);
    // check(), then, only when it found no error, the write. Errors while writing roll everything back.
    Result<Outcome> apply(const QString &folder);
    // Validates the stored workspace with `patch` applied; writes nothing.
    Result<Outcome> checkPatch(const WorkspacePatch &patch);
    // checkPatch() and, when it finds no error, the write, in one transaction (same locking as apply(folder)),
    // with the same checks and consequences as apply(folder) (type changes queue full refreshes, hand-overs,
    // ChangeHistory records every change). Refused, writing nothing, with Error code "FERRY-WORKSPACE-CONFLICT"
    // when a replaced or removed object's stored version differs from expectedVersions (message names the object,
    // e.g. `model "events" changed in the state database since you opened it (now version 4, you opened version 3)`,
    // and who/when from ChangeHistory when known; hint: reload and re-apply your edit), or was removed meanwhile, or
    // a new object's name is taken meanwhile.
    Result<Outcome> applyPatch(const WorkspacePatch &patch);
    // The in-memory counterpart of apply(folder): make the state database equal `desired` (same checks).
    Result<Outcome> applyWorkspace(const Workspace &desired);
    // Validates objects read from loose files (or a folder of model files) against the applied workspace.
    Result<Outcome> checkFiles(const Workspace &files, const ValidationReport &readReport);

    // Gives every object without an id the id of the stored object of the same kind and name, else a new UUID.
    static void assignIds(Workspace &workspace, const Workspace &stored);

private:
    // A destination whose tenant changes (its recipient's id_in_provider_system, or another recipient).
    struct HandOver
    {
        const Destination *destination;
        QString fromTenant;
        QString toTenant;
    };
    QList<HandOver> handOvers(const Workspace &desired) const;
    // Reads what the state database holds (nothing without one) into m_stored and m_transferred.
    Status loadStored();
    // Validates `workspace` against m_stored (loadStored() first).
    Result<Outcome> validate(Workspace workspace, ValidationReport report, bool sourcesUnknown = false);
    Result<Outcome> checkWorkspace(Workspace desired);
    // Runs `check` and, when it found no error, writes its outcome, in one locked transaction.
    Result<Outcome> applyChecked(const std::function<Result<Outcome>()> &check, const QString &what);
    Status write(Outcome &outcome);
    QString lastChangeOf(const QString &objectId);
    QStringList typeChangedModels(const Workspace &desired) const;

    std::shared_ptr<StateDatabase> m_state;
    Options m_options;
    Workspace m_stored;
    QSet<QString> m_transferred;
    // After checkPatch(): the stored objects the patch may change; the write compares only these.
    std::optional<QSet<QString>> m_mayDiffer;
};

} // namespace ferry
