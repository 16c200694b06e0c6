#include "models/transfer_plan_model.h"

#include "models/object_display.h"
#include "models/transfer_display.h"

namespace ferry::ui {

TransferPlanModel::TransferPlanModel(QObject *parent) : QAbstractTableModel(parent) {}

void TransferPlanModel::setPreview(const TransferPreview &preview)
{
    beginResetModel();
    m_preview = preview;
    endResetModel();
}

void TransferPlanModel::clear()
{
    setPreview({});
}

int TransferPlanModel::errorCount() const
{
    int errors = 0;
    for (const ModelPreview &model : m_preview.models)
        errors += model.error ? 1 : 0;
    return errors;
}

int TransferPlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_preview.models.size());
}

int TransferPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransferPlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ModelPreview &model = m_preview.models.at(index.row());
    const int column = index.column();
    if (role == Qt::TextAlignmentRole) {
        const bool number = column == WindowsColumn || column == EstimatedColumn || column == HeldNowColumn;
        return int((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    if (role == Qt::DecorationRole && column == ModelColumn) {
        if (model.error)
            return ObjectDisplay::severityIcon(ValidationIssue::Severity::Error);
        if (!model.warnings.isEmpty())
            return ObjectDisplay::severityIcon(ValidationIssue::Severity::Warning);
        return {};
    }
    if (role == Qt::ForegroundRole && column == NotesColumn && model.error)
        return TransferDisplay::statusColor(QStringLiteral("ERROR"));
    if (role == Qt::ToolTipRole && column == NotesColumn)
        return data(index, Qt::DisplayRole);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case ModelColumn:
        return model.model;
    case ModeColumn: {
        QString mode = QString(model.plan.mode).replace(QLatin1Char('_'), QLatin1Char(' '));
        if (!model.loadMode.isEmpty())
            mode += QStringLiteral(" (%1)").arg(model.loadMode);
        return mode;
    }
    case WindowsColumn:
        return model.plan.mode.isEmpty() ? QString() : TransferDisplay::count(model.plan.windows.size());
    case EstimatedColumn:
        return model.estimatedTotal >= 0 ? QStringLiteral("~") + TransferDisplay::count(model.estimatedTotal) : QString();
    case HeldNowColumn:
        if (model.rowsReplaced >= 0)
            return TransferDisplay::count(model.rowsReplaced);
        return model.tableExists ? QString() : QStringLiteral("no table yet");
    case NotesColumn:
        if (model.error)
            return model.error->toString();
        return model.warnings.join(QStringLiteral("; "));
    default:
        return {};
    }
}

QVariant TransferPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ModelColumn: return QStringLiteral("Model");
    case ModeColumn: return QStringLiteral("Mode");
    case WindowsColumn: return QStringLiteral("Windows");
    case EstimatedColumn: return QStringLiteral("Rows to send");
    case HeldNowColumn: return QStringLiteral("Rows there now");
    case NotesColumn: return QStringLiteral("Notes");
    default: return {};
    }
}

} // namespace ferry::ui
