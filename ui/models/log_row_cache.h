#pragma once

#include "state/log_store.h"

#include <QList>

namespace ferry::ui {

// The Logs page's loaded events, newest first: one contiguous run of ids, grown at the bottom by older pages
// and at the top by follow polls. Keyset paging can only continue from the oldest loaded id, so unlike DB
// Browser's sparse RowCache no gaps are possible; what the cache adds is refusing overlap, so a page that
// races a poll (or an event written twice into a page boundary) never shows a row twice.
class LogRowCache
{
public:
    int size() const { return int(m_events.size()); }
    bool isEmpty() const { return m_events.isEmpty(); }
    const LogEvent &at(int row) const { return m_events.at(row); }
    // Ids of the newest and oldest loaded events; 0 while empty.
    qint64 newestId() const { return m_events.isEmpty() ? 0 : m_events.constFirst().id; }
    qint64 oldestId() const { return m_events.isEmpty() ? 0 : m_events.constLast().id; }
    // The row of the event with `id`, or -1 (binary search: ids fall strictly from the top).
    int rowOf(qint64 id) const;

    // Adds an older page (newest first) below the loaded rows; returns how many were added (those older than
    // oldestId(), in order).
    int appendOlder(const QList<LogEvent> &page);
    // Adds newer events (oldest first, as LogStore::newerThan returns them) above the loaded rows; returns
    // how many were added (those newer than newestId()).
    int prependNewer(const QList<LogEvent> &events);
    // How many rows appendOlder()/prependNewer() would add, so a model can announce them before they are.
    int olderCount(const QList<LogEvent> &page) const;
    int newerCount(const QList<LogEvent> &events) const;
    void clear() { m_events.clear(); }

private:
    QList<LogEvent> m_events;
};

} // namespace ferry::ui
