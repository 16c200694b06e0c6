#include "models/recent_transfers_model.h"

#include "models/transfer_display.h"

#include <algorithm>

namespace ferry::ui {

RecentTransfersModel::RecentTransfersModel(QObject *parent) : QAbstractTableModel(parent) {}

void RecentTransfersModel::setTransfers(const QList<TransferRecord> &transfers, const QString &model)
{
    beginResetModel();
    m_rows.clear();
    for (const TransferRecord &record : transfers) {
        Row row{record.id, record.status, record.submittedAt, record.startedAt, record.endedAt, record.rowsTransferred,
                record.error};
        if (!model.isEmpty()) {
            const auto metrics = std::find_if(record.modelMetrics.cbegin(), record.modelMetrics.cend(),
                                              [&](const ModelMetrics &m) { return m.modelName == model; });
            if (metrics == record.modelMetrics.cend())
                continue;
            row.status = metrics->status;
            row.startedAt = metrics->startedAt;
            row.endedAt = metrics->endedAt;
            row.rows = metrics->rowsWritten;
            row.error = metrics->error;
        } else if (!row.error) {
            // A partial failure has no transfer-level error: its first failed model says what went wrong.
            for (const ModelMetrics &metrics : record.modelMetrics) {
                if (metrics.error) {
                    row.error = metrics.error;
                    break;
                }
            }
        }
        m_rows << row;
    }
    endResetModel();
}

void RecentTransfersModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int RecentTransfersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecentTransfersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentTransfersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const titles[] = {"Status", "Submitted", "Duration", "Rows", "Error"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

QVariant RecentTransfersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    std::optional<qint64> ms;
    if (row.startedAt.isValid())
        ms = row.startedAt.msecsTo(row.endedAt.isValid() ? row.endedAt : QDateTime::currentDateTimeUtc());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn:
            return TransferDisplay::statusText(row.status);
        case SubmittedColumn:
            return TransferDisplay::time(row.submittedAt);
        case DurationColumn:
            return TransferDisplay::duration(ms);
        case RowsColumn:
            return TransferDisplay::count(row.rows);
        case ErrorColumn:
            return row.error ? QStringLiteral("%1 (%2)").arg(row.error->title, row.error->code) : QString();
        default:
            return {};
        }
    case Qt::DecorationRole:
        return index.column() == StatusColumn ? TransferDisplay::statusIcon(row.status) : QVariant();
    case Qt::ForegroundRole:
        if (TransferDisplay::isFailure(row.status) && (index.column() == StatusColumn || index.column() == ErrorColumn))
            return TransferDisplay::statusColor(row.status);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ErrorColumn && row.error)
            return row.error->toString();
        if (index.column() == StatusColumn)
            return QStringLiteral("Transfer %1").arg(row.id);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RowsColumn || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace ferry::ui
