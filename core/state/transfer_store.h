#pragma once

#include "errors/result.h"
#include "state/transfer_record.h"
#include "state/transfer_summary.h"

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
    QString reason = QStringLiteral("user"); // user, schedule, type-change, changed-hands
    QString windowStart; // canonical timestamps of an explicit window (both or neither)
    QString windowEnd;
};

// Filters of `transfer list`; empty fields match everything.
struct TransferFilter
{
    QString status;
    QString destinationName;
    QString recipientName;
    QMap<QString, QString> tags;
    int limit = 100;
};

// The transfers queue in the state database. The engine and dispatcher build on it.
class TransferStore
{
public:
    explicit TransferStore(QSqlDatabase db);

    // Inserts a PENDING transfer and its tags, all or nothing; returns its id. Runs inside the caller's transaction,
    // if any (as a savepoint), else in its own.
    Result<QString> enqueue(const TransferRequest &request, const QDateTime &now = QDateTime::currentDateTimeUtc());

    Result<TransferRecord> load(const QString &id);
    Result<QList<TransferRecord>> list(const TransferFilter &filter);
    Result<bool> cancelRequested(const QString &id);

    // The history list (desktop app): one page of summaries, newest first by (submitted_at, id), starting after
    // `after` (nullopt: the newest), in one query. Keyset paging: no OFFSET, so page 1000 costs what page 1 does.
    Result<QList<TransferSummary>> page(const TransferQuery &query, const std::optional<TransferPageKey> &after,
                                        int limit);
    // How many transfers match; may be slow on a large history, so it runs as its own query, which
    // StateDatabase::interrupter() (called from another thread) stops with an error.
    Result<qint64> count(const TransferQuery &query);
    // Summaries of the transfers written (any column, or one of their models) at or after `since`, newest change
    // first: what a watcher polls to refresh rows it shows and to learn of new ones. Callers poll with a margin
    // (a few seconds before their last look): a transaction may commit after a later one.
    Result<QList<TransferSummary>> changedSince(const QDateTime &since, int limit = 500);
    Result<TransferSummary> summary(const QString &id);
    // Recipients page: per destination its newest transfer, newest success and running/pending counts; per model
    // of a destination its last results.
    Result<QList<DestinationActivity>> destinationActivity();
    Result<QList<ModelActivity>> modelActivity(const QString &destinationId);
    // The writes of a running transfer's owner. Each is guarded: it happens only while the transfer is RUNNING and
    // claimed by `workerId`, and returns false (writing nothing) once another process marked it ORPHANED, or
    // anything else took it over; the worker must then stop the transfer.
    Result<bool> heartbeat(const QString &id, const QString &workerId, const QDateTime &now);
    Result<bool> saveModel(const QString &transferId, const QString &workerId, const ModelMetrics &metrics);
    Result<bool> finish(const QString &id, const QString &workerId, const QString &status, qint64 rows, qint64 bytes,
                        const std::optional<Error> &error, const QDateTime &now);
    // PENDING becomes CANCELLED at once; RUNNING is asked to stop (the runner marks it KILLED). The new status, or
    // the unchanged one of a finished transfer.
    Result<QString> cancel(const QString &id, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // RUNNING transfers whose heartbeat is older than `staleBefore` become ORPHANED; returns their ids. Transfers
    // of workers whose id starts with `ownWorkerPrefix` (this process's own threads, alive by definition) are spared.
    Result<QStringList> orphanStale(const QDateTime &staleBefore, const QDateTime &now, const QString &ownWorkerPrefix = {});

private:
    Result<QString> insert(const TransferRequest &request, const QDateTime &now);
    Result<QList<ModelMetrics>> models(const QString &transferId);
    QSqlDatabase m_db;
};

} // namespace ferry
