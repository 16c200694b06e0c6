#pragma once

#include "config/workspace.h"

#include <QList>
#include <QString>

namespace ferry {

// One object whose name an edit changes; its id stays.
struct ObjectRename
{
    ObjectKind kind;
    QString id;
    QString from;
    QString to;
};

// A rename is a saved object with its stored id and a new name. References by name follow it, so renaming never
// breaks a product, recipient, destination or model that named the object.
class ReferenceRenamer
{
public:
    // The objects of `desired` whose stored object (same kind and id) in `stored` has another name.
    static QList<ObjectRename> renames(const Workspace &desired, const Workspace &stored);
    // Rewrites every reference by name in `desired` to a renamed object: products' models, recipients' and
    // destinations' products, destinations' recipient, models' source_name (source_id needs nothing: ids stay).
    // Returns the renames it followed.
    static QList<ObjectRename> followRenames(Workspace &desired, const Workspace &stored);
};

} // namespace ferry
