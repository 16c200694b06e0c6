#include "state/checkpoint_store.h"

#include "state/state_database.h"
#include "state/state_error.h"

#include <QSqlQuery>

namespace ferry {

namespace {

const char kColumns[] = "destination_id, model_name, cursor_value, transfer_id, updated_at, run_window_start, "
                        "run_window_end, run_windows_done, run_next_start";

Checkpoint checkpointAt(const QSqlQuery &query)
{
    return {query.value(0).toString(),
            query.value(1).toString(),
            query.value(2).toString(),
            query.value(3).toString(),
            StateDatabase::fromDatabaseTime(query.value(4)),
            query.value(5).toString(),
            query.value(6).toString(),
            query.value(7).toInt(),
            query.value(8).toString()};
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(value);
}

} // namespace

CheckpointStore::CheckpointStore(QSqlDatabase db) : m_db(std::move(db)) {}

namespace {

// The checkpoint's values after its key, in kColumns order (also the order of the guarded UPDATE's SET).
void bindProgress(QSqlQuery &query, const QSqlDatabase &db, const Checkpoint &checkpoint)
{
    query.addBindValue(textOrNull(checkpoint.cursorValue));
    query.addBindValue(textOrNull(checkpoint.transferId));
    query.addBindValue(StateDatabase::toDatabaseTime(
        db, checkpoint.updatedAt.isValid() ? checkpoint.updatedAt : QDateTime::currentDateTimeUtc()));
    query.addBindValue(textOrNull(checkpoint.runWindowStart));
    query.addBindValue(textOrNull(checkpoint.runWindowEnd));
    query.addBindValue(checkpoint.runWindowsDone);
    query.addBindValue(textOrNull(checkpoint.runNextStart));
}

void bindCheckpoint(QSqlQuery &query, const QSqlDatabase &db, const Checkpoint &checkpoint)
{
    query.addBindValue(checkpoint.destinationId);
    query.addBindValue(checkpoint.modelName);
    bindProgress(query, db, checkpoint);
}

// The transfer still runs on this worker.
const char kOwned[] = "EXISTS (SELECT 1 FROM transfers WHERE id = ? AND status = 'RUNNING' AND worker_id = ?)";

} // namespace

Result<bool> CheckpointStore::saveIf(const Checkpoint &checkpoint, const std::optional<Checkpoint> &expected,
                                     const QString &workerId)
{
    QSqlQuery query(m_db);
    if (!expected) {
        // SQLite needs the WHERE to tell the SELECT from the upsert clause.
        query.prepare(QStringLiteral("INSERT INTO checkpoints (%1) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE %2 "
                                     "ON CONFLICT (destination_id, model_name) DO NOTHING")
                          .arg(QLatin1String(kColumns), QLatin1String(kOwned)));
        bindCheckpoint(query, m_db, checkpoint);
    } else {
        query.prepare(QStringLiteral("UPDATE checkpoints SET cursor_value = ?, transfer_id = ?, updated_at = ?, "
                                     "run_window_start = ?, run_window_end = ?, run_windows_done = ?, run_next_start = ? "
                                     "WHERE destination_id = ? AND model_name = ? AND cursor_value IS NOT DISTINCT FROM ? "
                                     "AND run_window_start IS NOT DISTINCT FROM ? AND run_windows_done = ? "
                                     "AND run_next_start IS NOT DISTINCT FROM ? AND %1")
                          .arg(QLatin1String(kOwned)));
        bindProgress(query, m_db, checkpoint);
        query.addBindValue(checkpoint.destinationId);
        query.addBindValue(checkpoint.modelName);
        query.addBindValue(textOrNull(expected->cursorValue));
        query.addBindValue(textOrNull(expected->runWindowStart));
        query.addBindValue(expected->runWindowsDone);
        query.addBindValue(textOrNull(expected->runNextStart));
    }
    query.addBindValue(checkpoint.transferId);
    query.addBindValue(workerId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("saving a checkpoint"));
    return query.numRowsAffected() == 1;
}

Result<QList<Checkpoint>> CheckpointStore::forDestination(const QString &destinationId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT %1 FROM checkpoints WHERE destination_id = ? ORDER BY model_name")
                      .arg(QLatin1String(kColumns)));
    query.addBindValue(destinationId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading checkpoints"));
    QList<Checkpoint> result;
    while (query.next())
        result.append(checkpointAt(query));
    return result;
}

Status CheckpointStore::forgetDestination(const QString &destinationId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM checkpoints WHERE destination_id = ?"));
    query.addBindValue(destinationId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("resetting checkpoints"));
    return {};
}

Status CheckpointStore::forgetModel(const QString &modelName)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM checkpoints WHERE model_name = ?"));
    query.addBindValue(modelName);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("resetting the checkpoints of model %1").arg(modelName));
    return {};
}

Result<std::optional<Checkpoint>> CheckpointStore::find(const QString &destinationId, const QString &modelName)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT %1 FROM checkpoints WHERE destination_id = ? AND model_name = ?")
                      .arg(QLatin1String(kColumns)));
    query.addBindValue(destinationId);
    query.addBindValue(modelName);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading a checkpoint"));
    if (!query.next())
        return std::optional<Checkpoint>();
    return std::optional<Checkpoint>(checkpointAt(query));
}

Result<Checkpoint> CheckpointStore::rewind(const QString &destinationId, const QString &modelName, const QString &to)
{
    Result<std::optional<Checkpoint>> current = find(destinationId, modelName);
    if (!current)
        return current.error();
    if (!*current || (*current)->cursorValue.isEmpty()) {
        return Error{QStringLiteral("FERRY-CHECKPOINT-NONE"), QStringLiteral("Nothing to rewind"),
                     QStringLiteral("model \"%1\" has no checkpoint at this destination yet").arg(modelName),
                     QStringLiteral("its next transfer is a backfill anyway"), Blame::Config};
    }
    const Checkpoint before = **current;
    if (to > before.cursorValue) {
        return Error{QStringLiteral("FERRY-CHECKPOINT-FORWARD"), QStringLiteral("A checkpoint only moves back"),
                     QStringLiteral("model \"%1\" is at %2; %3 is later, and moving forward would skip rows")
                         .arg(modelName, before.cursorValue, to),
                     QStringLiteral("give a time at or before %1").arg(before.cursorValue), Blame::Config};
    }
    // One guarded write: a transfer that moved the checkpoint since it was read wins, and the user is told.
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE checkpoints SET cursor_value = ?, updated_at = ?, run_window_start = NULL, "
                                 "run_window_end = NULL, run_windows_done = 0, run_next_start = NULL "
                                 "WHERE destination_id = ? AND model_name = ? AND cursor_value = ?"));
    query.addBindValue(to);
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, QDateTime::currentDateTimeUtc()));
    query.addBindValue(destinationId);
    query.addBindValue(modelName);
    query.addBindValue(before.cursorValue);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("rewinding a checkpoint"));
    if (query.numRowsAffected() != 1) {
        return Error{QStringLiteral("FERRY-CHECKPOINT-MOVED"), QStringLiteral("Checkpoint moved"),
                     QStringLiteral("model \"%1\" moved past %2 while it was being rewound").arg(modelName, before.cursorValue),
                     QStringLiteral("run the rewind again"), Blame::Config};
    }
    return before;
}

} // namespace ferry
