#pragma once

#include "config/workspace.h"
#include "errors/result.h"
#include "validate/validation_report.h"

#include <QHash>
#include <QSet>
#include <QSqlDatabase>

#include <optional>

namespace ferry {

// One change `apply` made to the state database.
struct WorkspaceChange
{
    enum class Type { Added, Changed, Removed };
    Type type;
    ObjectKind kind;
    QString name;
    QString id;           // the object's id
    QString previousName; // a Changed object's stored name when apply renamed it, else empty
    QString before;       // stored definition before the change (empty when Added)
    QString after;        // stored definition after the change (empty when Removed)

    QString toString() const; // "added model events"
};

// Reads and writes the configuration objects kept in the state database, each as the JSON its file would hold.
class WorkspaceStore
{
public:
    explicit WorkspaceStore(QSqlDatabase db);

    // Every stored object, ids included. Objects are re-read with the same reader as files.
    Result<Workspace> load();
    // Names of models delivered to some destination at least once (their column types are frozen).
    Result<QSet<QString>> transferredModels();

    // Object id -> version, all kinds: 1 when added, raised by every update of the object (WorkspacePatch).
    Result<QHash<QString, qint64>> versions();

    // Makes the stored objects equal to `desired` (ids assigned) inside the caller's transaction and returns
    // what changed; objects whose JSON is unchanged are not touched. With `mayDiffer`, a stored object whose id it
    // does not hold is known to be unchanged and is not even compared (an editor's patch of one object in a
    // thousand).
    Result<QList<WorkspaceChange>> replaceAll(const Workspace &desired,
                                              const std::optional<QSet<QString>> &mayDiffer = std::nullopt);

private:
    Result<QList<WorkspaceChange>> replaceKind(ObjectKind kind, const Workspace &desired,
                                               const std::optional<QSet<QString>> &mayDiffer);

    QSqlDatabase m_db;
};

} // namespace ferry
