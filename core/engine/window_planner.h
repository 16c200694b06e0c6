#pragma once

#include "config/model.h"
#include "config/recipient.h"
#include "config/source.h"
#include "connectors/source_reader.h"
#include "errors/result.h"
#include "state/checkpoint_store.h"

#include <QDateTime>

#include <optional>

namespace ferry {

// What one model does in one transfer (SPEC section 2, "Planning one model").
struct ModelPlan
{
    QString mode;             // backfill, incremental, full_refresh
    QByteArray rangeStart;    // canonical; the windows cover [rangeStart, rangeEnd)
    QByteArray rangeEnd;
    QList<TimeWindow> windows; // oldest first
    qint64 windowSeconds = 0;  // 0: one window
    bool explicitWindow = false;
    bool resumed = false;      // continues a run that stopped at a failed window
    QByteArray cursorBefore;   // the checkpoint before this transfer, canonical or empty

    bool isFullRefresh() const { return mode == QLatin1String("full_refresh"); }
};

struct PlanRequest
{
    bool fullRefresh = false;
    QByteArray explicitStart; // canonical, both or neither
    QByteArray explicitEnd;
    QDateTime now; // when the transfer started: the end of the last window
};

class WindowPlanner
{
public:
    // Refuses (FERRY-PLAN-LIMIT, naming the object and the field) a plan built from numbers out of their range
    // (TimeLimits) or past TimeLimits::kMaxWindowsPerPlan windows, which validation reports but older state may hold.
    static Result<ModelPlan> plan(const Model &model, const Source &source, const Recipient &recipient,
                                  const std::optional<Checkpoint> &checkpoint, const PlanRequest &request);
    static QList<TimeWindow> cut(const QByteArray &start, const QByteArray &end, qint64 windowSeconds);
    // Seconds from `start` to `end` (canonical), a started second counted whole: what the windows must cover.
    static qint64 spanSeconds(const QByteArray &start, const QByteArray &end);

private:
    // Where a backfill starts: the recipient override, else the model's min_start_time_epoch, else epoch 0.
    struct StartSetting
    {
        qint64 epoch = 0;
        QString field; // the key it came from, for messages
    };
    static Result<StartSetting> startSetting(const Model &model, const Recipient &recipient, const QDateTime &now);
    static std::optional<Error> checkStoredProgress(const Model &model, const Source &source,
                                                    const std::optional<Checkpoint> &checkpoint);
};

} // namespace ferry
