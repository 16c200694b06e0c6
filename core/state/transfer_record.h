#pragma once

#include "errors/error.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QStringList>

#include <optional>

namespace ferry {

// Where a failure happened while moving one model (SPEC: "which model, phase and window failed").
enum class TransferPhase { Connect, Plan, Read, Stage, Audit, Publish, Cleanup };
QString phaseName(TransferPhase phase);

// What one model of a transfer did: its row in transfer_models.
struct ModelMetrics
{
    QString modelName;
    QString status = QStringLiteral("PENDING");
    QString mode; // backfill, incremental, full_refresh
    QString cursorFrom;
    QString cursorTo;
    QString mostRecentLastUpdatedAt;
    int windowsDone = 0;
    int windowsPlanned = 0;
    qint64 rowsRead = 0;
    qint64 rowsWritten = 0;
    qint64 bytes = 0;
    QDateTime startedAt;
    QDateTime endedAt;
    QString errorPhase;
    std::optional<Error> error;
};

// One transfer as the state database holds it.
struct TransferRecord
{
    QString id;
    QString destinationId;
    QString destinationName;
    QString recipientName;
    QString status;
    bool fullRefresh = false;
    QStringList models; // requested subset; empty: every model
    QMap<QString, QString> tags;
    QString windowStart; // canonical timestamps of an explicit window, else empty
    QString windowEnd;
    QString reason;
    QDateTime submittedAt;
    QDateTime startedAt;
    QDateTime endedAt;
    QDateTime heartbeatAt;
    QString workerId;
    bool cancelRequested = false;
    qint64 rowsTransferred = 0;
    qint64 bytesTransferred = 0;
    std::optional<Error> error;
    QList<ModelMetrics> modelMetrics;

    bool isFinished() const;
};

} // namespace ferry
