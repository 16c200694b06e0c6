#pragma once

#include "errors/result.h"
#include "state/checkpoint_store.h"
#include "state/transfer_record.h"
#include "state/transfer_summary.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace ferry::ui {

// Everything the Recipients page shows from the state database, read in one job so the tree never mixes two reads.
struct RecipientHealth
{
    QHash<QString, DestinationActivity> destinations;       // by destination id
    QHash<QString, QList<ModelActivity>> models;            // by destination id
    QHash<QString, QList<Checkpoint>> checkpoints;          // by destination id
    QHash<QString, QDateTime> lastScheduled;                // by destination id: newest scheduled transfer
    QDateTime readAt;                                       // "now" for lags and relative times
};

// The selected destination's recent transfers, with their per-model errors (the detail area).
struct RecentTransfers
{
    QString destinationName;
    QList<TransferRecord> transfers; // newest first
};

// Reads RecipientHealth and RecentTransfers on a StateQueryRunner thread (never the UI thread).
class RecipientHealthReader
{
public:
    static Result<RecipientHealth> read(QSqlDatabase db, const QStringList &destinationIds);
    static Result<RecentTransfers> recent(QSqlDatabase db, const QString &destinationName, int limit = 8);
};

} // namespace ferry::ui
