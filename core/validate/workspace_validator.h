#pragma once

#include "config/workspace.h"
#include "validate/validation_context.h"
#include "validate/validation_report.h"

namespace ferry {

// Every rule of SPEC section 1 over a whole workspace: each object on its own, then the references between them.
class WorkspaceValidator
{
public:
    static ValidationReport validate(const Workspace &workspace, const ValidationContext &context = {});
    static void validate(const Workspace &workspace, const ValidationContext &context, ValidationReport &report);

    // What the name and id rules look at.
    struct ObjectRef
    {
        QString id;
        QString name;
        QString file;
    };
    static QList<ObjectRef> refsOf(const Workspace &workspace, ObjectKind kind);

    // One object's own rules and references (not its name and id): the object at `index` of its kind in `workspace`.
    // Issues are not yet tagged with the object.
    static void validateObject(const Workspace &workspace, ObjectKind kind, qsizetype index,
                               const ValidationContext &context, ValidationReport &report);
    // One object's name and id rules. `sameName`/`sameId`: the first object before it with the same name (same
    // kind) or id (any kind), ignoring case; nullptr when there is none.
    static void checkNameAndId(ObjectKind kind, const ObjectRef &ref, const ObjectRef *sameName, const ObjectRef *sameId,
                               ValidationReport &report);

private:
    static void checkNamesAndIds(const Workspace &workspace, ValidationReport &report);
    static void checkSource(const Source &source, ValidationReport &report);
    static void checkProduct(const Product &product, const Workspace &workspace, ValidationReport &report);
    static void checkRecipient(const Recipient &recipient, const Workspace &workspace, const ValidationContext &context,
                               ValidationReport &report);
    static void checkDestination(const Destination &destination, const Workspace &workspace, ValidationReport &report);
};

} // namespace ferry
