#include "engine/dispatch_lock.h"

namespace ferry {

Result<std::unique_ptr<DispatchLock>> DispatchLock::acquire(const StateDatabase &state)
{
    if (!state.isSqlite())
        return std::unique_ptr<DispatchLock>(new DispatchLock(nullptr));
    const QString path = state.location().sqlitePath + QStringLiteral(".dispatch.lock");
    auto file = std::make_unique<QLockFile>(path);
    file->setStaleLockTime(0); // stale only when its process is gone, however long it has run
    if (!file->tryLock(0)) {
        qint64 pid = 0;
        QString host, application;
        QString holder = QStringLiteral("another process");
        if (file->error() == QLockFile::LockFailedError && file->getLockInfo(&pid, &host, &application))
            holder = QStringLiteral("%1 (pid %2 on %3)").arg(application.isEmpty() ? QStringLiteral("a process") : application)
                         .arg(pid)
                         .arg(host);
        return Error{QStringLiteral("FERRY-STATE-DISPATCH-BUSY"), QStringLiteral("Another process runs the queue"),
                     QStringLiteral("%1 already dispatches transfers from the SQLite state database %2 (lock file %3)")
                         .arg(holder, state.location().sqlitePath, path),
                     QStringLiteral("stop it first; to run several workers at once, use a PostgreSQL state database "
                                    "(--state postgresql://...)"),
                     Blame::Config};
    }
    return std::unique_ptr<DispatchLock>(new DispatchLock(std::move(file)));
}

} // namespace ferry
