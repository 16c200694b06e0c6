#pragma once

#include "config/object_kind.h"
#include "config/workspace.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

namespace ferry {

// What an editor changes: objects saved (added or replaced) and removed, with the version of each stored object
// the editor loaded. Everything else in the state database stays as it is (another user's concurrent change to
// another object is kept, never reverted).
struct WorkspacePatch
{
    Workspace saved;                          // objects to add (empty or unknown id) or replace (same id; a new name renames)
    QList<QPair<ObjectKind, QString>> removed; // kind and id of objects to remove
    QHash<QString, qint64> expectedVersions;  // object id -> version loaded; required for every replaced or removed object
};

} // namespace ferry
