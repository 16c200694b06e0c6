#include "engine/dispatcher.h"

#include "state/log_store.h"
#include "state/state_error.h"
#include "state/transaction_guard.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

namespace ferry {

namespace {

// How many of the oldest PENDING transfers one claimNext() looks at: enough to pass over those held by a rule.
constexpr int kCandidates = 200;

QString placeholders(qsizetype count)
{
    QStringList marks;
    for (qsizetype i = 0; i < count; ++i)
        marks << QStringLiteral("?");
    return marks.join(QLatin1Char(','));
}

Result<qint64> countOf(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return stateQueryError(query, what);
    return query.next() ? query.value(0).toLongLong() : 0;
}

} // namespace

Dispatcher::Dispatcher(std::shared_ptr<StateDatabase> state, std::function<QDateTime()> clock)
    : m_state(std::move(state)), m_clock(std::move(clock))
{
}

Dispatcher::Resources Dispatcher::resourcesOf(const Workspace &workspace, const QString &destinationId,
                                              const QString &destinationName, const QStringList &requestedModels)
{
    Resources resources;
    resources.destinationId = destinationId;
    const Destination *destination = workspace.destinationFor(destinationId, destinationName);
    if (!destination)
        return resources; // the runner fails it with a configuration error; it holds only its destination
    resources.destinationLimit = qMax(1, destination->effectiveMaxConcurrentTransfers());
    resources.models = requestedModels.isEmpty() ? workspace.modelNamesFor(*destination) : requestedModels;
    for (const QString &name : std::as_const(resources.models)) {
        const Model *model = workspace.model(name);
        const Source *source = model ? workspace.sourceOf(*model) : nullptr;
        if (!source)
            continue;
        const QString sourceId = source->id.isEmpty() ? source->name : source->id;
        resources.sourceOfModel.insert(name, sourceId);
        resources.sourceLimits.insert(sourceId, qMax(1, source->effectiveMaxConcurrentTransfers()));
    }
    return resources;
}

// The first rule that keeps the transfer waiting, or an empty string when it may start. Called with the locks held.
Result<QString> Dispatcher::ruleHolding(const QString &transferId, const Resources &resources)
{
    QSqlDatabase db = m_state->connection();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM transfers WHERE destination_id = ? AND status = 'RUNNING' AND id <> ?"));
    query.addBindValue(resources.destinationId);
    query.addBindValue(transferId);
    const Result<qint64> runningHere = countOf(query, QStringLiteral("counting the destination's running transfers"));
    if (!runningHere)
        return runningHere.error();
    if (*runningHere >= resources.destinationLimit)
        return QStringLiteral("its destination already runs %1 transfer(s), its max_concurrent_transfers").arg(*runningHere);

    query.prepare(QStringLiteral("SELECT COUNT(*) FROM integrity_checks WHERE destination_id = ? AND status = 'RUNNING'"));
    query.addBindValue(resources.destinationId);
    const Result<qint64> checks = countOf(query, QStringLiteral("looking for running integrity checks"));
    if (!checks)
        return checks.error();
    if (*checks > 0)
        return QStringLiteral("an integrity check runs against its destination");

    if (!resources.models.isEmpty()) {
        query.prepare(QStringLiteral("SELECT c.model_name FROM transfer_claims c JOIN transfers t ON t.id = c.transfer_id "
                                     "WHERE t.status = 'RUNNING' AND c.destination_id = ? AND c.transfer_id <> ? "
                                     "AND c.model_name IN (%1)")
                          .arg(placeholders(resources.models.size())));
        query.addBindValue(resources.destinationId);
        query.addBindValue(transferId);
        for (const QString &model : resources.models)
            query.addBindValue(model);
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("looking for running transfers of the same models"));
        if (query.next())
            return QStringLiteral("model \"%1\" is already being transferred to its destination").arg(query.value(0).toString());
    }

    for (auto it = resources.sourceLimits.cbegin(); it != resources.sourceLimits.cend(); ++it) {
        query.prepare(QStringLiteral("SELECT COUNT(DISTINCT c.transfer_id) FROM transfer_claims c JOIN transfers t ON "
                                     "t.id = c.transfer_id WHERE t.status = 'RUNNING' AND c.source_id = ? AND c.transfer_id <> ?"));
        query.addBindValue(it.key());
        query.addBindValue(transferId);
        const Result<qint64> fromSource = countOf(query, QStringLiteral("counting the source's running transfers"));
        if (!fromSource)
            return fromSource.error();
        if (*fromSource >= it.value())
            return QStringLiteral("its source already serves %1 transfer(s), its max_concurrent_transfers").arg(*fromSource);
    }
    return QString();
}

Result<Dispatcher::Attempt> Dispatcher::tryClaim(const Workspace &workspace, const QString &transferId,
                                                 const QString &workerId)
{
    QSqlDatabase db = m_state->connection();
    const bool sqlite = m_state->isSqlite();
    TransactionGuard transaction(db);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery query(db);
    // Another claimer holding this row is deciding about it: pass over it rather than wait.
    query.prepare(QStringLiteral("SELECT destination_id, destination_name, requested_models, status FROM transfers WHERE id = ?") +
                  (sqlite ? QString() : QStringLiteral(" FOR UPDATE SKIP LOCKED")));
    query.addBindValue(transferId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("taking a transfer to dispatch"));
    if (!query.next())
        return Attempt{Outcome::Skipped, {}};
    if (query.value(3).toString() != QLatin1String("PENDING"))
        return Attempt{Outcome::NotPending, {}};
    QStringList requested;
    for (const QJsonValue &value : QJsonDocument::fromJson(query.value(2).toString().toUtf8()).array())
        requested << value.toString();
    const Resources resources = resourcesOf(workspace, query.value(0).toString(), query.value(1).toString(), requested);

    if (!sqlite) {
        // One global order (sorted keys) so two claimers never wait on each other's locks in a cycle.
        QStringList keys{QStringLiteral("ferry-destination:") + resources.destinationId};
        for (auto it = resources.sourceLimits.cbegin(); it != resources.sourceLimits.cend(); ++it)
            keys << QStringLiteral("ferry-source:") + it.key();
        std::sort(keys.begin(), keys.end());
        for (const QString &key : std::as_const(keys)) {
            QSqlQuery lock(db);
            lock.prepare(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext(?))"));
            lock.addBindValue(key);
            if (!lock.exec())
                return stateQueryError(lock, QStringLiteral("locking what a transfer would use"));
        }
    }
    const Result<QString> holding = ruleHolding(transferId, resources);
    if (!holding)
        return holding.error();
    if (!holding->isEmpty())
        return Attempt{Outcome::Waiting, *holding};

    const QDateTime now = m_clock();
    query.prepare(QStringLiteral("UPDATE transfers SET status = 'RUNNING', started_at = ?, heartbeat_at = ?, worker_id = ?, "
                                 "updated_at = %1 WHERE id = ? AND status = 'PENDING'")
                      .arg(StateDatabase::currentTimeSql(db)));
    query.addBindValue(StateDatabase::toDatabaseTime(db, now));
    query.addBindValue(StateDatabase::toDatabaseTime(db, now));
    query.addBindValue(workerId);
    query.addBindValue(transferId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("claiming a transfer"));
    if (query.numRowsAffected() != 1)
        return Attempt{Outcome::NotPending, {}};
    query.prepare(QStringLiteral("DELETE FROM transfer_claims WHERE transfer_id = ?"));
    query.addBindValue(transferId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("recording what a transfer uses"));
    for (const QString &model : resources.models) {
        query.prepare(QStringLiteral("INSERT INTO transfer_claims (transfer_id, destination_id, model_name, source_id) "
                                     "VALUES (?, ?, ?, ?)"));
        query.addBindValue(transferId);
        query.addBindValue(resources.destinationId);
        query.addBindValue(model);
        query.addBindValue(resources.sourceOfModel.value(model));
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("recording what a transfer uses"));
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return Attempt{Outcome::Claimed, {}};
}

Result<std::optional<QString>> Dispatcher::claimNext(const Workspace &workspace, const QString &workerId)
{
    // A first look without locks, so claims are attempted only where one can succeed: destinations already at
    // their limit are left out of the candidates, and each destination is tried for as many transfers as it has
    // free slots. tryClaim() decides under the locks.
    QHash<QString, int> limits;
    for (const Destination &destination : workspace.destinations)
        limits.insert(destination.id, qMax(1, destination.effectiveMaxConcurrentTransfers()));
    QSqlQuery query(m_state->connection());
    if (!query.exec(QStringLiteral("SELECT destination_id, COUNT(*) FROM transfers WHERE status = 'RUNNING' GROUP BY destination_id")))
        return stateQueryError(query, QStringLiteral("reading what runs"));
    QHash<QString, int> freeSlots;
    QStringList full;
    while (query.next()) {
        const QString destination = query.value(0).toString();
        const int free = limits.value(destination, 1) - query.value(1).toInt();
        freeSlots.insert(destination, free);
        if (free <= 0)
            full << destination;
    }
    query.finish();
    query.prepare(QStringLiteral("SELECT id, destination_id FROM transfers WHERE status = 'PENDING'%1 "
                                 "ORDER BY submitted_at, id LIMIT %2")
                      .arg(full.isEmpty() ? QString() : QStringLiteral(" AND destination_id NOT IN (%1)").arg(placeholders(full.size())))
                      .arg(kCandidates));
    for (const QString &destination : std::as_const(full))
        query.addBindValue(destination);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading the queue"));
    QStringList candidates;
    QHash<QString, int> tried;
    while (query.next()) {
        const QString destination = query.value(1).toString();
        if (tried[destination]++ < freeSlots.value(destination, limits.value(destination, 1)))
            candidates << query.value(0).toString();
    }
    query.finish();
    for (const QString &id : std::as_const(candidates)) {
        const Result<Attempt> attempt = tryClaim(workspace, id, workerId);
        if (!attempt)
            return attempt.error();
        if (attempt->outcome == Outcome::Claimed)
            return std::optional<QString>(id);
    }
    return std::optional<QString>();
}

Result<QStringList> Dispatcher::expireStale(const QDateTime &now, qint64 maxPendingSeconds)
{
    QSqlDatabase db = m_state->connection();
    TransactionGuard transaction(db);
    if (!transaction.isActive())
        return transaction.error();
    const QVariant before = StateDatabase::toDatabaseTime(db, now.addSecs(-maxPendingSeconds));
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT id FROM transfers WHERE status = 'PENDING' AND submitted_at < ? ORDER BY submitted_at"));
    query.addBindValue(before);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("looking for expired transfers"));
    QStringList ids;
    while (query.next())
        ids << query.value(0).toString();
    if (ids.isEmpty())
        return ids;
    query.prepare(QStringLiteral("UPDATE transfers SET status = 'EXPIRED', ended_at = ?, error_code = 'FERRY-EXPIRED', "
                                 "error_title = 'Expired', error_message = ?, error_blame = 'config', error_hint = ?, "
                                 "updated_at = %1 WHERE status = 'PENDING' AND submitted_at < ?")
                      .arg(StateDatabase::currentTimeSql(db)));
    query.addBindValue(StateDatabase::toDatabaseTime(db, now));
    query.addBindValue(QStringLiteral("the transfer waited more than %1 hours without being able to start").arg(maxPendingSeconds / 3600.0));
    query.addBindValue(QStringLiteral("check that a worker runs (ferryctl run) and what holds the destination or source back"));
    query.addBindValue(before);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("expiring transfers"));
    // In the same transaction: a transfer is never EXPIRED without its log line.
    LogStore log(db);
    for (const QString &id : std::as_const(ids)) {
        LogEvent event;
        event.at = now;
        event.level = QStringLiteral("warning");
        event.category = QStringLiteral("queue");
        event.transferId = id;
        event.message = QStringLiteral("expired: pending for more than %1 hours").arg(maxPendingSeconds / 3600.0);
        if (Status logged = log.append(event); !logged)
            return logged.error();
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return ids;
}

} // namespace ferry
