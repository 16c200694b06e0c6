#pragma once

#include "config/workspace.h"
#include "state/change_history.h"
#include "errors/result.h"
#include "state/state_database.h"
#include "state/workspace_store.h"
#include "validate/validation_report.h"

#include <memory>

namespace ferry {

// `ferryctl apply` and `validate`: read a workspace folder, check it against every rule and against what the state
// database holds, and (apply) make the state database match it in one transaction: all or nothing.
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
    };

    // `state` may be null for a check without a state database (ids are then generated).
    WorkspaceApplier(std::shared_ptr<StateDatabase> state, Options options);

    // Reads and validates; writes nothing. A fatal state-database problem is an Error.
    Result<Outcome> check(const QString &folder);
    // check(), then, only when it found no error, the write. Errors while writing roll everything back.
    Result<Outcome> apply(const QString &folder);
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
    Result<Outcome> validate(Workspace workspace, ValidationReport report, bool sourcesUnknown = false);
    QStringList typeChangedModels(const Workspace &desired) const;

    std::shared_ptr<StateDatabase> m_state;
    Options m_options;
    Workspace m_stored;
    QSet<QString> m_transferred;
};

} // namespace ferry
