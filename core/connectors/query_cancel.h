#pragma once

#include <QMutex>

#include <functional>
#include <memory>

namespace ferry {

// Stops one piece of interactive work (a row preview, a connection test) from another thread, typically the UI's:
// cancel() marks it cancelled and interrupts the statement running at that moment, if any. Shared between the
// thread that works and the one that may cancel: hold it in a std::shared_ptr, and cancel() returns at once (the
// interrupt, a round trip to the server for PostgreSQL and MariaDB, runs on a thread of its own).
class QueryCancel : public std::enable_shared_from_this<QueryCancel>
{
public:
    // While a scope lives, cancel() interrupts the statement `interrupt` stops (DatabaseConnection::canceller()).
    // Nothing when `cancel` or `interrupt` is empty. The scope must end before the connection closes.
    class Scope
    {
    public:
        Scope(QueryCancel *cancel, std::function<void()> interrupt);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        QueryCancel *m_cancel = nullptr;
    };

    // Callable from any thread, any number of times.
    void cancel();
    bool isCancelled() const;

private:
    void interrupt();

    mutable QMutex m_mutex;
    bool m_cancelled = false;
    std::function<void()> m_interrupt;
};

} // namespace ferry
