#include "models/preview_rows_model.h"

#include <QColor>

namespace ferry::ui {

PreviewRowsModel::PreviewRowsModel(QObject *parent) : QAbstractTableModel(parent) {}

void PreviewRowsModel::setRows(PreviewRows rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void PreviewRowsModel::clear()
{
    setRows({});
}

int PreviewRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.rows.size());
}

int PreviewRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.columns.size());
}

QVariant PreviewRowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QStringList &row = m_rows.rows.at(index.row());
    const QString value = row.value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return value.isNull() ? QStringLiteral("null") : value.left(200);
    case Qt::ToolTipRole:
        return value.size() > 200 ? value.left(4000) : QVariant();
    case Qt::ForegroundRole:
        return value.isNull() ? QVariant(QColor(0x75, 0x75, 0x75)) : QVariant();
    default:
        return {};
    }
}

QVariant PreviewRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_rows.columns.size())
        return {};
    if (role == Qt::DisplayRole)
        return m_rows.columns.at(section);
    if (role == Qt::ToolTipRole)
        return m_rows.types.value(section);
    return {};
}

} // namespace ferry::ui
