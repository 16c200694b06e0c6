#include "engine/window_planner.h"

#include "rows/canonical_value.h"

namespace ferry {

QByteArray WindowPlanner::backfillStart(const Model &model, const Recipient &recipient)
{
    const qint64 epoch = recipient.defaultFullRefreshMinStartTimeEpoch.value_or(model.minStartTimeEpoch.value_or(0));
    return CanonicalValue::timestampFromEpoch(epoch);
}

QList<TimeWindow> WindowPlanner::cut(const QByteArray &start, const QByteArray &end, qint64 windowSeconds)
{
    QList<TimeWindow> windows;
    if (start >= end)
        return windows;
    if (windowSeconds <= 0)
        return {TimeWindow{start, end}};
    for (QByteArray from = start; from < end;) {
        QByteArray to = CanonicalValue::addSeconds(from, windowSeconds);
        if (to > end)
            to = end;
        windows.append({from, to});
        from = to;
    }
    return windows;
}

ModelPlan WindowPlanner::plan(const Model &model, const Source &source, const Recipient &recipient,
                              const std::optional<Checkpoint> &checkpoint, const PlanRequest &request)
{
    ModelPlan plan;
    plan.windowSeconds = model.maxTransferTimeWindowSeconds.value_or(0);
    plan.rangeEnd = CanonicalValue::timestamp(request.now);
    const QByteArray cursor = checkpoint ? checkpoint->cursorValue.toLatin1() : QByteArray();
    plan.cursorBefore = cursor;

    if (!request.explicitStart.isEmpty()) {
        plan.explicitWindow = true;
        plan.mode = cursor.isEmpty() ? QStringLiteral("backfill") : QStringLiteral("incremental");
        plan.rangeStart = request.explicitStart;
        plan.rangeEnd = request.explicitEnd;
    } else if (request.fullRefresh) {
        plan.mode = QStringLiteral("full_refresh");
        plan.rangeStart = backfillStart(model, recipient);
    } else if (checkpoint && checkpoint->hasUnfinishedRun() && plan.windowSeconds > 0) {
        // Resume at the first window the stopped run did not publish; the windows keep their alignment.
        const QByteArray runStart = checkpoint->runWindowStart.toLatin1();
        plan.resumed = true;
        plan.mode = cursor.isEmpty() || runStart == backfillStart(model, recipient) ? QStringLiteral("backfill")
                                                                                    : QStringLiteral("incremental");
        // Where the next window starts is stored; older checkpoints only counted windows of the size of then.
        plan.rangeStart = !checkpoint->runNextStart.isEmpty()
                              ? checkpoint->runNextStart.toLatin1()
                              : CanonicalValue::addSeconds(runStart, plan.windowSeconds * checkpoint->runWindowsDone);
    } else if (cursor.isEmpty()) {
        plan.mode = QStringLiteral("backfill");
        plan.rangeStart = backfillStart(model, recipient);
    } else {
        // Late rows of eventually consistent sources land up to lookback_seconds behind the newest one.
        plan.mode = QStringLiteral("incremental");
        plan.rangeStart = CanonicalValue::addSeconds(cursor, -source.effectiveLookbackSeconds());
    }
    plan.windows = cut(plan.rangeStart, plan.rangeEnd, plan.windowSeconds);
    // A full refresh swaps the table even when there is nothing to read, so the table ends up empty, as the source.
    if (plan.windows.isEmpty() && plan.isFullRefresh())
        plan.windows.append({plan.rangeStart, qMax(plan.rangeStart, plan.rangeEnd)});
    return plan;
}

} // namespace ferry
