#pragma once

#include "engine/model_transfer.h"
#include "state/state_database.h"
#include "state/transfer_record.h"

#include <QDateTime>
#include <QMutex>

#include <functional>
#include <memory>

namespace ferry {

// Runs one transfer from PENDING to its final status on the calling thread: claims it (under the dispatch rules),
// connects to the
// destination, moves each model (ModelTransfer), records per-model metrics, heartbeats and log events in the state
// database, and honours a kill between batches.
class TransferRunner
{
public:
    struct Options
    {
        QString workerId = QStringLiteral("local");
        std::function<QDateTime()> clock = [] { return QDateTime::currentDateTimeUtc(); };
        EngineHooks hooks;
        int heartbeatSeconds = 10;
        // Called after each model's progress (windows, rows): the desktop app turns it into signals.
        std::function<void(const QString &transferId, const ModelMetrics &)> progress;
        // True when this worker is shutting down and its transfers must stop at the next batch (KILLED).
        std::function<bool()> stopRequested;
        // Where running statements register, so a kill seen by another thread can interrupt them (optional).
        std::shared_ptr<RunningQueries> queries;
        // The owner (WorkerPool's housekeeping thread) sends the heartbeats and watches for kill requests, marking
        // them in `queries`: between batches the runner then only looks at those flags, not the state database.
        bool ownerWatches = false;
    };

    TransferRunner(std::shared_ptr<StateDatabase> state, Options options);

    // Claims and runs one PENDING transfer; returns its final status, or an Error when it could not be claimed
    // or the state database failed.
    Result<QString> run(const QString &transferId);
    // Runs a transfer this worker already claimed (Dispatcher::claimNext) to its final status.
    Result<QString> runClaimed(const QString &transferId);

    // SUCCESS when every model succeeded, KILLED when stopped, ERROR when every model failed, else PARTIAL_FAILURE.
    static QString finalStatus(const QList<ModelMetrics> &models);

private:
    void log(LogEvent event);
    bool shouldStop(const QString &transferId);
    // Runs a claimed transfer with the workspace as read by the caller.
    Result<QString> execute(const QString &transferId, const Result<Workspace> &workspace);
    QList<ModelMetrics> runModels(const QString &transferId, const QStringList &models, const Workspace &workspace,
                                  const Destination &destination, const Recipient &recipient, const PlanRequest &request,
                                  std::optional<Error> &connectError);
    Result<QString> finishWithError(const TransferRecord &record, TransferPhase phase, const Error &error,
                                    const QStringList &models);

    std::shared_ptr<StateDatabase> m_state;
    Options m_options;
    QDateTime m_lastHeartbeat;
    QDateTime m_lastCancelCheck;
    bool m_killed = false;
    QMutex m_stopMutex;
};

} // namespace ferry
