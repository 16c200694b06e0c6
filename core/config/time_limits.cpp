#include "config/time_limits.h"

namespace ferry {

std::optional<QString> TimeLimits::checkWindowSeconds(qint64 seconds)
{
    if (seconds >= kMinWindowSeconds && seconds <= kMaxWindowSeconds)
        return std::nullopt;
    return QStringLiteral("must be between %1 and %2 seconds (100 years), not %3; leave it out for one window")
        .arg(kMinWindowSeconds)
        .arg(kMaxWindowSeconds)
        .arg(seconds);
}

std::optional<QString> TimeLimits::checkStartEpoch(qint64 epoch, const QDateTime &now)
{
    const qint64 latest = now.toSecsSinceEpoch() + kMaxStartAheadSeconds;
    if (epoch >= 0 && epoch <= latest)
        return std::nullopt;
    return QStringLiteral("must lie between 0 (1970-01-01) and %1 (%2, a day from now), not %3")
        .arg(latest)
        .arg(QDateTime::fromSecsSinceEpoch(latest, Qt::UTC).toString(Qt::ISODate))
        .arg(epoch);
}

qint64 TimeLimits::windowCount(qint64 spanSeconds, qint64 windowSeconds)
{
    if (spanSeconds <= 0)
        return 0;
    if (windowSeconds <= 0)
        return 1;
    // Rounds up without computing spanSeconds + windowSeconds, which overflows for the largest sizes.
    return spanSeconds / windowSeconds + (spanSeconds % windowSeconds != 0 ? 1 : 0);
}

qint64 TimeLimits::smallestWindowFor(qint64 spanSeconds)
{
    return qMax(kMinWindowSeconds, windowCount(spanSeconds, kMaxWindowsPerPlan));
}

QString TimeLimits::tooManyWindowsHint(qint64 spanSeconds, const QString &startField)
{
    return QStringLiteral("a plan holds at most %1 windows: raise max_transfer_time_window_seconds to at least %2, or "
                          "raise %3 so there is less to cover")
        .arg(kMaxWindowsPerPlan)
        .arg(smallestWindowFor(spanSeconds))
        .arg(startField);
}

std::optional<QString> TimeLimits::checkBackfillWindows(qint64 startEpoch, qint64 windowSeconds, const QDateTime &now,
                                                       const QString &startField)
{
    const qint64 span = now.toSecsSinceEpoch() - startEpoch;
    const qint64 windows = windowCount(span, windowSeconds);
    if (windows <= kMaxWindowsPerPlan)
        return std::nullopt;
    return QStringLiteral("%1 seconds cut the backfill from %2 to now into %3 windows; %4")
        .arg(windowSeconds)
        .arg(QDateTime::fromSecsSinceEpoch(startEpoch, Qt::UTC).toString(Qt::ISODate))
        .arg(windows)
        .arg(tooManyWindowsHint(span, startField));
}

} // namespace ferry
