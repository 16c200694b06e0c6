#include "engine/row_preview.h"

#include "config/data_types.h"
#include "connectors/source_reader.h"
#include "engine/window_planner.h"

#include <QElapsedTimer>

namespace ferry {

namespace {

// An error of the reading path, its message saying which preview it stopped.
Error forPreview(Error error, const Model &model, const Recipient &recipient)
{
    error.message = QStringLiteral("preview of model \"%1\" for recipient \"%2\": %3").arg(model.name, recipient.name, error.message);
    return error;
}

Error cancelledError(const Model &model)
{
    return Error{QStringLiteral("FERRY-PREVIEW-CANCELLED"), QStringLiteral("Preview cancelled"),
                 QStringLiteral("preview of model \"%1\": cancelled").arg(model.name), {}, Blame::Config};
}

} // namespace

Result<PreviewRows> RowPreview::read(const Workspace &workspace, const Model &model, const Recipient &recipient,
                                     Options options, std::shared_ptr<PreviewCancel> cancel)
{
    const Source *resolved = workspace.sourceOf(model);
    if (!resolved) {
        return Error{QStringLiteral("FERRY-PREVIEW-SOURCE"), QStringLiteral("No source"),
                     QStringLiteral("model \"%1\": its source (%2) is not in the workspace")
                         .arg(model.name, model.sourceName.value_or(model.sourceId.value_or(QStringLiteral("none given")))),
                     QStringLiteral("choose the model's source"), Blame::Config};
    }
    if (options.limit < 1 || options.limit > kMaxLimit) {
        return Error{QStringLiteral("FERRY-REQUEST"), QStringLiteral("Invalid limit"),
                     QStringLiteral("preview of model \"%1\": the limit is %2, it must be 1 to %3")
                         .arg(model.name)
                         .arg(options.limit)
                         .arg(kMaxLimit),
                     {}, Blame::Config};
    }
    Source source = *resolved;
    const int timeout = qMax(0, options.timeoutSeconds);
    // Connecting counts against the preview's time too.
    if (timeout > 0)
        source.connection.connectTimeoutSeconds = qMin(source.connection.effectiveConnectTimeoutSeconds(), timeout);
    Result<SourceQuerySpec> spec = SourceQuerySpec::build(source, model, recipient);
    if (!spec)
        return forPreview(spec.error(), model, recipient);
    spec->limit = options.limit + 1; // the one past the limit says whether there are more
    spec->statementTimeoutSeconds = timeout;
    // What a full refresh reads now: from the recipient's (or the model's) backfill start until now.
    PlanRequest request;
    request.fullRefresh = true;
    request.now = QDateTime::currentDateTimeUtc();
    const Result<ModelPlan> plan = WindowPlanner::plan(model, source, recipient, std::nullopt, request);
    if (!plan)
        return forPreview(plan.error(), model, recipient);
    if (cancel && cancel->isCancelled())
        return cancelledError(model);

    Result<std::unique_ptr<SourceReader>> reader = SourceReader::open(source, *spec);
    if (!reader)
        return forPreview(reader.error(), model, recipient);
    PreviewRows preview;
    for (const Column &column : model.columns) {
        preview.columns << column.nameInDestination;
        preview.types << QString::fromLatin1(DataTypes::find(column.dataType)->name);
    }
    const bool audited = !spec->organizationColumn.isEmpty();
    preview.tenant = audited ? spec->tenant : spec->schema;
    preview.query = (*reader)->statement();
    const QByteArray tenant = spec->tenant.toUtf8();
    qsizetype foreign = 0;
    QByteArray foreignExample;
    QElapsedTimer elapsed;
    Status read;
    {
        // Registered before the last look at the flag: a cancel either is seen here or interrupts the statement.
        const QueryCancel::Scope cancellable(cancel.get(), (*reader)->connection().canceller());
        if (cancel && cancel->isCancelled())
            return cancelledError(model);
        elapsed.start();
        read = (*reader)->read({plan->rangeStart, plan->rangeEnd}, [&](RowBatch &batch) {
            // The engine's audit: a row of another tenant (byte for byte) fails the preview, it is never shown.
            if (audited)
                foreign += batch.countForeignTenants(tenant, foreign == 0 ? &foreignExample : nullptr);
            for (qsizetype row = 0; row < batch.rowCount(); ++row) {
                if (preview.rows.size() == options.limit) {
                    preview.more = true;
                    break;
                }
                QStringList values;
                for (int column = 0; column < batch.columnCount(); ++column)
                    values << (batch.isNull(row, column) ? QString() : QString::fromUtf8(batch.value(row, column)));
                preview.rows << values;
            }
            return true;
        });
    }
    if (cancel && cancel->isCancelled())
        return cancelledError(model);
    if (!read) {
        // Whatever the vendor's words (statement timeout, max_statement_time, interrupted), a read that failed when
        // its time was up was stopped by the timeout.
        if (timeout > 0 && elapsed.elapsed() >= timeout * 1000 - 500) {
            return Error{QStringLiteral("FERRY-PREVIEW-TIMEOUT"), QStringLiteral("Preview timed out"),
                         QStringLiteral("preview of model \"%1\": source \"%2\" stopped after %3 s reading %4 (%5)")
                             .arg(model.name, source.name).arg(timeout).arg(model.sourceTable, read.error().message),
                         QStringLiteral("an index on the organization and last-modified columns makes the newest rows "
                                        "quick to find"),
                         Blame::Source};
        }
        return forPreview(read.error(), model, recipient);
    }
    if (foreign > 0) {
        return Error{QStringLiteral("FERRY-AUDIT-TENANT"), QStringLiteral("Rows of another tenant"),
                     QStringLiteral("preview of model \"%1\": source \"%2\" returned %3 row(s) whose %4 is not \"%5\" "
                                    "(e.g. \"%6\"); none is shown")
                         .arg(model.name, source.name)
                         .arg(foreign)
                         .arg(spec->organizationColumn, spec->tenant, QString::fromUtf8(foreignExample)),
                     QStringLiteral("report this to Ferry's developers"), Blame::Ferry};
    }
    return preview;
}

} // namespace ferry
