#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

// One transfer as a history list shows it: the transfers row, its tags and its models' status counts, read for a
// whole page in one query (TransferStore::page), without the per-model details of a TransferRecord.
struct TransferSummary
{
    QString id;
    QString status;
    QString destinationId;
    QString destinationName;
    QString recipientName;
    QString reason;
    QString workerId;
    bool fullRefresh = false;
    QDateTime submittedAt;
    QDateTime startedAt;
    QDateTime endedAt;
    QDateTime updatedAt; // the last write to the transfer or one of its models (migration 4)
    qint64 rowsTransferred = 0;
    qint64 bytesTransferred = 0;
    QMap<QString, QString> tags;
    // Per-model status counts and progress, summed over transfer_models.
    int modelCount = 0;
    int modelsSucceeded = 0;
    int modelsFailed = 0; // ERROR, KILLED, ORPHANED, CANCELLED
    int modelsRunning = 0;
    int windowsDone = 0;
    int windowsPlanned = 0;
    qint64 rowsRead = 0; // live progress of a running transfer (rows_transferred is written at its end)
    QString errorCode;
    QString errorTitle;

    // Milliseconds from start to end (or to `now` while running); nullopt before it started.
    std::optional<qint64> durationMs(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
};

// Where a page of the newest-first history starts: the last row of the previous page (keyset paging, never OFFSET).
struct TransferPageKey
{
    QDateTime submittedAt;
    QString id;
};

// The history list's filters; empty fields match everything.
struct TransferQuery
{
    QStringList statuses;
    QString destinationId;
    QString recipientName;
    QString tagKey;   // with tagValue: transfers carrying that tag (driven from the tag index)
    QString tagValue; // empty with a key: any value
    QDateTime submittedFrom; // inclusive
    QDateTime submittedTo;   // exclusive
    // A substring (case-insensitive, '%' and '_' literal) of the id, a tag value, or the error's code, title or message
    // of the transfer or of one of its models; served by the trigram index of migration 5.
    QString text;

    bool isEmpty() const;
    friend bool operator==(const TransferQuery &, const TransferQuery &) = default;
};

// The newest transfer to one destination, and its newest successful one (Recipients page).
struct DestinationActivity
{
    QString destinationId;
    std::optional<TransferSummary> latest;
    std::optional<TransferSummary> latestSuccess;
    int running = 0;
    int pending = 0;
};

// One model's last results at one destination (Recipients page).
struct ModelActivity
{
    QString destinationId;
    QString modelName;
    QString lastStatus;          // of the newest transfer that included the model
    QString lastTransferId;
    QDateTime lastEndedAt;
    QString lastSuccessTransferId;
    QDateTime lastSuccessAt;     // ended_at of the newest SUCCESS of this model
    qint64 lastSuccessRows = 0;  // rows written by that success
    QString lastErrorCode;       // of the newest transfer, when it failed
    QString lastErrorTitle;
};

} // namespace ferry
