#pragma once

#include "config/workspace.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ferry {

// An object that refers to another by name, and what removing that other object does to it.
struct ObjectDependent
{
    ObjectKind kind;
    QString name;
    QString field;        // e.g. "models", "recipient", "source_name"
    bool becomesInvalid;  // true: the delete is refused unless this object is changed or removed too
    QString effect;       // for people: `product "core" lists it in models; the reference is removed`
};

// What a delete does, said before it happens. A list reference (products' models, recipients' and destinations'
// products) is removed with the object; a single reference (a destination's recipient, a model's source) cannot
// be, so its object becomes invalid. So does a recipient's or destination's products list that the delete would
// empty: an empty list means "every model", which would widen what a customer receives.
class ObjectDependents
{
public:
    static QList<ObjectDependent> of(const Workspace &workspace, ObjectKind kind, const QString &name);
    // What the delete does to data, for people: delivered tables and source data are always left alone.
    static QStringList consequences(const Workspace &workspace, ObjectKind kind, const QString &name);
    // Removes `name` from every list reference to it (what of() reports as not becoming invalid, and more).
    static void removeListReferences(Workspace &workspace, ObjectKind kind, const QString &name);
};

} // namespace ferry
