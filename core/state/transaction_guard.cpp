#include "state/transaction_guard.h"

#include "log/log_categories.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ferry {

TransactionGuard::TransactionGuard(QSqlDatabase db) : m_db(std::move(db))
{
    const bool sqlite = m_db.driverName() == QLatin1String("QSQLITE");
    QSqlQuery begin(m_db);
    m_active = begin.exec(sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
    if (!m_active) {
        m_error = Error{QStringLiteral("FERRY-STATE-TX"), QStringLiteral("Cannot start a state transaction"),
                        begin.lastError().text(), QStringLiteral("another process may hold the state database"),
                        Blame::Ferry};
    }
}

TransactionGuard::~TransactionGuard()
{
    if (m_active)
        rollback();
}

Status TransactionGuard::commit()
{
    if (!m_active)
        return m_error;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT"))) {
        Error error{QStringLiteral("FERRY-STATE-TX"), QStringLiteral("Cannot commit to the state database"),
                    query.lastError().text(), {}, Blame::Ferry};
        rollback();
        return error;
    }
    m_active = false;
    return {};
}

void TransactionGuard::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCWarning(lcState) << "rollback failed:" << query.lastError().text();
}

} // namespace ferry
