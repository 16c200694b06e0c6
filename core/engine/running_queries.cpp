#include "engine/running_queries.h"

namespace ferry {

RunningQueries::Scope::Scope(RunningQueries *queries, const QString &transferId, std::function<void()> cancel)
{
    if (!queries || !cancel)
        return;
    QMutexLocker lock(&queries->m_mutex);
    m_queries = queries;
    m_token = ++queries->m_next;
    queries->m_entries.insert(m_token, Entry{transferId, std::move(cancel)});
}

RunningQueries::Scope::~Scope()
{
    if (!m_queries)
        return;
    QMutexLocker lock(&m_queries->m_mutex);
    m_queries->m_entries.remove(m_token);
}

void RunningQueries::cancel(const QString &transferId)
{
    // Under the lock: a scope cannot end (and its connection close) while its canceller runs.
    QMutexLocker lock(&m_mutex);
    m_cancelled.insert(transferId);
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.transferId == transferId)
            entry.cancel();
    }
}

bool RunningQueries::cancelled(const QString &transferId) const
{
    QMutexLocker lock(&m_mutex);
    return m_cancelled.contains(transferId);
}

void RunningQueries::forget(const QString &transferId)
{
    QMutexLocker lock(&m_mutex);
    m_cancelled.remove(transferId);
}

} // namespace ferry
