#include "engine/scheduler.h"

#include "state/state_error.h"
#include "state/transaction_guard.h"
#include "state/transfer_store.h"

#include <QSqlQuery>

namespace ferry {

Scheduler::Scheduler(std::shared_ptr<StateDatabase> state) : m_state(std::move(state)) {}

Result<QStringList> Scheduler::enqueueDue(const Workspace &workspace, const QDateTime &now)
{
    QStringList enqueued;
    bool anyEnabled = false;
    for (const Destination &destination : workspace.destinations)
        anyEnabled = anyEnabled || destination.effectiveEnabled();
    if (!anyEnabled)
        return enqueued;

    QSqlDatabase db = m_state->connection();
    TransactionGuard transaction(db);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery query(db);
    if (!m_state->isSqlite() && !query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('ferry-scheduler'))")))
        return stateQueryError(query, QStringLiteral("locking the scheduler"));
    TransferStore store(db);
    for (const Destination &destination : workspace.destinations) {
        if (!destination.effectiveEnabled())
            continue;
        query.prepare(QStringLiteral("SELECT COUNT(*) FROM transfers WHERE destination_id = ? AND status = 'PENDING'"));
        query.addBindValue(destination.id);
        if (!query.exec() || !query.next())
            return stateQueryError(query, QStringLiteral("looking for pending transfers"));
        if (query.value(0).toLongLong() > 0)
            continue;
        query.prepare(QStringLiteral("SELECT MAX(submitted_at) FROM transfers WHERE destination_id = ? AND reason = 'schedule'"));
        query.addBindValue(destination.id);
        if (!query.exec() || !query.next())
            return stateQueryError(query, QStringLiteral("reading the last scheduled transfer"));
        const QDateTime last = query.value(0).isNull() ? QDateTime() : StateDatabase::fromDatabaseTime(query.value(0));
        if (nextRun(destination, last) > now)
            continue;
        TransferRequest request;
        request.destinationId = destination.id;
        request.destinationName = destination.name;
        request.recipientName = destination.recipient;
        request.reason = QStringLiteral("schedule");
        const Result<QString> id = store.enqueue(request, now);
        if (!id)
            return id.error();
        enqueued << *id;
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return enqueued;
}

int Scheduler::periodMinutes(const Destination &destination)
{
    return destination.effectiveFrequencyMinutes() > 0 ? destination.effectiveFrequencyMinutes()
                                                       : kDefaultFrequencyMinutes;
}

QDateTime Scheduler::nextRun(const Destination &destination, const QDateTime &lastScheduled)
{
    if (!destination.effectiveEnabled())
        return {};
    // Never scheduled yet: the first pass enqueues it, so it is due from the epoch on.
    return lastScheduled.isValid() ? lastScheduled.addSecs(qint64(periodMinutes(destination)) * 60)
                                   : QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
}

Result<QHash<QString, QDateTime>> Scheduler::lastScheduledTransfers(QSqlDatabase db, const QStringList &destinationIds)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT submitted_at FROM transfers WHERE destination_id = ? AND reason = 'schedule' "
                                 "ORDER BY submitted_at DESC, id DESC LIMIT 1"));
    QHash<QString, QDateTime> last;
    for (const QString &id : destinationIds) {
        query.addBindValue(id);
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("reading the last scheduled transfers"));
        if (query.next())
            last.insert(id, StateDatabase::fromDatabaseTime(query.value(0)));
    }
    return last;
}

} // namespace ferry
