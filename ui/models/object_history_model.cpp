#include "models/object_history_model.h"

#include "models/transfer_display.h"

namespace ferry::ui {

ObjectHistoryModel::ObjectHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

void ObjectHistoryModel::setChanges(QList<ObjectChange> changes)
{
    beginResetModel();
    m_changes = std::move(changes);
    endResetModel();
}

int ObjectHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int ObjectHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ObjectHistoryModel::describe(const ObjectChange &change)
{
    if (change.action == QLatin1String("renamed") && !change.previousName.isEmpty())
        return QStringLiteral("renamed from %1").arg(change.previousName);
    return change.action;
}

QVariant ObjectHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ObjectChange &change = m_changes.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case WhenColumn:
            return TransferDisplay::time(change.at);
        case WhoColumn:
            return change.author.host.isEmpty() ? change.author.user
                                                : QStringLiteral("%1@%2").arg(change.author.user, change.author.host);
        case ChangeColumn:
            return describe(change);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == WhenColumn)
        return TransferDisplay::relativeTime(change.at);
    return {};
}

QVariant ObjectHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn:
        return QStringLiteral("When");
    case WhoColumn:
        return QStringLiteral("Who");
    case ChangeColumn:
        return QStringLiteral("Change");
    default:
        return {};
    }
}

} // namespace ferry::ui
