#pragma once

#include "config/workspace.h"
#include "validate/validation_context.h"
#include "validate/validation_report.h"

namespace ferry {

// The rules of SPEC section 1 for one model: keys and flags, types, names, and its source reference.
class ModelValidator
{
public:
    static constexpr int kFlagColumnLimit = 32;

    static void validate(const Model &model, const Workspace &workspace, const ValidationContext &context,
                         ValidationReport &report);

private:
    static void checkColumns(const Model &model, const ValidationContext &context, ValidationReport &report);
    static void checkFlags(const Model &model, ValidationReport &report);
    static void checkTimes(const Model &model, const ValidationContext &context, ValidationReport &report);
    static void checkSource(const Model &model, const Workspace &workspace, ValidationReport &report);
    static void checkTypeChanges(const Model &model, const ValidationContext &context, ValidationReport &report);
};

} // namespace ferry
