#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace ferry {

// The ranges of the numbers that become times and windows (issue 13, "every number has a range"). Inside them date
// arithmetic cannot overflow and a plan stays small enough to hold in memory. Validation reports a number outside
// them; the window planner refuses one that reaches it anyway (state written by an older version).
class TimeLimits
{
public:
    // Shorter windows only multiply statements; 100 years already covers any history in one window.
    static constexpr qint64 kMinWindowSeconds = 60;
    static constexpr qint64 kMaxWindowSeconds = 100LL * 365 * 86400;
    // A start may lie a little ahead (clock skew, a backfill meant to begin tomorrow), never years.
    static constexpr qint64 kMaxStartAheadSeconds = 86400;
    // How far before the checkpoint an incremental read may start (a week; workspace files are read with this).
    static constexpr qint64 kMaxLookbackSeconds = 7 * 86400;
    // Every window of a plan is held in memory and recorded in the transfer's progress.
    static constexpr qint64 kMaxWindowsPerPlan = 100000;

    // Each returns nullopt when the value is in range, else what is wrong with it, to follow the field's name.
    static std::optional<QString> checkWindowSeconds(qint64 seconds);
    static std::optional<QString> checkStartEpoch(qint64 epoch, const QDateTime &now);

    // Windows of `windowSeconds` (0: one window) needed to cover `spanSeconds`; never overflows.
    static qint64 windowCount(qint64 spanSeconds, qint64 windowSeconds);
    // The smallest window size that covers `spanSeconds` in at most kMaxWindowsPerPlan windows.
    static qint64 smallestWindowFor(qint64 spanSeconds);
    // What to write instead, for a message about a plan past kMaxWindowsPerPlan: the fields that change it.
    static QString tooManyWindowsHint(qint64 spanSeconds, const QString &startField);
    // nullopt when a backfill from `startEpoch` to `now` in windows of `windowSeconds` fits in one plan, else why
    // not and which field to raise (`startField` names where the start came from).
    static std::optional<QString> checkBackfillWindows(qint64 startEpoch, qint64 windowSeconds, const QDateTime &now,
                                                       const QString &startField);
};

} // namespace ferry
