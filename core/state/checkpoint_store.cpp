#include "state/checkpoint_store.h"

#include "state/state_database.h"
#include "state/state_error.h"

#include <QSqlQuery>

namespace ferry {

namespace {

const char kColumns[] = "destination_id, model_name, cursor_value, transfer_id, updated_at, run_window_start, "
                        "run_window_end, run_windows_done";

Checkpoint checkpointAt(const QSqlQuery &query)
{
    return {query.value(0).toString(),
            query.value(1).toString(),
            query.value(2).toString(),
            query.value(3).toString(),
            StateDatabase::fromDatabaseTime(query.value(4)),
            query.value(5).toString(),
            query.value(6).toString(),
            query.value(7).toInt()};
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(value);
}

} // namespace

CheckpointStore::CheckpointStore(QSqlDatabase db) : m_db(std::move(db)) {}

Status CheckpointStore::save(const Checkpoint &checkpoint)
{
    QSqlQuery query(m_db);
    // Both dialects support this upsert form (SQLite since 3.24).
    query.prepare(QStringLiteral("INSERT INTO checkpoints (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                 "ON CONFLICT (destination_id, model_name) DO UPDATE SET "
                                 "cursor_value = excluded.cursor_value, transfer_id = excluded.transfer_id, "
                                 "updated_at = excluded.updated_at, run_window_start = excluded.run_window_start, "
                                 "run_window_end = excluded.run_window_end, run_windows_done = excluded.run_windows_done")
                      .arg(QLatin1String(kColumns)));
    query.addBindValue(checkpoint.destinationId);
    query.addBindValue(checkpoint.modelName);
    query.addBindValue(textOrNull(checkpoint.cursorValue));
    query.addBindValue(textOrNull(checkpoint.transferId));
    query.addBindValue(StateDatabase::toDatabaseTime(
        m_db, checkpoint.updatedAt.isValid() ? checkpoint.updatedAt : QDateTime::currentDateTimeUtc()));
    query.addBindValue(textOrNull(checkpoint.runWindowStart));
    query.addBindValue(textOrNull(checkpoint.runWindowEnd));
    query.addBindValue(checkpoint.runWindowsDone);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("saving a checkpoint"));
    return {};
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
    Checkpoint after = before;
    after.cursorValue = to;
    after.runWindowStart.clear();
    after.runWindowEnd.clear();
    after.runWindowsDone = 0;
    after.updatedAt = QDateTime::currentDateTimeUtc();
    if (Status saved = save(after); !saved)
        return saved.error();
    return before;
}

} // namespace ferry
