#pragma once

#include "errors/result.h"

#include <QSqlDatabase>

namespace ferry {

// Begins a transaction and rolls it back unless commit() succeeded: every early return leaves nothing behind.
// On SQLite it takes the write lock up front (BEGIN IMMEDIATE), so two writers never deadlock on an upgrade.
class TransactionGuard
{
public:
    explicit TransactionGuard(QSqlDatabase db);
    ~TransactionGuard();

    TransactionGuard(const TransactionGuard &) = delete;
    TransactionGuard &operator=(const TransactionGuard &) = delete;

    // False when BEGIN failed; error() says why.
    bool isActive() const { return m_active; }
    Status commit();
    void rollback();
    const Error &error() const { return m_error; }

private:
    QSqlDatabase m_db;
    bool m_active = false;
    Error m_error;
};

} // namespace ferry
