#pragma once

#include "config/workspace.h"
#include "connectors/destination_writer.h"
#include "engine/window_planner.h"
#include "state/state_database.h"
#include "state/transfer_store.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace ferry {

// `transfer plan`: what a transfer would do, model by model, without writing anything anywhere: mode, windows and
// their estimated rows, the source statement (tenant shown, values bound), the destination DDL, what a full refresh
// replaces, and cursor warnings.
struct ModelPreview
{
    QString model;
    ModelPlan plan;
    QString loadMode; // merge, append, rebuild
    QString statement;
    QString tenant;   // the bound tenant value (or the schema of a schema-tenanted source)
    bool schemaTenanted = false;
    QList<qint64> estimatedRows; // per window; -1 beyond the first kMaxEstimates windows
    qint64 estimatedTotal = -1;  // the whole range, estimated at once
    QStringList ddl;
    bool tableExists = false;
    bool truncatePath = false;
    qint64 rowsReplaced = -1; // full refresh: rows the destination table holds now
    QStringList warnings;
    std::optional<Error> error;
};

struct TransferPreview
{
    QString destination;
    QString recipient;
    QList<ModelPreview> models;

    static constexpr int kMaxEstimates = 100;
    static Result<TransferPreview> build(StateDatabase &state, const Workspace &workspace, const TransferRequest &request,
                                         const QDateTime &now = QDateTime::currentDateTimeUtc());
    QString toText() const;
    nlohmann::ordered_json toJson() const;
};

} // namespace ferry
