#include "engine/window_planner.h"

#include "config/time_limits.h"
#include "rows/canonical_value.h"

namespace ferry {

namespace {

Error planError(const QString &title, const QString &message, const QString &hint)
{
    return Error{QStringLiteral("FERRY-PLAN-LIMIT"), title, message, hint, Blame::Config};
}

// Microseconds since the epoch of a canonical timestamp; fits in 64 bits for every year up to 9999.
qint64 epochMicros(const QByteArray &canonical)
{
    return CanonicalValue::toEpoch(canonical) * 1000000 + canonical.mid(20, 6).toLongLong();
}

// A bound computed from stored numbers is a time Ferry can read back; garbage in (an overflowed date, a corrupt
// checkpoint) shows here instead of as "0000-00-00T-1:-1:-1" in the windows.
bool isReadable(const QByteArray &canonical)
{
    const std::optional<QByteArray> reparsed = CanonicalValue::timestamp(canonical);
    return canonical.size() == 27 && reparsed && *reparsed == canonical;
}

} // namespace

std::optional<Error> WindowPlanner::checkStoredProgress(const Model &model, const Source &source,
                                                        const std::optional<Checkpoint> &checkpoint)
{
    const qint64 lookback = source.effectiveLookbackSeconds();
    if (lookback < 0 || lookback > TimeLimits::kMaxLookbackSeconds) {
        return planError(QStringLiteral("Lookback out of range"),
                         QStringLiteral("source \"%1\": lookback_seconds must be between 0 and %2, not %3")
                             .arg(source.name)
                             .arg(TimeLimits::kMaxLookbackSeconds)
                             .arg(lookback),
                         QStringLiteral("correct it in %1 and run 'ferryctl apply' again").arg(source.file));
    }
    if (!checkpoint)
        return std::nullopt;
    // Times and counts read back from the state database: checked before any arithmetic is done with them.
    const QStringList times = {checkpoint->cursorValue, checkpoint->runWindowStart, checkpoint->runWindowEnd,
                               checkpoint->runNextStart};
    for (const QString &time : times) {
        if (!time.isEmpty() && !isReadable(time.toLatin1())) {
            return planError(QStringLiteral("Checkpoint unreadable"),
                             QStringLiteral("model \"%1\": the checkpoint holds \"%2\", which is not a time Ferry can "
                                            "read").arg(model.name, time.left(40)),
                             QStringLiteral("'ferryctl checkpoint rewind' sets it to a valid time"));
        }
    }
    if (checkpoint->runWindowsDone < 0 || checkpoint->runWindowsDone > TimeLimits::kMaxWindowsPerPlan) {
        return planError(QStringLiteral("Checkpoint unreadable"),
                         QStringLiteral("model \"%1\": the checkpoint counts %2 windows done, more than a plan holds")
                             .arg(model.name)
                             .arg(checkpoint->runWindowsDone),
                         QStringLiteral("'ferryctl checkpoint rewind' resets it"));
    }
    return std::nullopt;
}

Result<WindowPlanner::StartSetting> WindowPlanner::startSetting(const Model &model, const Recipient &recipient,
                                                                const QDateTime &now)
{
    StartSetting setting;
    QString owner;
    if (recipient.defaultFullRefreshMinStartTimeEpoch) {
        setting = {*recipient.defaultFullRefreshMinStartTimeEpoch,
                   QStringLiteral("default_full_refresh_min_start_time_epoch")};
        owner = QStringLiteral("recipient \"%1\"").arg(recipient.name);
    } else {
        setting = {model.minStartTimeEpoch.value_or(0), QStringLiteral("min_start_time_epoch")};
        owner = QStringLiteral("model \"%1\"").arg(model.name);
    }
    if (const std::optional<QString> problem = TimeLimits::checkStartEpoch(setting.epoch, now)) {
        return planError(QStringLiteral("Start time out of range"),
                         QStringLiteral("%1: %2 %3").arg(owner, setting.field, *problem),
                         QStringLiteral("correct %1 and run 'ferryctl apply' again").arg(setting.field));
    }
    return setting;
}

qint64 WindowPlanner::spanSeconds(const QByteArray &start, const QByteArray &end)
{
    const qint64 micros = epochMicros(end) - epochMicros(start);
    return micros / 1000000 + (micros % 1000000 > 0 ? 1 : 0);
}

QList<TimeWindow> WindowPlanner::cut(const QByteArray &start, const QByteArray &end, qint64 windowSeconds)
{
    QList<TimeWindow> windows;
    if (start >= end)
        return windows;
    if (windowSeconds <= 0)
        return {TimeWindow{start, end}};
    const qint64 endEpoch = CanonicalValue::toEpoch(end);
    for (QByteArray from = start; from < end;) {
        // A window longer than what is left ends at `end`: from + windowSeconds is never computed past it.
        QByteArray to = windowSeconds > endEpoch - CanonicalValue::toEpoch(from) ? end
                                                                                : CanonicalValue::addSeconds(from, windowSeconds);
        if (to > end)
            to = end;
        windows.append({from, to});
        from = to;
    }
    return windows;
}

Result<ModelPlan> WindowPlanner::plan(const Model &model, const Source &source, const Recipient &recipient,
                                      const std::optional<Checkpoint> &checkpoint, const PlanRequest &request)
{
    ModelPlan plan;
    plan.windowSeconds = model.maxTransferTimeWindowSeconds.value_or(0);
    if (model.maxTransferTimeWindowSeconds) {
        if (const std::optional<QString> problem = TimeLimits::checkWindowSeconds(plan.windowSeconds)) {
            return planError(QStringLiteral("Window size out of range"),
                             QStringLiteral("model \"%1\": max_transfer_time_window_seconds %2").arg(model.name, *problem),
                             QStringLiteral("correct it in %1 and run 'ferryctl apply' again").arg(model.file));
        }
    }
    plan.rangeEnd = CanonicalValue::timestamp(request.now);
    const QByteArray cursor = checkpoint ? checkpoint->cursorValue.toLatin1() : QByteArray();
    plan.cursorBefore = cursor;
    if (const std::optional<Error> stored = checkStoredProgress(model, source, checkpoint))
        return *stored;
    const Result<StartSetting> start = startSetting(model, recipient, request.now);
    const bool needsStart = request.explicitStart.isEmpty() &&
                            (request.fullRefresh || cursor.isEmpty() || (checkpoint && checkpoint->hasUnfinishedRun()));
    if (!start && needsStart)
        return start.error();
    const QByteArray backfillFrom = start ? CanonicalValue::timestampFromEpoch(start->epoch) : QByteArray();

    if (!request.explicitStart.isEmpty()) {
        plan.explicitWindow = true;
        plan.mode = cursor.isEmpty() ? QStringLiteral("backfill") : QStringLiteral("incremental");
        plan.rangeStart = request.explicitStart;
        plan.rangeEnd = request.explicitEnd;
    } else if (request.fullRefresh) {
        plan.mode = QStringLiteral("full_refresh");
        plan.rangeStart = backfillFrom;
    } else if (checkpoint && checkpoint->hasUnfinishedRun() && plan.windowSeconds > 0) {
        // Resume at the first window the stopped run did not publish; the windows keep their alignment.
        const QByteArray runStart = checkpoint->runWindowStart.toLatin1();
        plan.resumed = true;
        plan.mode = cursor.isEmpty() || runStart == backfillFrom ? QStringLiteral("backfill")
                                                                 : QStringLiteral("incremental");
        // Where the next window starts is stored; older checkpoints only counted windows of the size of then.
        plan.rangeStart = !checkpoint->runNextStart.isEmpty()
                              ? checkpoint->runNextStart.toLatin1()
                              : CanonicalValue::addSeconds(runStart, plan.windowSeconds * checkpoint->runWindowsDone);
    } else if (cursor.isEmpty()) {
        plan.mode = QStringLiteral("backfill");
        plan.rangeStart = backfillFrom;
    } else {
        // Late rows of eventually consistent sources land up to lookback_seconds behind the newest one.
        plan.mode = QStringLiteral("incremental");
        plan.rangeStart = CanonicalValue::addSeconds(cursor, -source.effectiveLookbackSeconds());
    }
    if (!isReadable(plan.rangeStart) || !isReadable(plan.rangeEnd)) {
        return planError(QStringLiteral("Window out of range"),
                         QStringLiteral("model \"%1\": the %2 would cover [%3, %4), which is not a range of times Ferry "
                                        "can read (checkpoint %5, lookback_seconds %6)")
                             .arg(model.name, plan.mode, QString::fromLatin1(plan.rangeStart),
                                  QString::fromLatin1(plan.rangeEnd),
                                  cursor.isEmpty() ? QStringLiteral("none") : QString::fromLatin1(cursor))
                             .arg(source.effectiveLookbackSeconds()),
                         QStringLiteral("'ferryctl checkpoint rewind' sets the checkpoint to a valid time"));
    }
    // Counted before a single window is built: a plan past the limit would take all memory to build.
    const qint64 span = spanSeconds(plan.rangeStart, plan.rangeEnd);
    const qint64 windows = TimeLimits::windowCount(span, plan.windowSeconds);
    if (windows > TimeLimits::kMaxWindowsPerPlan) {
        return planError(QStringLiteral("Too many windows"),
                         QStringLiteral("model \"%1\": max_transfer_time_window_seconds %2 cuts the %3 [%4, %5) into %6 "
                                        "windows")
                             .arg(model.name)
                             .arg(plan.windowSeconds)
                             .arg(plan.mode, QString::fromLatin1(plan.rangeStart), QString::fromLatin1(plan.rangeEnd))
                             .arg(windows),
                         TimeLimits::tooManyWindowsHint(span, start ? start->field : QStringLiteral("min_start_time_epoch")));
    }
    plan.windows = cut(plan.rangeStart, plan.rangeEnd, plan.windowSeconds);
    // A full refresh swaps the table even when there is nothing to read, so the table ends up empty, as the source.
    if (plan.windows.isEmpty() && plan.isFullRefresh())
        plan.windows.append({plan.rangeStart, qMax(plan.rangeStart, plan.rangeEnd)});
    return plan;
}

} // namespace ferry
