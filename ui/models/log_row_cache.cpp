#include "models/log_row_cache.h"

#include <algorithm>
#include <limits>

namespace ferry::ui {

int LogRowCache::rowOf(qint64 id) const
{
    const auto found = std::lower_bound(m_events.cbegin(), m_events.cend(), id,
                                        [](const LogEvent &event, qint64 value) { return event.id > value; });
    return found != m_events.cend() && found->id == id ? int(found - m_events.cbegin()) : -1;
}

int LogRowCache::appendOlder(const QList<LogEvent> &page)
{
    int added = 0;
    for (const LogEvent &event : page) {
        // Keeps ids strictly falling even when the page repeats or interleaves rows already shown.
        if (!m_events.isEmpty() && event.id >= m_events.constLast().id)
            continue;
        m_events.append(event);
        ++added;
    }
    return added;
}

int LogRowCache::olderCount(const QList<LogEvent> &page) const
{
    int count = 0;
    qint64 oldest = m_events.isEmpty() ? std::numeric_limits<qint64>::max() : oldestId();
    for (const LogEvent &event : page) {
        if (event.id < oldest) {
            oldest = event.id;
            ++count;
        }
    }
    return count;
}

int LogRowCache::newerCount(const QList<LogEvent> &events) const
{
    int count = 0;
    qint64 newest = newestId();
    for (const LogEvent &event : events) {
        if (event.id > newest) {
            newest = event.id;
            ++count;
        }
    }
    return count;
}

int LogRowCache::prependNewer(const QList<LogEvent> &events)
{
    int added = 0;
    for (const LogEvent &event : events) {
        if (event.id <= newestId())
            continue;
        // Qt 6's QList keeps free space at its front, so prepending stays cheap however many rows are loaded.
        m_events.prepend(event);
        ++added;
    }
    return added;
}

} // namespace ferry::ui
