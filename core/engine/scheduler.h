#pragma once

#include "config/workspace.h"
#include "errors/result.h"
#include "state/state_database.h"

#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>

namespace ferry {

// Enqueues the scheduled transfers: each enabled destination gets one every frequency_minutes (counted from its
// last scheduled transfer), never while one of its transfers is still PENDING. One transaction, serialized across
// processes on PostgreSQL state by an advisory lock, so two workers never enqueue the same period twice.
class Scheduler
{
public:
    explicit Scheduler(std::shared_ptr<StateDatabase> state);

    // The ids enqueued now.
    Result<QStringList> enqueueDue(const Workspace &workspace, const QDateTime &now);

    static constexpr int kDefaultFrequencyMinutes = 1440; // frequency_minutes 0: the workspace default

    // The schedule period of an enabled destination (frequency_minutes 0 resolved to the default).
    static int periodMinutes(const Destination &destination);
    // When enqueueDue next enqueues `destination`, given its last scheduled transfer (invalid: none, so at once);
    // invalid when it is not enabled. May lie in the past: due at the scheduler's next pass.
    static QDateTime nextRun(const Destination &destination, const QDateTime &lastScheduled);
    // submitted_at of each given destination's newest scheduled transfer, by destination id (what nextRun counts
    // from). One look per destination down its (destination_id, submitted_at) index: a GROUP BY over a million
    // transfers read every row (seconds).
    static Result<QHash<QString, QDateTime>> lastScheduledTransfers(QSqlDatabase db, const QStringList &destinationIds);

private:
    std::shared_ptr<StateDatabase> m_state;
};

} // namespace ferry
