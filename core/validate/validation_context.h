#pragma once

#include "config/workspace.h"
#include "validate/reserved_names.h"

#include <QDateTime>
#include <QSet>

namespace ferry {

// What validation knows beyond the files: reserved names, and what the state database already holds.
struct ValidationContext
{
    const ReservedNames *reserved = &ReservedNames::builtIn();
    // The workspace applied so far (from the state database), or nullptr.
    const Workspace *applied = nullptr;
    // Names of models that have reached a destination at least once: their column types are frozen.
    QSet<QString> transferredModels;
    // The user accepted column type changes of transferred models (they trigger full refreshes).
    bool allowTypeChanges = false;
    // Loose model files checked with no source known anywhere: source references cannot be resolved, so they
    // are not reported as errors.
    bool sourcesUnknown = false;
    // When validation runs, for start times that may lie at most a day ahead; invalid: the current time.
    QDateTime now;

    QDateTime effectiveNow() const { return now.isValid() ? now : QDateTime::currentDateTimeUtc(); }
};

} // namespace ferry
