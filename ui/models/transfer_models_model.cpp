#include "models/transfer_models_model.h"

#include "models/transfer_display.h"

namespace ferry::ui {

TransferModelsModel::TransferModelsModel(QObject *parent) : QAbstractTableModel(parent) {}

void TransferModelsModel::setModels(const QList<ModelMetrics> &models)
{
    beginResetModel();
    m_models = models;
    endResetModel();
}

int TransferModelsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

int TransferModelsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TransferModelsModel::cursorText(const QString &cursor)
{
    if (cursor.isEmpty())
        return {};
    const QDateTime time = QDateTime::fromString(cursor, Qt::ISODateWithMs);
    return time.isValid() ? TransferDisplay::time(time) : cursor;
}

QVariant TransferModelsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ModelMetrics &model = m_models.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case ModelColumn: return model.modelName;
        case StatusColumn: return TransferDisplay::statusText(model.status);
        case ModeColumn: return QString(model.mode).replace(QLatin1Char('_'), QLatin1Char(' '));
        case CursorFromColumn: return cursorText(model.cursorFrom);
        case CursorToColumn: return cursorText(model.cursorTo);
        case WindowsColumn:
            return model.windowsPlanned > 0 ? QStringLiteral("%1 / %2").arg(model.windowsDone).arg(model.windowsPlanned)
                                            : QString();
        case RowsReadColumn: return TransferDisplay::count(model.rowsRead);
        case RowsWrittenColumn: return TransferDisplay::count(model.rowsWritten);
        case ErrorColumn:
            return model.error ? QStringLiteral("%1: %2").arg(model.error->code, model.error->title) : QString();
        default: return {};
        }
    case Qt::DecorationRole:
        return column == StatusColumn ? QVariant(TransferDisplay::statusIcon(model.status)) : QVariant();
    case Qt::ForegroundRole:
        if (column == StatusColumn || (column == ErrorColumn && model.error))
            return TransferDisplay::statusColor(model.status);
        return {};
    case Qt::TextAlignmentRole:
        if (column == WindowsColumn || column == RowsReadColumn || column == RowsWrittenColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == ErrorColumn && model.error)
            return model.error->message;
        if (column == CursorFromColumn)
            return model.cursorFrom;
        if (column == CursorToColumn)
            return model.cursorTo;
        return {};
    default:
        return {};
    }
}

QVariant TransferModelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ModelColumn: return QStringLiteral("Model");
    case StatusColumn: return QStringLiteral("Status");
    case ModeColumn: return QStringLiteral("Mode");
    case CursorFromColumn: return QStringLiteral("Cursor from");
    case CursorToColumn: return QStringLiteral("Cursor to");
    case WindowsColumn: return QStringLiteral("Windows");
    case RowsReadColumn: return QStringLiteral("Rows read");
    case RowsWrittenColumn: return QStringLiteral("Rows written");
    case ErrorColumn: return QStringLiteral("Error");
    default: return {};
    }
}

} // namespace ferry::ui
