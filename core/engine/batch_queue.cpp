#include "engine/batch_queue.h"

namespace ferry {

bool BatchQueue::push(ReaderItem item)
{
    QMutexLocker lock(&m_mutex);
    while (!m_closed && int(m_items.size()) >= m_capacity)
        m_notFull.wait(&m_mutex);
    if (m_closed)
        return false;
    m_items.push_back(std::move(item));
    m_notEmpty.wakeOne();
    return true;
}

std::optional<ReaderItem> BatchQueue::pop()
{
    QMutexLocker lock(&m_mutex);
    while (m_items.empty() && !m_closed)
        m_notEmpty.wait(&m_mutex);
    if (m_items.empty())
        return std::nullopt;
    ReaderItem item = std::move(m_items.front());
    m_items.pop_front();
    m_notFull.wakeOne();
    return item;
}

bool BatchQueue::empty()
{
    QMutexLocker lock(&m_mutex);
    return m_items.empty();
}

void BatchQueue::close()
{
    QMutexLocker lock(&m_mutex);
    m_closed = true;
    m_notEmpty.wakeAll();
    m_notFull.wakeAll();
}

} // namespace ferry
