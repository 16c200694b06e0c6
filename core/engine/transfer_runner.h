#pragma once

#include "engine/model_transfer.h"
#include "state/state_database.h"
#include "state/transfer_record.h"

#include <QDateTime>
#include <QMutex>

#include <functional>
#include <memory>

namespace ferry {

// Runs one transfer its worker claimed (Dispatcher::claimNext) to its final status on the calling thread: connects
// to the destination, moves each model (ModelTransfer), records per-model metrics and log events in the state
// database, and honours a kill between batches. Its owner (WorkerPool) sends the heartbeats and marks kills in
// `queries`. Every state write of the transfer is guarded by its ownership: once another process marked it ORPHANED
// or took it over, the runner stops it before its next publish and writes nothing more about it.
class TransferRunner
{
public:
    struct Options
    {
        QString workerId = QStringLiteral("local");
        std::function<QDateTime()> clock = [] { return QDateTime::currentDateTimeUtc(); };
        EngineHooks hooks;
        // Called after each model's progress (windows, rows): the desktop app turns it into signals.
        std::function<void(const QString &transferId, const ModelMetrics &)> progress;
        // True when this worker is shutting down and its transfers must stop at the next batch (KILLED).
        std::function<bool()> stopRequested;
        // Where running statements register and where the owner marks kills (and lost ownership), so they
        // interrupt statements and are seen between batches.
        std::shared_ptr<RunningQueries> queries = std::make_shared<RunningQueries>();
    };

    TransferRunner(std::shared_ptr<StateDatabase> state, Options options);

    // Runs a transfer this worker already claimed (Dispatcher::claimNext) to its final status (the status its
    // row has, when this worker lost it meanwhile), or an Error when the state database failed.
    Result<QString> runClaimed(const QString &transferId);

    // SUCCESS when every model succeeded, KILLED when stopped, ERROR when every model failed, else PARTIAL_FAILURE.
    static QString finalStatus(const QList<ModelMetrics> &models);

private:
    void log(LogEvent event);
    bool shouldStop(const QString &transferId);
    // Records a model's metrics while this worker owns the transfer; stops the transfer once it does not.
    void saveModel(const QString &transferId, const ModelMetrics &metrics);
    void lostOwnership(const QString &transferId);
    // Writes the final status while this worker owns the transfer; returns the status the row has.
    Result<QString> finish(const QString &transferId, const QString &status, qint64 rows, qint64 bytes,
                           const std::optional<Error> &error);
    // Each model's metrics, in the order of `models`; nullopt for a model that did not run (after a kill, or once
    // a lane could not reach the destination: `connectError`).
    QList<std::optional<ModelMetrics>> runModels(const QString &transferId, const QStringList &models,
                                                 const Workspace &workspace, const Destination &destination,
                                                 const Recipient &recipient, const PlanRequest &request,
                                                 std::optional<Error> &connectError);
    Result<QString> finishWithError(const TransferRecord &record, TransferPhase phase, const Error &error,
                                    const QStringList &models);

    std::shared_ptr<StateDatabase> m_state;
    Options m_options;
    bool m_killed = false;
    bool m_lost = false; // another process marked the transfer ORPHANED or took it over
    QMutex m_stopMutex;
};

} // namespace ferry
