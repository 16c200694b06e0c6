#include "engine/transfer_runner.h"

#include "config/database_identity.h"
#include "connectors/destination_writer.h"
#include "rows/canonical_value.h"
#include "log/log_categories.h"
#include "state/log_store.h"
#include "state/transfer_store.h"
#include "state/workspace_store.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <vector>

namespace ferry {

TransferRunner::TransferRunner(std::shared_ptr<StateDatabase> state, Options options)
    : m_state(std::move(state)), m_options(std::move(options))
{
}

QString TransferRunner::finalStatus(const QList<ModelMetrics> &models)
{
    int succeeded = 0;
    for (const ModelMetrics &model : models) {
        if (model.status == QLatin1String("KILLED"))
            return QStringLiteral("KILLED");
        if (model.status == QLatin1String("SUCCESS"))
            ++succeeded;
    }
    if (succeeded == models.size())
        return QStringLiteral("SUCCESS");
    return succeeded == 0 ? QStringLiteral("ERROR") : QStringLiteral("PARTIAL_FAILURE");
}

void TransferRunner::log(LogEvent event)
{
    event.at = m_options.clock();
    qCInfo(lcEngine).noquote() << event.transferId.left(8) << event.modelName << event.phase << event.message;
    LogStore(m_state->connection()).append(event);
}

bool TransferRunner::shouldStop(const QString &transferId)
{
    QMutexLocker lock(&m_stopMutex); // models of one transfer may run on several lanes
    if (m_killed || m_lost)
        return true;
    if ((m_options.stopRequested && m_options.stopRequested()) || m_options.queries->cancelled(transferId)) {
        m_killed = true;
        return true;
    }
    return false;
}

void TransferRunner::lostOwnership(const QString &transferId)
{
    {
        QMutexLocker lock(&m_stopMutex);
        if (m_lost)
            return;
        m_lost = true;
    }
    // Whatever runs for it now is interrupted: nothing more of it is published.
    m_options.queries->cancel(transferId);
    log({0, {}, QStringLiteral("error"), QStringLiteral("engine"), transferId, {}, QStringLiteral("cleanup"),
         QStringLiteral("worker %1 no longer owns this transfer (another process marked it ORPHANED or took it "
                        "over): it stops before its next publish and records nothing more")
             .arg(m_options.workerId),
         QStringLiteral("{}")});
}

void TransferRunner::saveModel(const QString &transferId, const ModelMetrics &metrics)
{
    const Result<bool> owned = TransferStore(m_state->connection()).saveModel(transferId, m_options.workerId, metrics);
    if (!owned)
        qCWarning(lcEngine).noquote() << transferId.left(8) << "progress not recorded:" << owned.error().toString();
    else if (!*owned)
        lostOwnership(transferId);
}

Result<QString> TransferRunner::finish(const QString &transferId, const QString &status, qint64 rows, qint64 bytes,
                                       const std::optional<Error> &error)
{
    TransferStore store(m_state->connection());
    const Result<bool> owned = store.finish(transferId, m_options.workerId, status, rows, bytes, error, m_options.clock());
    if (owned && !*owned)
        lostOwnership(transferId);
    m_options.queries->forget(transferId);
    if (!owned)
        return owned.error();
    if (*owned)
        return status;
    const Result<TransferRecord> record = store.load(transferId);
    if (!record)
        return record.error();
    log({0, {}, QStringLiteral("error"), QStringLiteral("engine"), transferId, {}, QStringLiteral("cleanup"),
         QStringLiteral("the transfer ended %1 on worker %2, which no longer owns it: its status stays %3")
             .arg(status, m_options.workerId, record->status),
         QStringLiteral("{}")});
    return record->status;
}

Result<QString> TransferRunner::finishWithError(const TransferRecord &record, TransferPhase phase, const Error &error,
                                                const QStringList &models)
{
    for (const QString &name : models) {
        ModelMetrics metrics;
        metrics.modelName = name;
        metrics.status = QStringLiteral("ERROR");
        metrics.errorPhase = phaseName(phase);
        metrics.error = error;
        saveModel(record.id, metrics);
    }
    LogEvent event;
    event.level = QStringLiteral("error");
    event.transferId = record.id;
    event.phase = phaseName(phase);
    event.message = error.toString();
    log(event);
    return finish(record.id, QStringLiteral("ERROR"), 0, 0, error);
}

Result<QString> TransferRunner::runClaimed(const QString &transferId)
{
    const Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
    TransferStore store(m_state->connection());
    Result<TransferRecord> record = store.load(transferId);
    if (!record)
        return record.error();
    const Destination *destination =
        workspace ? workspace->destinationFor(record->destinationId, record->destinationName) : nullptr;
    const QDateTime started = m_options.clock();
    m_killed = false;
    m_lost = false;
    log({0, {}, QStringLiteral("info"), QStringLiteral("engine"), transferId, {}, QStringLiteral("connect"),
         QStringLiteral("transfer to %1 started on worker %2").arg(record->destinationName, m_options.workerId),
         QStringLiteral("{}")});

    if (!workspace)
        return finishWithError(*record, TransferPhase::Plan, workspace.error(), record->models);
    const Recipient *recipient = destination ? workspace->recipient(destination->recipient) : nullptr;
    if (!destination || !recipient) {
        return finishWithError(*record, TransferPhase::Plan,
                               Error{QStringLiteral("FERRY-CONFIG-DESTINATION"), QStringLiteral("Destination not found"),
                                     QStringLiteral("destination \"%1\" (or its recipient) is no longer in the workspace")
                                         .arg(record->destinationName),
                                     QStringLiteral("apply a workspace that has it"), Blame::Config},
                               record->models);
    }
    // Validation refuses it; this keeps state written before that check from overwriting a source.
    if (const Source *source = DatabaseIdentity::sourceAt(*workspace, *destination)) {
        return finishWithError(*record, TransferPhase::Plan,
                               Error{QStringLiteral("FERRY-CONFIG-DESTINATION-IS-SOURCE"), QStringLiteral("Destination is a source"),
                                     QStringLiteral("destination \"%1\" writes where source \"%2\" reads (%3)")
                                         .arg(destination->name, source->name,
                                              DatabaseIdentity::of(destination->vendor, destination->connection)),
                                     QStringLiteral("point the destination at another database, schema or file"), Blame::Config},
                               record->models);
    }
    QStringList models = workspace->modelNamesFor(*destination);
    if (!record->models.isEmpty()) {
        for (const QString &requested : record->models) {
            if (!models.contains(requested)) {
                return finishWithError(*record, TransferPhase::Plan,
                                       Error{QStringLiteral("FERRY-CONFIG-MODEL"), QStringLiteral("Model not delivered"),
                                             QStringLiteral("destination \"%1\" does not receive model \"%2\"")
                                                 .arg(destination->name, requested),
                                             QStringLiteral("add the model to one of the destination's products"),
                                             Blame::Config},
                                       record->models);
            }
        }
        models = record->models;
    }

    PlanRequest request;
    request.fullRefresh = record->fullRefresh;
    request.explicitStart = record->windowStart.toLatin1();
    request.explicitEnd = record->windowEnd.toLatin1();
    request.now = started;

    std::optional<Error> connectError;
    const QList<std::optional<ModelMetrics>> ran =
        runModels(transferId, models, *workspace, *destination, *recipient, request, connectError);
    QList<ModelMetrics> results;
    for (qsizetype i = 0; i < models.size(); ++i) {
        if (ran[i]) {
            results << *ran[i];
        } else if (connectError) {
            // A lane that could not reach the destination fails only the models that did not run: what other
            // lanes published stays recorded as published.
            ModelMetrics metrics;
            metrics.modelName = models[i];
            metrics.status = QStringLiteral("ERROR");
            metrics.errorPhase = phaseName(TransferPhase::Connect);
            metrics.error = connectError;
            saveModel(transferId, metrics);
            results << metrics;
        }
    }
    qint64 rows = 0, bytes = 0;
    for (const ModelMetrics &metrics : results) {
        rows += metrics.rowsWritten;
        bytes += metrics.bytes;
    }
    const QString status = finalStatus(results);
    std::optional<Error> error = connectError;
    for (const ModelMetrics &metrics : results) {
        if (metrics.error && !error)
            error = metrics.error;
    }
    if (status == QLatin1String("SUCCESS"))
        error.reset();
    log({0, {}, status == QLatin1String("SUCCESS") ? QStringLiteral("info") : QStringLiteral("error"),
         QStringLiteral("engine"), transferId, {}, QStringLiteral("cleanup"),
         QStringLiteral("transfer ended %1: %2 row(s)").arg(status).arg(rows),
         QStringLiteral("{\"rows\":%1,\"bytes\":%2}").arg(rows).arg(bytes)});
    return finish(transferId, status, rows, bytes, error);
}

QList<std::optional<ModelMetrics>> TransferRunner::runModels(const QString &transferId, const QStringList &models,
                                                             const Workspace &workspace, const Destination &destination,
                                                             const Recipient &recipient, const PlanRequest &request,
                                                             std::optional<Error> &connectError)
{
    // Models run on up to max_concurrent_queries_per_transfer lanes (this thread and helpers), each lane with its
    // own destination connection, and no more models of one source at once than that source allows.
    QMutex mutex;
    QWaitCondition changed;
    QList<std::optional<ModelMetrics>> results(models.size());
    QList<int> waiting;
    for (int i = 0; i < models.size(); ++i)
        waiting << i;
    QMap<QString, int> runningPerSource;
    bool stopped = false;
    const int lanes = int(qBound(qsizetype(1), qsizetype(destination.effectiveMaxConcurrentQueriesPerTransfer()), models.size()));

    auto lane = [&](bool ownThread) {
        // Opened by this lane's first model once its reader has started (both connections are made at once).
        std::unique_ptr<DestinationWriter> writer;
        std::optional<Error> openError;
        auto openWriter = [&]() -> Result<DestinationWriter *> {
            if (!writer && !openError) {
                Result<std::unique_ptr<DestinationWriter>> opened = DestinationWriter::open(destination);
                if (opened)
                    writer = std::move(*opened);
                else
                    openError = opened.error();
            }
            if (openError)
                return *openError;
            return writer.get();
        };
        for (;;) {
            int index = -1;
            QString sourceKey;
            const Model *model = nullptr;
            const Source *source = nullptr;
            {
                QMutexLocker lock(&mutex);
                while (!stopped && !waiting.isEmpty()) {
                    for (int candidate : std::as_const(waiting)) {
                        const Model *m = workspace.model(models[candidate]);
                        const Source *src = m ? workspace.sourceOf(*m) : nullptr;
                        const QString key = src ? src->name : QString();
                        if (!src || runningPerSource.value(key) < qMax(1, src->effectiveMaxConcurrentQueriesPerTransfer())) {
                            index = candidate;
                            model = m;
                            source = src;
                            sourceKey = key;
                            break;
                        }
                    }
                    if (index >= 0)
                        break;
                    changed.wait(&mutex); // every candidate's source is busy: wait for a model to end
                }
                if (index < 0)
                    break;
                waiting.removeOne(index);
                if (source)
                    ++runningPerSource[sourceKey];
            }
            ModelMetrics metrics;
            if (!model || !source) {
                metrics.modelName = models[index];
                metrics.status = QStringLiteral("ERROR");
                metrics.errorPhase = phaseName(TransferPhase::Plan);
                metrics.error = Error{QStringLiteral("FERRY-CONFIG-MODEL"), QStringLiteral("Model or source missing"),
                                      QStringLiteral("model \"%1\" or its source is not in the workspace").arg(models[index]),
                                      {}, Blame::Config};
                saveModel(transferId, metrics);
            } else {
                ModelTransferContext context;
                context.source = source;
                context.model = model;
                context.recipient = &recipient;
                context.destination = &destination;
                context.transferId = transferId;
                context.workerId = m_options.workerId;
                context.request = request;
                context.state = m_state;
                context.writer = openWriter;
                context.hooks = &m_options.hooks;
                context.queries = m_options.queries.get();
                context.shouldStop = [this, transferId] { return shouldStop(transferId); };
                context.progress = [this, transferId](const ModelMetrics &progress) {
                    saveModel(transferId, progress);
                    if (m_options.progress)
                        m_options.progress(transferId, progress);
                };
                context.log = [this](LogEvent event) { log(std::move(event)); };
                metrics = ModelTransfer(context).run();
            }
            QMutexLocker lock(&mutex);
            results[index] = metrics;
            if (source)
                --runningPerSource[sourceKey];
            if (openError && !connectError)
                connectError = openError;
            // A kill, a lost ownership, or a destination that cannot be reached, ends the transfer: the remaining
            // models do not start.
            if (openError || metrics.status == QLatin1String("KILLED") || shouldStop(transferId))
                stopped = true;
            changed.wakeAll();
        }
        writer.reset();
        if (ownThread)
            m_state->releaseThreadConnection();
    };
    std::vector<std::unique_ptr<QThread>> helpers;
    for (int i = 1; i < lanes; ++i) {
        helpers.emplace_back(QThread::create(lane, true));
        helpers.back()->setObjectName(QStringLiteral("ferry-model-lane-%1").arg(i + 1));
        helpers.back()->start();
    }
    lane(false);
    for (const auto &helper : helpers)
        helper->wait();
    return results;
}

} // namespace ferry
