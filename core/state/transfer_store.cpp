#include "state/transfer_store.h"

#include "config/name_rules.h"
#include "connectors/postgres/libpq.h"
#include "state/log_store.h"
#include "state/state_database.h"
#include "state/state_error.h"
#include "state/transaction_guard.h"
#include "state/transfer_summary_reader.h"

#include <nlohmann/json.hpp>

#include <QSqlDriver>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

#include <optional>

namespace ferry {

TransferStore::TransferStore(QSqlDatabase db) : m_db(std::move(db)) {}

namespace {

// Whether the connection is inside a transaction: on PostgreSQL libpq knows; SQLite needs no answer (a savepoint
// there opens a transaction when none is open).
bool inPostgresTransaction(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return false;
    return libpq().PQtransactionStatus(*static_cast<PGconn *const *>(handle.data())) != PQTRANS_IDLE;
}

} // namespace

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
    // The row and its tags, all or nothing: a savepoint inside the caller's transaction (or, on SQLite, a
    // transaction of its own), else a transaction of its own.
    const bool savepoint = m_db.driverName() == QLatin1String("QSQLITE") || inPostgresTransaction(m_db);
    std::optional<TransactionGuard> transaction;
    if (savepoint) {
        QSqlQuery begin(m_db);
        if (!begin.exec(QStringLiteral("SAVEPOINT ferry_enqueue")))
            return stateQueryError(begin, QStringLiteral("enqueueing a transfer"));
    } else {
        transaction.emplace(m_db);
        if (!transaction->isActive())
            return transaction->error();
    }
    const Result<QString> id = insert(request, now);
    if (savepoint) {
        QSqlQuery end(m_db);
        if (!id)
            end.exec(QStringLiteral("ROLLBACK TO SAVEPOINT ferry_enqueue"));
        if (!end.exec(QStringLiteral("RELEASE SAVEPOINT ferry_enqueue")) && id)
            return stateQueryError(end, QStringLiteral("enqueueing a transfer"));
        return id;
    }
    if (!id)
        return id; // the guard rolls the row back
    if (Status committed = transaction->commit(); !committed)
        return committed.error();
    return id;
}

Result<QString> TransferStore::insert(const TransferRequest &request, const QDateTime &now)
{
    nlohmann::json models = nlohmann::json::array();
    for (const QString &model : request.models)
        models.push_back(model.toStdString());

    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO transfers (id, destination_id, destination_name, recipient_name, status, "
                                 "is_full_refresh, requested_models, reason, submitted_at, window_start, window_end, updated_at) "
                                 "VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, %1)")
                      .arg(StateDatabase::currentTimeSql(m_db)));
    query.addBindValue(id);
    query.addBindValue(request.destinationId);
    query.addBindValue(request.destinationName);
    query.addBindValue(request.recipientName);
    query.addBindValue(request.fullRefresh);
    query.addBindValue(QString::fromStdString(models.dump()));
    query.addBindValue(request.reason);
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, now));
    query.addBindValue(request.windowStart.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(request.windowStart));
    query.addBindValue(request.windowEnd.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(request.windowEnd));
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
    QStringList tags;
    for (auto it = request.tags.cbegin(); it != request.tags.cend(); ++it)
        tags << it.key() + QLatin1Char('=') + it.value();
    LogEvent event;
    event.at = now;
    event.category = QStringLiteral("queue");
    event.transferId = id;
    event.message = QStringLiteral("queued for %1 (%2%3%4)")
                        .arg(request.destinationName, request.reason,
                             request.fullRefresh ? QStringLiteral(", full refresh") : QString(),
                             tags.isEmpty() ? QString() : QStringLiteral(", tags ") + tags.join(QLatin1Char(' ')));
    event.fields = QString::fromStdString(nlohmann::json{{"reason", request.reason.toStdString()},
                                                         {"full_refresh", request.fullRefresh},
                                                         {"models", models}}
                                              .dump());
    if (Status logged = LogStore(m_db).append(event); !logged)
        return logged.error();
    return id;
}

namespace {

const char kTransferColumns[] =
    "id, destination_id, destination_name, recipient_name, status, is_full_refresh, requested_models, window_start, "
    "window_end, reason, submitted_at, started_at, ended_at, heartbeat_at, worker_id, cancel_requested, "
    "rows_transferred, bytes_transferred, error_code, error_title, error_message, error_blame, error_hint";

Error unknownTransfer(const QString &id)
{
    return Error{QStringLiteral("FERRY-TRANSFER-UNKNOWN"), QStringLiteral("No such transfer"),
                 QStringLiteral("no transfer has the id \"%1\"").arg(id),
                 QStringLiteral("'ferryctl transfer list' shows the ids"), Blame::Config};
}

Blame blameFromName(const QString &name)
{
    for (Blame blame : {Blame::Config, Blame::Source, Blame::Destination, Blame::Ferry}) {
        if (blameName(blame) == name)
            return blame;
    }
    return Blame::Ferry;
}

std::optional<Error> errorAt(const QSqlQuery &query, int first)
{
    if (query.value(first).isNull())
        return std::nullopt;
    return Error{query.value(first).toString(), query.value(first + 1).toString(), query.value(first + 2).toString(),
                 query.value(first + 4).toString(), blameFromName(query.value(first + 3).toString())};
}

void bindError(QSqlQuery &query, const std::optional<Error> &error)
{
    const QVariant null(QMetaType(QMetaType::QString));
    query.addBindValue(error ? QVariant(error->code) : null);
    query.addBindValue(error ? QVariant(error->title) : null);
    query.addBindValue(error ? QVariant(error->message) : null);
    query.addBindValue(error ? QVariant(blameName(error->blame)) : null);
    query.addBindValue(error ? QVariant(error->hint) : null);
}

TransferRecord recordAt(const QSqlQuery &query)
{
    TransferRecord record;
    record.id = query.value(0).toString();
    record.destinationId = query.value(1).toString();
    record.destinationName = query.value(2).toString();
    record.recipientName = query.value(3).toString();
    record.status = query.value(4).toString();
    record.fullRefresh = query.value(5).toBool();
    const auto models = nlohmann::json::parse(query.value(6).toString().toStdString(), nullptr, false);
    if (models.is_array()) {
        for (const auto &model : models)
            record.models << QString::fromStdString(model.get<std::string>());
    }
    record.windowStart = query.value(7).toString();
    record.windowEnd = query.value(8).toString();
    record.reason = query.value(9).toString();
    record.submittedAt = StateDatabase::fromDatabaseTime(query.value(10));
    record.startedAt = StateDatabase::fromDatabaseTime(query.value(11));
    record.endedAt = StateDatabase::fromDatabaseTime(query.value(12));
    record.heartbeatAt = StateDatabase::fromDatabaseTime(query.value(13));
    record.workerId = query.value(14).toString();
    record.cancelRequested = query.value(15).toBool();
    record.rowsTransferred = query.value(16).toLongLong();
    record.bytesTransferred = query.value(17).toLongLong();
    record.error = errorAt(query, 18);
    return record;
}

} // namespace

Result<QList<ModelMetrics>> TransferStore::models(const QString &transferId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "SELECT model_name, status, mode, cursor_from, cursor_to, most_recent_last_updated_at, windows_done, "
        "windows_planned, rows_read, rows_written, bytes, started_at, ended_at, error_phase, error_code, error_title, "
        "error_message, error_blame, error_hint FROM transfer_models WHERE transfer_id = ? ORDER BY model_name"));
    query.addBindValue(transferId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading a transfer's models"));
    QList<ModelMetrics> result;
    while (query.next()) {
        ModelMetrics m;
        m.modelName = query.value(0).toString();
        m.status = query.value(1).toString();
        m.mode = query.value(2).toString();
        m.cursorFrom = query.value(3).toString();
        m.cursorTo = query.value(4).toString();
        m.mostRecentLastUpdatedAt = query.value(5).toString();
        m.windowsDone = query.value(6).toInt();
        m.windowsPlanned = query.value(7).toInt();
        m.rowsRead = query.value(8).toLongLong();
        m.rowsWritten = query.value(9).toLongLong();
        m.bytes = query.value(10).toLongLong();
        m.startedAt = StateDatabase::fromDatabaseTime(query.value(11));
        m.endedAt = StateDatabase::fromDatabaseTime(query.value(12));
        m.errorPhase = query.value(13).toString();
        m.error = errorAt(query, 14);
        result << m;
    }
    return result;
}

Result<TransferRecord> TransferStore::load(const QString &id)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT %1 FROM transfers WHERE id = ?").arg(QLatin1String(kTransferColumns)));
    query.addBindValue(id);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading a transfer"));
    if (!query.next())
        return unknownTransfer(id);
    TransferRecord record = recordAt(query);
    QSqlQuery tags(m_db);
    tags.prepare(QStringLiteral("SELECT tag_key, tag_value FROM transfer_tags WHERE transfer_id = ?"));
    tags.addBindValue(id);
    if (!tags.exec())
        return stateQueryError(tags, QStringLiteral("reading tags"));
    while (tags.next())
        record.tags.insert(tags.value(0).toString(), tags.value(1).toString());
    Result<QList<ModelMetrics>> metrics = models(id);
    if (!metrics)
        return metrics.error();
    record.modelMetrics = *metrics;
    return record;
}

Result<QList<TransferRecord>> TransferStore::list(const TransferFilter &filter)
{
    QString sql = QStringLiteral("SELECT id FROM transfers t WHERE 1 = 1");
    QVariantList binds;
    if (!filter.status.isEmpty()) {
        sql += QStringLiteral(" AND status = ?");
        binds << filter.status;
    }
    if (!filter.destinationName.isEmpty()) {
        sql += QStringLiteral(" AND destination_name = ?");
        binds << filter.destinationName;
    }
    if (!filter.recipientName.isEmpty()) {
        sql += QStringLiteral(" AND recipient_name = ?");
        binds << filter.recipientName;
    }
    for (auto it = filter.tags.cbegin(); it != filter.tags.cend(); ++it) {
        sql += QStringLiteral(" AND EXISTS (SELECT 1 FROM transfer_tags g WHERE g.transfer_id = t.id AND g.tag_key = ? "
                              "AND g.tag_value = ?)");
        binds << it.key() << it.value();
    }
    sql += QStringLiteral(" ORDER BY submitted_at DESC, id DESC LIMIT %1").arg(qMax(1, filter.limit));
    QSqlQuery query(m_db);
    query.prepare(sql);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("listing transfers"));
    QStringList ids;
    while (query.next())
        ids << query.value(0).toString();
    QList<TransferRecord> records;
    for (const QString &id : ids) {
        Result<TransferRecord> record = load(id);
        if (!record)
            return record.error();
        records << *record;
    }
    return records;
}

Result<QList<TransferSummary>> TransferStore::page(const TransferQuery &query, const std::optional<TransferPageKey> &after,
                                                   int limit)
{
    TransferSummaryReader reader(m_db);
    const Result<TransferSummaryReader::TagPlan> tagPlan = reader.tagPlanForPage(query);
    if (!tagPlan)
        return tagPlan.error();
    const Result<TransferSummaryReader::TextPlan> textPlan = reader.textPlan(query, true);
    if (!textPlan)
        return textPlan.error();
    TransferSummaryReader::Condition condition = reader.where(query, *tagPlan, *textPlan);
    if (after) {
        // A row value compares like the ORDER BY, so the index on (submitted_at, id) starts right after the key.
        condition.sql += QStringLiteral(" AND (t.submitted_at, t.id) < (?, ?)");
        condition.binds << StateDatabase::toDatabaseTime(m_db, after->submittedAt) << after->id;
    }
    return reader.read(condition, QStringLiteral("t.submitted_at DESC, t.id DESC"), qMax(1, limit),
                       QStringLiteral("reading a page of transfers"));
}

Result<qint64> TransferStore::count(const TransferQuery &query)
{
    TransferSummaryReader reader(m_db);
    const Result<TransferSummaryReader::TextPlan> textPlan = reader.textPlan(query, false);
    if (!textPlan)
        return textPlan.error();
    return reader.count(reader.where(query, TransferSummaryReader::TagPlan::FromTagIndex, *textPlan));
}

Result<QList<TransferSummary>> TransferStore::changedSince(const QDateTime &since, int limit)
{
    TransferSummaryReader reader(m_db);
    TransferSummaryReader::Condition condition;
    condition.sql = QStringLiteral("t.updated_at >= ?");
    condition.binds << StateDatabase::toDatabaseTime(m_db, since);
    return reader.read(condition, QStringLiteral("t.updated_at DESC, t.id DESC"), qMax(1, limit),
                       QStringLiteral("reading changed transfers"));
}

Result<TransferSummary> TransferStore::summary(const QString &id)
{
    TransferSummaryReader reader(m_db);
    TransferSummaryReader::Condition condition;
    condition.sql = QStringLiteral("t.id = ?");
    condition.binds << id;
    const Result<QList<TransferSummary>> found =
        reader.read(condition, QStringLiteral("t.id"), 1, QStringLiteral("reading a transfer"));
    if (!found)
        return found.error();
    if (found->isEmpty())
        return unknownTransfer(id);
    return found->first();
}

Result<QList<DestinationActivity>> TransferStore::destinationActivity()
{
    return TransferSummaryReader(m_db).destinationActivity();
}

Result<QList<ModelActivity>> TransferStore::modelActivity(const QString &destinationId)
{
    return TransferSummaryReader(m_db).modelActivity(destinationId);
}

Result<bool> TransferStore::heartbeat(const QString &id, const QString &workerId, const QDateTime &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE transfers SET heartbeat_at = ?, updated_at = %1 WHERE id = ? AND status = 'RUNNING' "
                                 "AND worker_id = ?").arg(StateDatabase::currentTimeSql(m_db)));
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, now));
    query.addBindValue(id);
    query.addBindValue(workerId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("sending a heartbeat"));
    return query.numRowsAffected() == 1;
}

Result<bool> TransferStore::cancelRequested(const QString &id)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT cancel_requested FROM transfers WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("checking for a cancel"));
    return query.next() && query.value(0).toBool();
}

Result<bool> TransferStore::saveModel(const QString &transferId, const QString &workerId, const ModelMetrics &m)
{
    // One statement: the row is written only while the owner holds the transfer (the WHERE also keeps SQLite from
    // reading ON CONFLICT as part of the SELECT).
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO transfer_models (transfer_id, model_name, status, mode, cursor_from, cursor_to, "
        "most_recent_last_updated_at, windows_done, windows_planned, rows_read, rows_written, bytes, started_at, "
        "ended_at, error_phase, error_code, error_title, error_message, error_blame, error_hint) "
        "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM transfers WHERE "
        "id = ? AND status = 'RUNNING' AND worker_id = ?) ON CONFLICT (transfer_id, model_name) DO UPDATE SET "
        "status = excluded.status, mode = excluded.mode, cursor_from = excluded.cursor_from, cursor_to = "
        "excluded.cursor_to, most_recent_last_updated_at = excluded.most_recent_last_updated_at, windows_done = "
        "excluded.windows_done, windows_planned = excluded.windows_planned, rows_read = excluded.rows_read, "
        "rows_written = excluded.rows_written, bytes = excluded.bytes, started_at = excluded.started_at, ended_at = "
        "excluded.ended_at, error_phase = excluded.error_phase, error_code = excluded.error_code, error_title = "
        "excluded.error_title, error_message = excluded.error_message, error_blame = excluded.error_blame, "
        "error_hint = excluded.error_hint"));
    const QVariant null(QMetaType(QMetaType::QString));
    auto text = [&](const QString &value) { return value.isEmpty() ? null : QVariant(value); };
    auto time = [&](const QDateTime &value) {
        return value.isValid() ? StateDatabase::toDatabaseTime(m_db, value) : QVariant(QMetaType(QMetaType::QDateTime));
    };
    query.addBindValue(transferId);
    query.addBindValue(m.modelName);
    query.addBindValue(m.status);
    query.addBindValue(text(m.mode));
    query.addBindValue(text(m.cursorFrom));
    query.addBindValue(text(m.cursorTo));
    query.addBindValue(text(m.mostRecentLastUpdatedAt));
    query.addBindValue(m.windowsDone);
    query.addBindValue(m.windowsPlanned);
    query.addBindValue(m.rowsRead);
    query.addBindValue(m.rowsWritten);
    query.addBindValue(m.bytes);
    query.addBindValue(time(m.startedAt));
    query.addBindValue(time(m.endedAt));
    query.addBindValue(text(m.errorPhase));
    bindError(query, m.error);
    query.addBindValue(transferId);
    query.addBindValue(workerId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("recording a model's progress"));
    if (query.numRowsAffected() != 1)
        return false;
    // The transfer changed with its model (watchers poll updated_at), under the same guard.
    query.prepare(QStringLiteral("UPDATE transfers SET updated_at = %1 WHERE id = ? AND status = 'RUNNING' AND worker_id = ?")
                      .arg(StateDatabase::currentTimeSql(m_db)));
    query.addBindValue(transferId);
    query.addBindValue(workerId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("recording a model's progress"));
    return query.numRowsAffected() == 1;
}

Result<bool> TransferStore::finish(const QString &id, const QString &workerId, const QString &status, qint64 rows,
                                   qint64 bytes, const std::optional<Error> &error, const QDateTime &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE transfers SET status = ?, ended_at = ?, rows_transferred = ?, bytes_transferred = ?, "
                                 "error_code = ?, error_title = ?, error_message = ?, error_blame = ?, error_hint = ?, "
                                 "updated_at = %1 WHERE id = ? AND status = 'RUNNING' AND worker_id = ?")
                      .arg(StateDatabase::currentTimeSql(m_db)));
    query.addBindValue(status);
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, now));
    query.addBindValue(rows);
    query.addBindValue(bytes);
    bindError(query, error);
    query.addBindValue(id);
    query.addBindValue(workerId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("finishing a transfer"));
    return query.numRowsAffected() == 1;
}

Result<QString> TransferStore::cancel(const QString &id, const QDateTime &now)
{
    // The status and its log event together, or neither.
    TransactionGuard transaction(m_db);
    if (!transaction.isActive())
        return transaction.error();
    const QString nowSql = StateDatabase::currentTimeSql(m_db);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE transfers SET status = 'CANCELLED', ended_at = ?, updated_at = %1 WHERE id = ? "
                                 "AND status = 'PENDING'").arg(nowSql));
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, now));
    query.addBindValue(id);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("cancelling a transfer"));
    LogEvent event;
    event.at = now;
    event.category = QStringLiteral("queue");
    event.transferId = id;
    if (query.numRowsAffected() == 1) {
        event.message = QStringLiteral("cancelled before it ran");
    } else {
        query.prepare(QStringLiteral("UPDATE transfers SET cancel_requested = ?, updated_at = %1 WHERE id = ? AND "
                                     "status = 'RUNNING' AND cancel_requested = ?").arg(nowSql));
        query.addBindValue(true);
        query.addBindValue(id);
        query.addBindValue(false);
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("killing a transfer"));
        if (query.numRowsAffected() == 1) {
            event.level = QStringLiteral("warning");
            event.message = QStringLiteral("kill requested: the transfer stops at its next batch");
        }
    }
    if (!event.message.isEmpty()) {
        if (Status logged = LogStore(m_db).append(event); !logged)
            return logged.error();
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    Result<TransferRecord> record = load(id);
    if (!record)
        return record.error();
    return record->status;
}

Result<QStringList> TransferStore::orphanStale(const QDateTime &staleBefore, const QDateTime &now,
                                               const QString &ownWorkerPrefix)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT id, worker_id, heartbeat_at FROM transfers WHERE status = 'RUNNING' AND (heartbeat_at IS NULL OR "
                                 "heartbeat_at < ?) AND (worker_id IS NULL OR ? = '' OR substr(worker_id, 1, length(?)) <> ?)"));
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, staleBefore));
    // A null QString binds as NULL, and "NULL = ''" would spare every transfer: no prefix is the empty text.
    const QString prefix = ownWorkerPrefix.isEmpty() ? QStringLiteral("") : ownWorkerPrefix;
    query.addBindValue(prefix);
    query.addBindValue(prefix);
    query.addBindValue(prefix);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("looking for orphaned transfers"));
    struct Stale
    {
        QString id, workerId;
        QDateTime heartbeatAt;
    };
    QList<Stale> stale;
    while (query.next())
        stale << Stale{query.value(0).toString(), query.value(1).toString(), StateDatabase::fromDatabaseTime(query.value(2))};
    query.finish();
    const QString nowSql = StateDatabase::currentTimeSql(m_db);
    QStringList ids;
    for (const auto &[id, workerId, heartbeatAt] : std::as_const(stale)) {
        Error error{QStringLiteral("FERRY-ORPHANED"), QStringLiteral("Worker stopped"),
                    QStringLiteral("the worker running this transfer stopped sending heartbeats"),
                    QStringLiteral("checkpoints stay at the last published window; the next transfer resumes there"),
                    Blame::Ferry};
        // The transfer, its running models and the log event in one transaction.
        TransactionGuard transaction(m_db);
        if (!transaction.isActive())
            return transaction.error();
        QSqlQuery update(m_db);
        update.prepare(QStringLiteral("UPDATE transfers SET status = 'ORPHANED', ended_at = ?, error_code = ?, error_title = ?, "
                                      "error_message = ?, error_blame = ?, error_hint = ?, updated_at = %1 WHERE id = ? AND "
                                      "status = 'RUNNING'").arg(nowSql));
        update.addBindValue(StateDatabase::toDatabaseTime(m_db, now));
        bindError(update, error);
        update.addBindValue(id);
        if (!update.exec())
            return stateQueryError(update, QStringLiteral("marking a transfer orphaned"));
        if (update.numRowsAffected() != 1)
            continue; // it ended meanwhile
        update.prepare(QStringLiteral("UPDATE transfer_models SET status = 'ORPHANED' WHERE transfer_id = ? AND status = 'RUNNING'"));
        update.addBindValue(id);
        if (!update.exec())
            return stateQueryError(update, QStringLiteral("marking a transfer orphaned"));
        LogEvent event;
        event.at = now;
        event.level = QStringLiteral("warning");
        event.category = QStringLiteral("queue");
        event.transferId = id;
        event.phase = QStringLiteral("cleanup");
        event.message = heartbeatAt.isValid()
                            ? QStringLiteral("marked ORPHANED: worker %1 sent no heartbeat since %2")
                                  .arg(workerId, heartbeatAt.toString(Qt::ISODate))
                            : QStringLiteral("marked ORPHANED: worker %1 never sent a heartbeat").arg(workerId);
        if (Status logged = LogStore(m_db).append(event); !logged)
            return logged.error();
        if (Status committed = transaction.commit(); !committed)
            return committed.error();
        ids << id;
    }
    return ids;
}

} // namespace ferry
