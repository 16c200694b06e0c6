#pragma once

#include "errors/result.h"

#include <QDateTime>
#include <QMap>
#include <QSqlDatabase>
#include <QStringList>

namespace ferry {

// What a user (or the scheduler, or apply) asks for: one transfer to one destination.
struct TransferRequest
{
    QString destinationId;
    QString destinationName;
    QString recipientName;
    bool fullRefresh = false;
    QStringList models; // empty: every model the destination receives
    QMap<QString, QString> tags;
    QString reason = QStringLiteral("user"); // user, schedule, type-change
};

// The transfers queue in the state database. The engine and dispatcher build on it.
class TransferStore
{
public:
    explicit TransferStore(QSqlDatabase db);

    // Inserts a PENDING transfer and its tags; returns its id. Runs inside the caller's transaction, if any.
    Result<QString> enqueue(const TransferRequest &request, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Ids of transfers in `status`, oldest first.
    Result<QStringList> idsWithStatus(const QString &status);

private:
    QSqlDatabase m_db;
};

} // namespace ferry
