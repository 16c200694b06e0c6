#include "engine/model_transfer.h"

#include "engine/batch_queue.h"
#include "engine/window_reader.h"
#include "rows/canonical_value.h"
#include "log/log_categories.h"
#include "state/checkpoint_store.h"

#include <QElapsedTimer>
#include <QThread>

namespace ferry {

namespace {

Error killedError()
{
    return Error{QStringLiteral("FERRY-KILLED"), QStringLiteral("Transfer killed"),
                 QStringLiteral("a user stopped the transfer while it ran; nothing half-done was published"),
                 QStringLiteral("the next transfer resumes at the last published window"), Blame::Config};
}

QString windowFields(int index, const TimeWindow &window, qint64 rows, qint64 ms)
{
    return QStringLiteral("{\"window\":%1,\"start\":\"%2\",\"end\":\"%3\",\"rows\":%4,\"ms\":%5}")
        .arg(index + 1)
        .arg(QString::fromLatin1(window.start), QString::fromLatin1(window.end))
        .arg(rows)
        .arg(ms);
}

// The tenant audit found rows of another tenant among a window's rows: the source's filter let them through.
Error foreignRowsError(const QString &model, const QString &recipient, qint64 foreign, qint64 rows, const QByteArray &example)
{
    QString shown = QString::fromUtf8(example);
    if (shown.size() > 40)
        shown = shown.left(40) + QStringLiteral("...");
    return Error{QStringLiteral("FERRY-AUDIT-TENANT"), QStringLiteral("Audit failed: rows of another tenant"),
                 QStringLiteral("model \"%1\": %2 of %3 row(s) read for recipient \"%4\" belong to another tenant "
                                "(the first has \"%5\" in its organization column); nothing was published")
                     .arg(model)
                     .arg(foreign)
                     .arg(rows)
                     .arg(recipient, shown),
                 QStringLiteral("the source compared the tenant loosely (a case- or accent-insensitive collation, a "
                                "pooler resetting the session): make the organization column compare exactly"),
                 Blame::Source};
}

} // namespace

ModelTransfer::ModelTransfer(ModelTransferContext context) : m_context(std::move(context))
{
    m_metrics.modelName = m_context.model->name;
}

LoadMode ModelTransfer::chooseLoadMode(const ModelPlan &plan, const TableState &table, const TableSpec &spec)
{
    if (plan.isFullRefresh())
        return LoadMode::Rebuild;
    if (table.exists && !plan.explicitWindow && plan.cursorBefore.isEmpty() && !plan.resumed)
        return LoadMode::Rebuild;
    // A first backfill in one window builds the table aside too: loading without the key and adding it afterwards
    // is the fastest way in, and nobody can see a half-filled table.
    if (!table.exists && plan.windows.size() == 1 && !plan.explicitWindow)
        return LoadMode::Rebuild;
    return spec.appendOnly ? LoadMode::Append : LoadMode::Merge;
}

void ModelTransfer::log(const QString &phase, const QString &message, const QString &fields, const QString &level)
{
    if (!m_context.log)
        return;
    LogEvent event;
    event.level = level;
    event.transferId = m_context.transferId;
    event.modelName = m_metrics.modelName;
    event.phase = phase;
    event.message = message;
    event.fields = fields;
    m_context.log(event);
}

bool ModelTransfer::fail(TransferPhase phase, const Error &reported)
{
    // A statement interrupted by a kill fails with the database's own words: it is the kill.
    const bool interrupted = m_context.queries && m_context.queries->cancelled(m_context.transferId);
    const Error error = interrupted && reported.code != QLatin1String("FERRY-KILLED") ? killedError() : reported;
    m_metrics.status = error.code == QLatin1String("FERRY-KILLED") ? QStringLiteral("KILLED") : QStringLiteral("ERROR");
    m_metrics.errorPhase = phaseName(phase);
    m_metrics.error = error;
    log(phaseName(phase), error.toString(), QStringLiteral("{\"error_code\":\"%1\"}").arg(error.code),
        m_metrics.status == QLatin1String("KILLED") ? QStringLiteral("warning") : QStringLiteral("error"));
    return false;
}

bool ModelTransfer::swapIn(DestinationWriter &writer, const ModelPlan &plan)
{
    if (m_context.shouldStop && m_context.shouldStop()) {
        writer.abort();
        return fail(TransferPhase::Publish, killedError());
    }
    PublishInfo info{m_context.transferId, m_metrics.modelName, m_metrics.rowsWritten,
                     m_maxLastModified.isEmpty() ? plan.cursorBefore : m_maxLastModified,
                     CanonicalValue::timestamp(QDateTime::currentDateTimeUtc())};
    if (Status swapped = writer.finish(info); !swapped) {
        writer.abort();
        return fail(TransferPhase::Publish, swapped.error());
    }
    if (Status saved = saveCheckpoint(plan, int(plan.windows.size()), true); !saved)
        return fail(TransferPhase::Publish, saved.error());
    m_metrics.mostRecentLastUpdatedAt = QString::fromLatin1(info.mostRecentLastUpdatedAt);
    log(QStringLiteral("publish"), QStringLiteral("swapped in %1 row(s)").arg(m_metrics.rowsWritten),
        QStringLiteral("{\"rows\":%1}").arg(m_metrics.rowsWritten));
    return true;
}

Status ModelTransfer::saveCheckpoint(const ModelPlan &plan, int windowsDone, bool runFinished)
{
    // An explicit window never creates a checkpoint, and moves one only when it starts at or before it: rows between
    // the checkpoint and a later window were not delivered.
    if (plan.explicitWindow && (!m_checkpoint || plan.rangeStart > m_checkpoint->cursorValue.toLatin1()))
        return {};
    Checkpoint checkpoint = m_checkpoint.value_or(Checkpoint{m_context.destination->id, m_metrics.modelName, {}, {}, {}, {}, {}, 0, {}});
    if (plan.isFullRefresh()) {
        // The table was rebuilt: its newest row is the checkpoint, even when older than before.
        checkpoint.cursorValue = QString::fromLatin1(m_maxLastModified.isEmpty() ? plan.cursorBefore : m_maxLastModified);
    } else if (m_maxLastModified > checkpoint.cursorValue.toLatin1()) {
        checkpoint.cursorValue = QString::fromLatin1(m_maxLastModified);
    }
    if (!plan.explicitWindow) {
        if (runFinished || plan.windowSeconds <= 0) {
            checkpoint.runWindowStart.clear();
            checkpoint.runWindowEnd.clear();
            checkpoint.runWindowsDone = 0;
            checkpoint.runNextStart.clear();
        } else {
            // A resumed run keeps the range it started with.
            if (!plan.resumed || checkpoint.runWindowStart.isEmpty()) {
                checkpoint.runWindowStart = QString::fromLatin1(plan.rangeStart);
                checkpoint.runWindowEnd = QString::fromLatin1(plan.rangeEnd);
            }
            checkpoint.runWindowsDone = windowsDone;
            checkpoint.runNextStart =
                QString::fromLatin1(windowsDone > 0 ? plan.windows[windowsDone - 1].end : plan.rangeStart);
        }
    }
    checkpoint.transferId = m_context.transferId;
    checkpoint.updatedAt = QDateTime::currentDateTimeUtc();
    const Result<bool> saved = CheckpointStore(m_context.state->connection()).saveIf(checkpoint, m_checkpoint, m_context.workerId);
    if (!saved)
        return saved.error();
    if (!*saved) {
        return Error{QStringLiteral("FERRY-CHECKPOINT-MOVED"), QStringLiteral("Checkpoint not saved"),
                     QStringLiteral("model \"%1\": the checkpoint was changed by someone else (a rewind, or another worker "
                                    "that took this transfer over) while this transfer ran; what was published stays, the "
                                    "checkpoint stays as they left it, and this transfer stops here")
                         .arg(m_metrics.modelName),
                     QStringLiteral("run the transfer again: it continues from the checkpoint as it is now"), Blame::Config};
    }
    m_checkpoint = checkpoint;
    return {};
}

ModelMetrics ModelTransfer::finished()
{
    m_metrics.endedAt = QDateTime::currentDateTimeUtc();
    if (m_context.progress)
        m_context.progress(m_metrics);
    return m_metrics;
}

ModelMetrics ModelTransfer::run()
{
    m_metrics.status = QStringLiteral("RUNNING");
    m_metrics.startedAt = QDateTime::currentDateTimeUtc();

    // Plan.
    Result<std::optional<Checkpoint>> checkpoint =
        CheckpointStore(m_context.state->connection()).find(m_context.destination->id, m_metrics.modelName);
    if (!checkpoint) {
        fail(TransferPhase::Plan, checkpoint.error());
        return finished();
    }
    m_checkpoint = *checkpoint;
    Result<ModelPlan> planned = WindowPlanner::plan(*m_context.model, *m_context.source, *m_context.recipient,
                                                    *checkpoint, m_context.request);
    if (!planned) {
        fail(TransferPhase::Plan, planned.error());
        return finished();
    }
    ModelPlan plan = *planned;
    auto adopt = [this](const ModelPlan &adopted) {
        m_metrics.mode = adopted.mode;
        m_metrics.cursorFrom = QString::fromLatin1(adopted.rangeStart);
        m_metrics.cursorTo = QString::fromLatin1(adopted.rangeEnd);
        m_metrics.windowsPlanned = int(adopted.windows.size());
    };
    adopt(plan);
    m_metrics.mostRecentLastUpdatedAt = QString::fromLatin1(plan.cursorBefore);
    m_maxLastModified.clear();

    Result<SourceQuerySpec> querySpec = SourceQuerySpec::build(*m_context.source, *m_context.model, *m_context.recipient);
    if (!querySpec) {
        fail(TransferPhase::Plan, querySpec.error());
        return finished();
    }
    SourceQuerySpec spec = *querySpec;
    // Schema-tenanted sources: the schema is the tenant, so it is the audit.
    if (spec.organizationColumn.isEmpty() && spec.schema != m_context.recipient->idInProviderSystem) {
        fail(TransferPhase::Audit, Error{QStringLiteral("FERRY-AUDIT-TENANT"), QStringLiteral("Audit failed: schema"),
                                         QStringLiteral("model \"%1\" would read schema \"%2\" for recipient \"%3\"")
                                             .arg(m_metrics.modelName, spec.schema, m_context.recipient->name),
                                         {}, Blame::Ferry});
        return finished();
    }
    spec.copyPassThrough = m_context.source->vendor == QLatin1String("postgres") &&
                               m_context.destination->vendor == QLatin1String("postgres");
    spec.largeRead = plan.mode != QLatin1String("incremental");
    // A backfill or refresh into a table keyed while it loads goes fastest in key order (see SourceQuerySpec).
    const QString &vendor = m_context.destination->vendor;
    spec.keyOrdered = spec.largeRead && m_context.model->effectiveWriteMode() != QLatin1String("append") &&
                      (vendor == QLatin1String("mysql") || vendor == QLatin1String("sqlite")) &&
                      !SourceReader::readsInOrder(*m_context.source);
    // Rows stream unordered (no sort holds back the first row); a writer that finds it needed them ordered after
    // all asks for a second attempt, which reads them again in last-modified order.
    spec.ordered = false;
    Attempt attempt = load(plan, spec);
    if (attempt == Attempt::TableMissing) {
        // Only the incremental slice would be left in a recreated table: deliver the model from the start.
        log(QStringLiteral("plan"),
            QStringLiteral("table %1 is missing at the destination although its checkpoint is at %2: delivering it "
                           "again from the start").arg(m_metrics.modelName, QString::fromLatin1(plan.cursorBefore)),
            QStringLiteral("{\"rebuild\":\"table missing\"}"), QStringLiteral("warning"));
        // Planned as if there were no checkpoint (a backfill, which load() never sends back here); the checkpoint
        // itself stays, and moves by the guarded write as usual.
        PlanRequest request = m_context.request;
        request.explicitStart.clear();
        request.explicitEnd.clear();
        planned = WindowPlanner::plan(*m_context.model, *m_context.source, *m_context.recipient, std::nullopt, request);
        if (!planned) {
            fail(TransferPhase::Plan, planned.error());
            return finished();
        }
        plan = *planned;
        adopt(plan);
        spec.largeRead = true;
        attempt = load(plan, spec);
    }
    while (attempt == Attempt::ReadAgainOrdered) {
        // The second read sorts the whole window before its first row: a kill must not wait for that.
        if (m_context.shouldStop && m_context.shouldStop()) {
            fail(TransferPhase::Stage, killedError());
            break;
        }
        spec.ordered = true;
        m_metrics.rowsRead = m_metrics.rowsWritten = m_metrics.bytes = 0;
        m_metrics.windowsDone = 0;
        m_maxLastModified.clear();
        log(QStringLiteral("stage"),
            QStringLiteral("a key of %1 repeats among the rows read: reading them again in last-modified order, so "
                           "its latest row is the one kept").arg(m_metrics.modelName),
            QStringLiteral("{\"ordered\":true}"));
        attempt = load(plan, spec);
    }
    return finished();
}

ModelTransfer::Attempt ModelTransfer::load(const ModelPlan &plan, const SourceQuerySpec &spec)
{
    // The reader runs on its own thread with its own connection, a few batches ahead of the writer; it starts
    // now, so connecting to the source overlaps with preparing the destination.
    BatchQueue queue(3);
    const Source source = *m_context.source;
    const QList<TimeWindow> windows = plan.windows;
    RunningQueries *queries = m_context.queries;
    const QString transferId = m_context.transferId;
    std::unique_ptr<QThread> reader(QThread::create([&queue, source, spec, windows, queries, transferId]() {
        WindowReader::run(queue, source, spec, windows, queries, transferId);
    }));
    reader->setObjectName(QStringLiteral("ferry-reader"));
    auto stopReader = [&]() {
        queue.close();
        if (reader->isRunning())
            reader->wait();
    };
    if (!plan.windows.isEmpty())
        reader->start();

    const TableSpec tableSpec = TableSpec::build(*m_context.model, *m_context.destination);
    Result<DestinationWriter *> opened = m_context.writer();
    if (!opened) {
        stopReader();
        fail(TransferPhase::Connect, opened.error());
        return Attempt::Ended;
    }
    DestinationWriter &writer = **opened;
    writer.setRowsOrdered(spec.ordered || spec.keyOrdered || SourceReader::readsInOrder(source));
    const RunningQueries::Scope cancellable(m_context.queries, m_context.transferId, writer.connection().canceller());
    Result<TableState> table = writer.inspect(tableSpec, false);
    if (!table) {
        stopReader();
        fail(TransferPhase::Plan, table.error());
        return Attempt::Ended;
    }
    if (!table->exists && !plan.isFullRefresh() && (!plan.cursorBefore.isEmpty() || plan.resumed)) {
        stopReader();
        return Attempt::TableMissing;
    }
    const LoadMode mode = chooseLoadMode(plan, *table, tableSpec);
    if (!spec.ordered) {
        log(QStringLiteral("plan"),
            QStringLiteral("%1 of %2 in %3 window(s) from %4 to %5%6")
                .arg(plan.mode, m_metrics.modelName)
                .arg(plan.windows.size())
                .arg(QString::fromLatin1(plan.rangeStart), QString::fromLatin1(plan.rangeEnd),
                     plan.resumed ? QStringLiteral(" (resuming a stopped run)") : QString()),
            QStringLiteral("{\"mode\":\"%1\",\"windows\":%2,\"load\":\"%3\"}")
                .arg(plan.mode)
                .arg(plan.windows.size())
                .arg(mode == LoadMode::Rebuild ? QStringLiteral("rebuild")
                     : mode == LoadMode::Append ? QStringLiteral("append")
                                                : QStringLiteral("merge")));
    }
    if (m_context.progress)
        m_context.progress(m_metrics);
    if (plan.windows.isEmpty()) {
        m_metrics.status = QStringLiteral("SUCCESS");
        return Attempt::Ended;
    }

    if (Status prepared = writer.prepare(tableSpec, *table, mode, m_context.transferId); !prepared) {
        stopReader();
        writer.abort();
        fail(TransferPhase::Stage, prepared.error());
        return Attempt::Ended;
    }
    if (mode != LoadMode::Rebuild && !plan.explicitWindow && plan.windowSeconds > 0) {
        if (Status saved = saveCheckpoint(plan, 0, false); !saved) {
            stopReader();
            writer.abort();
            fail(TransferPhase::Plan, saved.error());
            return Attempt::Ended;
        }
    }

    const int lm = tableSpec.lastModifiedIndex;
    // The tenant audit: Ferry compares every row's organization value with the recipient's, byte for byte.
    const bool auditTenant = !spec.organizationColumn.isEmpty();
    const QByteArray tenant = spec.tenant.toUtf8();
    qint64 foreignRows = 0;
    QByteArray foreignExample;
    QElapsedTimer windowTimer;
    // Rows read so far reach the state database and the signal between window ends too, coalesced to one report per
    // interval: a single-window backfill of an hour shows its rows, and fast batches cost one write a second.
    const int progressIntervalMs = m_context.hooks ? m_context.hooks->progressIntervalMs : 1000;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    int windowIndex = 0;
    qint64 windowRows = 0;
    bool windowOpen = false;
    auto failWith = [&](TransferPhase phase, const Error &error) {
        stopReader();
        writer.abort();
        fail(phase, error);
        return Attempt::Ended;
    };
    while (windowIndex < windows.size()) {
        if (!windowOpen) {
            if (Status begun = writer.beginWindow(windows[windowIndex]); !begun)
                return failWith(TransferPhase::Stage, begun.error());
            windowOpen = true;
            windowRows = 0;
            windowTimer.start();
        }
        std::optional<ReaderItem> item = queue.pop();
        if (!item)
            return failWith(TransferPhase::Read, Error{QStringLiteral("FERRY-ENGINE"), QStringLiteral("Reader stopped"),
                                                       QStringLiteral("the source reader ended early"), {}, Blame::Ferry});
        if (m_context.shouldStop && m_context.shouldStop())
            return failWith(TransferPhase::Stage, killedError());
        if (item->kind == ReaderItem::Kind::Warnings) {
            for (const QString &warning : item->warnings)
                log(QStringLiteral("plan"), warning, QStringLiteral("{\"lint\":\"cursor\"}"), QStringLiteral("warning"));
            continue;
        }
        if (item->kind == ReaderItem::Kind::Failed)
            return failWith(item->connectFailed ? TransferPhase::Connect : TransferPhase::Read, *item->error);
        if (item->kind == ReaderItem::Kind::Batch) {
            const RowBatch &batch = item->batch;
            if (auditTenant) {
                if (batch.tenantCount() != batch.rowCount())
                    return failWith(TransferPhase::Audit,
                                    Error{QStringLiteral("FERRY-AUDIT-TENANT"), QStringLiteral("Audit failed: tenant unknown"),
                                          QStringLiteral("model \"%1\": the reader did not report the tenant of every row")
                                              .arg(m_metrics.modelName),
                                          {}, Blame::Ferry});
                foreignRows += batch.countForeignTenants(tenant, foreignRows == 0 ? &foreignExample : nullptr);
            }
            if (foreignRows > 0) {
                // Nothing more is staged; the window is still read to the end, to say how many rows were foreign.
                windowRows += batch.rowCount();
                continue;
            }
            m_maxLastModified = qMax(m_maxLastModified, batch.maxLastModified(lm));
            if (Status written = writer.write(batch); !written)
                return failWith(TransferPhase::Stage, written.error());
            windowRows += batch.rowCount();
            m_metrics.rowsRead += batch.rowCount();
            m_metrics.rowsWritten += batch.rowCount();
            m_metrics.bytes += batch.byteCount();
            if (queue.empty()) {
                if (Status applied = writer.applyStaged(); !applied)
                    return failWith(TransferPhase::Publish, applied.error());
            }
            if (m_context.hooks && m_context.hooks->afterBatch)
                m_context.hooks->afterBatch(m_metrics.modelName, m_metrics.rowsRead);
            if (m_context.progress && sinceProgress.hasExpired(progressIntervalMs)) {
                m_context.progress(m_metrics);
                sinceProgress.restart();
            }
            continue;
        }
        // The window is read completely: audit it, then publish it (or, when rebuilding, close it in the table built
        // aside).
        if (foreignRows > 0)
            return failWith(TransferPhase::Audit, foreignRowsError(m_metrics.modelName, m_context.recipient->name,
                                                                   foreignRows, windowRows, foreignExample));
        log(QStringLiteral("read"), QStringLiteral("window %1/%2 read: %3 row(s)").arg(windowIndex + 1).arg(windows.size()).arg(windowRows),
            windowFields(windowIndex, windows[windowIndex], windowRows, windowTimer.elapsed()), QStringLiteral("debug"));
        if (m_context.hooks && m_context.hooks->beforePublish) {
            if (Status injected = m_context.hooks->beforePublish(m_metrics.modelName, windowIndex); !injected)
                return failWith(TransferPhase::Publish, injected.error());
        }
        PublishInfo info{m_context.transferId, m_metrics.modelName, m_metrics.rowsWritten,
                         qMax(m_maxLastModified, plan.cursorBefore), CanonicalValue::timestamp(QDateTime::currentDateTimeUtc()),
                         windowRows};
        if (Status published = writer.endWindow(info); !published) {
            if (published.error().code == QLatin1String(DestinationWriter::kAuditCountCode))
                return failWith(TransferPhase::Audit, published.error());
            if (published.error().code == QLatin1String(DestinationWriter::kRowsOutOfOrderCode) && mode == LoadMode::Rebuild &&
                !spec.ordered) {
                stopReader();
                writer.abort(); // the table built aside goes; nothing was published
                return Attempt::ReadAgainOrdered;
            }
            return failWith(mode == LoadMode::Rebuild ? TransferPhase::Stage : TransferPhase::Publish, published.error());
        }
        windowOpen = false;
        if (mode != LoadMode::Rebuild) {
            // Only now, with the window durable at the destination, may the checkpoint move.
            if (Status saved = saveCheckpoint(plan, windowIndex + 1, windowIndex + 1 == windows.size()); !saved)
                return failWith(TransferPhase::Publish, saved.error());
            m_metrics.mostRecentLastUpdatedAt = QString::fromLatin1(qMax(m_maxLastModified, plan.cursorBefore));
        }
        m_metrics.windowsDone = windowIndex + 1;
        // Empty windows (long backfills over quiet years) are debug noise; windows with rows are the story.
        log(mode == LoadMode::Rebuild ? QStringLiteral("stage") : QStringLiteral("publish"),
            QStringLiteral("window %1/%2: %3 row(s)").arg(windowIndex + 1).arg(windows.size()).arg(windowRows),
            windowFields(windowIndex, windows[windowIndex], windowRows, windowTimer.elapsed()),
            windowRows == 0 ? QStringLiteral("debug") : QStringLiteral("info"));
        if (m_context.progress) {
            m_context.progress(m_metrics);
            sinceProgress.restart();
        }
        ++windowIndex;
    }
    stopReader();

    if (mode == LoadMode::Rebuild && !swapIn(writer, plan))
        return Attempt::Ended;
    m_metrics.status = QStringLiteral("SUCCESS");
    return Attempt::Ended;
}

} // namespace ferry
