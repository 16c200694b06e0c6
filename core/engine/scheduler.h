#pragma once

#include "config/workspace.h"
#include "errors/result.h"
#include "state/state_database.h"

#include <QDateTime>
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

private:
    std::shared_ptr<StateDatabase> m_state;
};

} // namespace ferry
