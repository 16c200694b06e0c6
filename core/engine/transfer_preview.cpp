#include "engine/transfer_preview.h"

#include "engine/model_transfer.h"
#include "state/checkpoint_store.h"

namespace ferry {

namespace {

QString loadModeName(LoadMode mode)
{
    switch (mode) {
    case LoadMode::Merge: return QStringLiteral("merge");
    case LoadMode::Append: return QStringLiteral("append");
    case LoadMode::Rebuild: break;
    }
    return QStringLiteral("rebuild");
}

} // namespace

Result<TransferPreview> TransferPreview::build(StateDatabase &state, const Workspace &workspace,
                                               const TransferRequest &request, const QDateTime &now)
{
    TransferPreview preview;
    const Destination *destination = workspace.destination(request.destinationName);
    const Recipient *recipient = destination ? workspace.recipient(destination->recipient) : nullptr;
    if (!destination || !recipient)
        return Error{QStringLiteral("FERRY-REQUEST"), QStringLiteral("Unknown destination"),
                     QStringLiteral("destination \"%1\" or its recipient is not in the workspace").arg(request.destinationName),
                     {}, Blame::Config};
    preview.destination = destination->name;
    preview.recipient = recipient->name;
    Result<std::unique_ptr<DestinationWriter>> writer = DestinationWriter::open(*destination, Access::ReadOnly);

    PlanRequest planRequest;
    planRequest.fullRefresh = request.fullRefresh;
    planRequest.explicitStart = request.windowStart.toLatin1();
    planRequest.explicitEnd = request.windowEnd.toLatin1();
    planRequest.now = now;
    const QStringList models = request.models.isEmpty() ? workspace.modelNamesFor(*destination) : request.models;
    CheckpointStore checkpoints(state.connection());
    for (const QString &name : models) {
        ModelPreview item;
        item.model = name;
        const Model *model = workspace.model(name);
        const Source *source = model ? workspace.sourceOf(*model) : nullptr;
        if (!model || !source) {
            item.error = Error{QStringLiteral("FERRY-CONFIG-MODEL"), QStringLiteral("Model or source missing"),
                               QStringLiteral("model \"%1\" or its source is not in the workspace").arg(name), {}, Blame::Config};
            preview.models << item;
            continue;
        }
        Result<std::optional<Checkpoint>> checkpoint = checkpoints.find(destination->id, name);
        if (!checkpoint)
            return checkpoint.error();
        Result<ModelPlan> plan = WindowPlanner::plan(*model, *source, *recipient, *checkpoint, planRequest);
        if (!plan) {
            item.error = plan.error();
            preview.models << item;
            continue;
        }
        item.plan = *plan;
        item.tenant = recipient->idInProviderSystem;
        item.schemaTenanted = source->isSchemaTenanted();
        Result<SourceQuerySpec> spec = SourceQuerySpec::build(*source, *model, *recipient);
        if (!spec) {
            item.error = spec.error();
            preview.models << item;
            continue;
        }
        Result<std::unique_ptr<SourceReader>> reader = SourceReader::open(*source, *spec);
        if (reader) {
            item.statement = (*reader)->statement();
            // A source query that cannot run (a missing table or column, a cursor column Ferry cannot order) is
            // the plan's error: the transfer would fail the same way.
            for (int i = 0; i < item.plan.windows.size(); ++i) {
                if (i >= kMaxEstimates || item.error) {
                    item.estimatedRows << -1;
                    continue;
                }
                Result<qint64> rows = (*reader)->estimateRows(item.plan.windows[i]);
                if (!rows)
                    item.error = rows.error();
                item.estimatedRows << (rows ? *rows : -1);
            }
            if (item.plan.windows.isEmpty()) {
                // Nothing to read: an empty window still runs the statement.
                const TimeWindow empty{item.plan.rangeStart, item.plan.rangeStart};
                if (Result<qint64> probe = (*reader)->estimateRows(empty); !probe)
                    item.error = probe.error();
            } else if (!item.error) {
                Result<qint64> total = (*reader)->estimateRows({item.plan.windows.first().start, item.plan.windows.last().end});
                item.estimatedTotal = total ? *total : -1;
            }
            item.warnings = (*reader)->cursorLint();
        } else {
            item.error = reader.error();
        }
        if (writer) {
            const TableSpec tableSpec = TableSpec::build(*model, *destination);
            Result<TableState> table = (*writer)->inspect(tableSpec, true);
            if (table) {
                const LoadMode mode = ModelTransfer::chooseLoadMode(item.plan, *table, tableSpec);
                item.loadMode = loadModeName(mode);
                item.tableExists = table->exists;
                item.truncatePath = table->exists && table->schemaMatches;
                item.rowsReplaced = mode == LoadMode::Rebuild && table->exists ? table->rows : -1;
                item.ddl = (*writer)->plannedDdl(tableSpec, *table, mode);
            } else if (!item.error) {
                item.error = table.error();
            }
        } else if (!item.error) {
            item.error = writer.error();
        }
        preview.models << item;
    }
    return preview;
}

QString TransferPreview::toText() const
{
    QString text = QStringLiteral("Plan for destination \"%1\" (recipient \"%2\"); nothing has been written.\n")
                       .arg(destination, recipient);
    for (const ModelPreview &item : models) {
        text += QStringLiteral("\nmodel %1:").arg(item.model);
        if (!item.plan.mode.isEmpty())
            text += QLatin1Char(' ') + item.plan.mode;
        if (!item.loadMode.isEmpty())
            text += QStringLiteral(" (%1)").arg(item.loadMode);
        text += QLatin1Char('\n');
        if (item.error)
            text += QStringLiteral("  error: %1\n").arg(item.error->toString());
        if (item.plan.mode.isEmpty())
            continue; // refused before planning: there is no query or window to show
        if (!item.plan.cursorBefore.isEmpty())
            text += QStringLiteral("  checkpoint: %1\n").arg(QString::fromLatin1(item.plan.cursorBefore));
        if (item.plan.resumed)
            text += QStringLiteral("  resumes a stopped run at its first unpublished window\n");
        text += (item.schemaTenanted
                     ? QStringLiteral("  source query (tenant schema %1; the window's bounds bound to its parameters):\n    %2\n")
                     : QStringLiteral("  source query (tenant %1 bound to the first parameter, the window's bounds to the next "
                                      "two):\n    %2\n"))
                    .arg(item.tenant, item.statement);
        text += QStringLiteral("  windows: %1\n").arg(item.plan.windows.size());
        for (int i = 0; i < item.plan.windows.size(); ++i) {
            const qint64 rows = item.estimatedRows.value(i, -1);
            if (i < 20 || i == item.plan.windows.size() - 1)
                text += QStringLiteral("    %1. [%2, %3)  ~%4 rows\n")
                            .arg(i + 1)
                            .arg(QString::fromLatin1(item.plan.windows[i].start), QString::fromLatin1(item.plan.windows[i].end),
                                 rows < 0 ? QStringLiteral("?") : QString::number(rows));
            else if (i == 20)
                text += QStringLiteral("    ...\n");
        }
        text += QStringLiteral("  estimated rows: %1\n")
                    .arg(item.estimatedTotal < 0 ? QStringLiteral("unknown") : QString::number(item.estimatedTotal));
        if (!item.ddl.isEmpty())
            text += QStringLiteral("  destination DDL:\n    %1\n").arg(item.ddl.join(QStringLiteral(";\n    ")));
        if (item.plan.isFullRefresh()) {
            text += item.tableExists
                        ? QStringLiteral("  replaces the %1 row(s) of the existing table (%2); rows outside the source's "
                                         "retained history are lost\n")
                              .arg(item.rowsReplaced)
                              .arg(item.truncatePath ? QStringLiteral("same schema: truncated and reloaded in one transaction")
                                                     : QStringLiteral("schema changed: dropped and recreated in one transaction"))
                        : QStringLiteral("  creates the table\n");
        }
        for (const QString &warning : item.warnings)
            text += QStringLiteral("  warning: %1\n").arg(warning);
    }
    return text;
}

nlohmann::ordered_json TransferPreview::toJson() const
{
    using Json = nlohmann::ordered_json;
    Json json{{"destination", destination.toStdString()}, {"recipient", recipient.toStdString()}, {"models", Json::array()}};
    for (const ModelPreview &item : models) {
        Json windows = Json::array();
        for (int i = 0; i < item.plan.windows.size(); ++i) {
            const qint64 rows = item.estimatedRows.value(i, -1);
            windows.push_back({{"start", item.plan.windows[i].start.toStdString()},
                               {"end", item.plan.windows[i].end.toStdString()},
                               {"estimated_rows", rows < 0 ? Json() : Json(rows)}});
        }
        Json ddl = Json::array();
        for (const QString &statement : item.ddl)
            ddl.push_back(statement.toStdString());
        Json warnings = Json::array();
        for (const QString &warning : item.warnings)
            warnings.push_back(warning.toStdString());
        Json model{{"model_name", item.model.toStdString()},
                   {"mode", item.plan.mode.toStdString()},
                   {"load", item.loadMode.toStdString()},
                   {"checkpoint", item.plan.cursorBefore.isEmpty() ? Json() : Json(item.plan.cursorBefore.toStdString())},
                   {"resumed", item.plan.resumed},
                   {"source_query", item.statement.toStdString()},
                   {"tenant", item.tenant.toStdString()},
                   {"tenancy", item.schemaTenanted ? "schema_tenanted" : "multi_tenant_tables"},
                   {"windows", windows},
                   {"estimated_rows", item.estimatedTotal < 0 ? Json() : Json(item.estimatedTotal)},
                   {"destination_ddl", ddl},
                   {"table_exists", item.tableExists},
                   {"rows_replaced", item.rowsReplaced < 0 ? Json() : Json(item.rowsReplaced)},
                   {"warnings", warnings},
                   {"error", item.error ? Json{{"error_code", item.error->code.toStdString()},
                                               {"message", item.error->toString().toStdString()}}
                                        : Json()}};
        json["models"].push_back(model);
    }
    return json;
}

} // namespace ferry
