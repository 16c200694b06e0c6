#pragma once

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>

#include <functional>

namespace ferry {

// The statements a worker's transfers are running right now, so a kill can interrupt them from another thread
// (a primary key being built or a large merge would otherwise run on until its end; the kill must land within
// seconds). Each connection registers a thread-safe canceller while it works for a transfer; cancel() calls them
// all and remembers the transfer as cancelled, so the failure the interrupted statement reports reads as the kill.
class RunningQueries
{
public:
    // Registers `cancel` for the lifetime of the scope (nothing when `queries` or `cancel` is empty).
    class Scope
    {
    public:
        Scope(RunningQueries *queries, const QString &transferId, std::function<void()> cancel);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        RunningQueries *m_queries = nullptr;
        int m_token = 0;
    };

    void cancel(const QString &transferId);
    bool cancelled(const QString &transferId) const;
    // The transfer ended: drop its cancelled mark.
    void forget(const QString &transferId);

private:
    struct Entry
    {
        QString transferId;
        std::function<void()> cancel;
    };
    mutable QMutex m_mutex;
    QHash<int, Entry> m_entries;
    QSet<QString> m_cancelled;
    int m_next = 0;
};

} // namespace ferry
