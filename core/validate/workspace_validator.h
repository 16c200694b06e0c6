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

private:
    static void checkNamesAndIds(const Workspace &workspace, ValidationReport &report);
    static void checkSource(const Source &source, ValidationReport &report);
    static void checkProduct(const Product &product, const Workspace &workspace, ValidationReport &report);
    static void checkRecipient(const Recipient &recipient, const Workspace &workspace, const ValidationContext &context,
                               ValidationReport &report);
    static void checkDestination(const Destination &destination, const Workspace &workspace, ValidationReport &report);
};

} // namespace ferry
