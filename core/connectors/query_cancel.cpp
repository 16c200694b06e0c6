#include "connectors/query_cancel.h"

namespace ferry {

QueryCancel::Scope::Scope(QueryCancel *cancel, std::function<void()> interrupt)
{
    if (!cancel || !interrupt)
        return;
    QMutexLocker lock(&cancel->m_mutex);
    m_cancel = cancel;
    cancel->m_interrupt = std::move(interrupt);
}

QueryCancel::Scope::~Scope()
{
    if (!m_cancel)
        return;
    QMutexLocker lock(&m_cancel->m_mutex);
    m_cancel->m_interrupt = nullptr;
}

void QueryCancel::cancel()
{
    // Under the lock: the scope cannot end (and its connection close) while the interrupt runs.
    QMutexLocker lock(&m_mutex);
    m_cancelled = true;
    if (m_interrupt)
        m_interrupt();
}

bool QueryCancel::isCancelled() const
{
    QMutexLocker lock(&m_mutex);
    return m_cancelled;
}

} // namespace ferry
