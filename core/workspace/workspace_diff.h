#pragma once

#include "config/workspace.h"
#include "state/workspace_store.h"

#include <QList>
#include <QStringList>

namespace ferry {

// What applying `desired` over `stored` would change, said before anything is written: each object added, changed
// or removed (matched by id), and for a model whose column types change, which columns and which destinations'
// tables a full refresh rebuilds.
struct PlannedChange
{
    WorkspaceChange::Type type;
    ObjectKind kind;
    QString name;
    QStringList details; // "column amount: decimal → string", "its table at Acme Corp SQLite is rebuilt..."
    bool retypesColumns = false;
};

class WorkspaceDiff
{
public:
    static QList<PlannedChange> between(const Workspace &stored, const Workspace &desired);
    // "amount: decimal → string" for each column of `after` whose type differs from the same column of `before`.
    static QStringList typeChanges(const Model &before, const Model &after);
};

} // namespace ferry
