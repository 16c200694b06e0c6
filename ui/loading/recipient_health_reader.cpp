#include "loading/recipient_health_reader.h"

#include "engine/scheduler.h"
#include "state/transfer_store.h"

namespace ferry::ui {

Result<RecipientHealth> RecipientHealthReader::read(QSqlDatabase db, const QStringList &destinationIds)
{
    RecipientHealth health;
    health.readAt = QDateTime::currentDateTimeUtc();
    TransferStore transfers(db);
    Result<QList<DestinationActivity>> activity = transfers.destinationActivity();
    if (!activity)
        return activity.error();
    for (const DestinationActivity &destination : *activity)
        health.destinations.insert(destination.destinationId, destination);
    CheckpointStore checkpoints(db);
    for (const QString &id : destinationIds) {
        Result<QList<ModelActivity>> models = transfers.modelActivity(id);
        if (!models)
            return models.error();
        health.models.insert(id, *models);
        Result<QList<Checkpoint>> stored = checkpoints.forDestination(id);
        if (!stored)
            return stored.error();
        health.checkpoints.insert(id, *stored);
    }
    Result<QHash<QString, QDateTime>> scheduled = Scheduler::lastScheduledTransfers(db, destinationIds);
    if (!scheduled)
        return scheduled.error();
    health.lastScheduled = *scheduled;
    return health;
}

Result<RecentTransfers> RecipientHealthReader::recent(QSqlDatabase db, const QString &destinationName, int limit)
{
    TransferFilter filter;
    filter.destinationName = destinationName;
    filter.limit = limit;
    Result<QList<TransferRecord>> records = TransferStore(db).list(filter);
    if (!records)
        return records.error();
    return RecentTransfers{destinationName, *records};
}

} // namespace ferry::ui
