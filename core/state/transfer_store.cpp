#include "state/transfer_store.h"

#include "config/name_rules.h"
#include "state/state_database.h"
#include "state/state_error.h"

#include <nlohmann/json.hpp>

#include <QSqlQuery>
#include <QUuid>

namespace ferry {

TransferStore::TransferStore(QSqlDatabase db) : m_db(std::move(db)) {}

Result<QString> TransferStore::enqueue(const TransferRequest &request, const QDateTime &now)
{
    for (auto it = request.tags.cbegin(); it != request.tags.cend(); ++it) {
        if (!NameRules::isValidTag(it.key()) || !NameRules::isValidTag(it.value())) {
            return Error{QStringLiteral("FERRY-TAG"), QStringLiteral("Invalid tag"),
                         QStringLiteral("\"%1=%2\": keys and values may only hold letters, digits, '_' and '-'")
                             .arg(it.key(), it.value()),
                         {}, Blame::Config};
        }
    }
    nlohmann::json models = nlohmann::json::array();
    for (const QString &model : request.models)
        models.push_back(model.toStdString());

    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO transfers (id, destination_id, destination_name, recipient_name, status, "
                                 "is_full_refresh, requested_models, reason, submitted_at) "
                                 "VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)"));
    query.addBindValue(id);
    query.addBindValue(request.destinationId);
    query.addBindValue(request.destinationName);
    query.addBindValue(request.recipientName);
    query.addBindValue(request.fullRefresh);
    query.addBindValue(QString::fromStdString(models.dump()));
    query.addBindValue(request.reason);
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, now));
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("enqueueing a transfer"));
    for (auto it = request.tags.cbegin(); it != request.tags.cend(); ++it) {
        query.prepare(QStringLiteral("INSERT INTO transfer_tags (transfer_id, tag_key, tag_value) VALUES (?, ?, ?)"));
        query.addBindValue(id);
        query.addBindValue(it.key());
        query.addBindValue(it.value());
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("tagging a transfer"));
    }
    return id;
}

Result<QStringList> TransferStore::idsWithStatus(const QString &status)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT id FROM transfers WHERE status = ? ORDER BY submitted_at, id"));
    query.addBindValue(status);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("listing transfers"));
    QStringList ids;
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

} // namespace ferry
