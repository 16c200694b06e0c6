#pragma once

#include "errors/result.h"
#include "state/state_database.h"

#include <QLockFile>

#include <memory>

namespace ferry {

// On SQLite state one process owns dispatch: a lock file beside the database, held while workers run, so a second
// `ferryctl run` (or the desktop app's workers) refuses to start instead of claiming from the same queue. On
// PostgreSQL state any number of processes dispatch (the database coordinates them), and the lock holds nothing.
// A lock left by a process that died is taken over.
class DispatchLock
{
public:
    static Result<std::unique_ptr<DispatchLock>> acquire(const StateDatabase &state);

private:
    explicit DispatchLock(std::unique_ptr<QLockFile> file) : m_file(std::move(file)) {}
    std::unique_ptr<QLockFile> m_file; // null on PostgreSQL
};

} // namespace ferry
