#include "state/checkpoint_store.h"

#include "state/state_database.h"
#include "state/state_error.h"

#include <QSqlQuery>

namespace ferry {

CheckpointStore::CheckpointStore(QSqlDatabase db) : m_db(std::move(db)) {}

Status CheckpointStore::save(const Checkpoint &checkpoint)
{
    QSqlQuery query(m_db);
    // Both dialects support this upsert form (SQLite since 3.24).
    query.prepare(QStringLiteral("INSERT INTO checkpoints (destination_id, model_name, cursor_value, transfer_id, "
                                 "updated_at) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT (destination_id, model_name) DO UPDATE SET "
                                 "cursor_value = excluded.cursor_value, transfer_id = excluded.transfer_id, "
                                 "updated_at = excluded.updated_at"));
    query.addBindValue(checkpoint.destinationId);
    query.addBindValue(checkpoint.modelName);
    query.addBindValue(checkpoint.cursorValue);
    query.addBindValue(checkpoint.transferId);
    query.addBindValue(StateDatabase::toDatabaseTime(
        m_db, checkpoint.updatedAt.isValid() ? checkpoint.updatedAt : QDateTime::currentDateTimeUtc()));
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("saving a checkpoint"));
    return {};
}

Result<QList<Checkpoint>> CheckpointStore::forDestination(const QString &destinationId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT model_name, cursor_value, transfer_id, updated_at FROM checkpoints "
                                 "WHERE destination_id = ? ORDER BY model_name"));
    query.addBindValue(destinationId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading checkpoints"));
    QList<Checkpoint> result;
    while (query.next()) {
        result.append({destinationId, query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                       StateDatabase::fromDatabaseTime(query.value(3))});
    }
    return result;
}

} // namespace ferry
