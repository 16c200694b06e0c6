#include "connectors/query_cancel.h"

#include <thread>

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
    {
        QMutexLocker lock(&m_mutex);
        m_cancelled = true;
        if (!m_interrupt)
            return; // between statements: the work sees the flag before its next one
    }
    // Off the caller's thread, so a cancel from the UI never waits for the server; the thread's reference keeps
    // this object alive until the interrupt was sent. Not held by a shared_ptr: interrupted here.
    if (std::shared_ptr<QueryCancel> self = weak_from_this().lock())
        std::thread([self] { self->interrupt(); }).detach();
    else
        interrupt();
}

void QueryCancel::interrupt()
{
    // Under the lock: the scope cannot end (and its connection close) while the interrupt runs.
    QMutexLocker lock(&m_mutex);
    if (m_interrupt)
        m_interrupt();
}

bool QueryCancel::isCancelled() const
{
    QMutexLocker lock(&m_mutex);
    return m_cancelled;
}

} // namespace ferry
