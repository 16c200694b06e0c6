#pragma once

#include "config/workspace.h"
#include "connectors/destination_writer.h"
#include "connectors/source_reader.h"
#include "engine/running_queries.h"
#include "engine/window_planner.h"
#include "state/log_store.h"
#include "state/state_database.h"
#include "state/transfer_record.h"

#include <functional>
#include <memory>

namespace ferry {

// Test seams of the engine: a failure injected before a window is published, a slowed load, and the progress cadence.
struct EngineHooks
{
    // Called before window `windowIndex` (0-based) of `model` is published; an Error fails the model there.
    std::function<Status(const QString &model, int windowIndex)> beforePublish;
    // Called on the model's thread after each batch is staged, with the rows read so far (a test slows a load here).
    std::function<void(const QString &model, qint64 rowsRead)> afterBatch;
    // How often a running model reports its rows at most between window ends (ModelTransferContext::progress).
    int progressIntervalMs = 1000;
};

// Everything one model's transfer needs; the runner owns it all and outlives the ModelTransfer.
struct ModelTransferContext
{
    const Source *source = nullptr;
    const Model *model = nullptr;
    const Recipient *recipient = nullptr;
    const Destination *destination = nullptr;
    QString transferId;
    QString workerId; // the transfer's owner: checkpoints move only while it still runs there
    PlanRequest request;
    std::shared_ptr<StateDatabase> state;
    // Opens the destination on first use (then the same writer for every model): called once the source reader
    // has started, so connecting to both overlaps.
    std::function<Result<DestinationWriter *>()> writer;
    const EngineHooks *hooks = nullptr;
    RunningQueries *queries = nullptr; // where the reader's and writer's connections register for a kill
    std::function<bool()> shouldStop;                       // kill requested
    // After each window, and while a window loads, every EngineHooks::progressIntervalMs at most (rows so far).
    std::function<void(const ModelMetrics &)> progress;
    std::function<void(LogEvent)> log;
};

// Moves one model for one transfer: plans its windows, reads them on a reader thread into a bounded queue, stages
// and publishes each (or builds the table aside and swaps it in), and advances the checkpoint after each publish.
class ModelTransfer
{
public:
    explicit ModelTransfer(ModelTransferContext context);

    // Runs to the end; the metrics say SUCCESS, ERROR (with phase and error) or KILLED.
    ModelMetrics run();

    // The load mode for a plan and the table as it is (shared with plans, so a dry run says what a run does). The
    // first transfer of a model to a destination rebuilds: a table already there (made by hand, another tenant's
    // leftovers) is replaced, never merged into.
    static LoadMode chooseLoadMode(const ModelPlan &plan, const TableState &table, const TableSpec &spec);

private:
    // How one attempt at loading the model ended: done (success or failure, in the metrics), or a writer that
    // needs the rows in last-modified order (DestinationWriter::kRowsOutOfOrderCode), with nothing published.
    // Or a destination table that is gone while its checkpoint remains: the model is delivered again from the start.
    enum class Attempt { Ended, ReadAgainOrdered, TableMissing };
    Attempt load(const ModelPlan &plan, const SourceQuerySpec &spec);
    // Stamps the end time and reports the metrics once more.
    ModelMetrics finished();
    bool fail(TransferPhase phase, const Error &error);
    // Rebuild: swaps the table built aside in, then moves the checkpoint. False (and the model failed) otherwise.
    bool swapIn(DestinationWriter &writer, const ModelPlan &plan);
    Status saveCheckpoint(const ModelPlan &plan, int windowsDone, bool runFinished);
    void log(const QString &phase, const QString &message, const QString &fields = QStringLiteral("{}"),
             const QString &level = QStringLiteral("info"));

    ModelTransferContext m_context;
    ModelMetrics m_metrics;
    QByteArray m_maxLastModified; // largest last-modified value delivered by this transfer, canonical
    std::optional<Checkpoint> m_checkpoint; // as this transfer last read or wrote it
};

} // namespace ferry
