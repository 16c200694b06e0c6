#pragma once

#include "state/change_history.h"

#include <QAbstractTableModel>

namespace ferry::ui {

// One object's recorded changes, newest first: when, who, and what happened (added, changed, renamed, removed).
class ObjectHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { WhenColumn, WhoColumn, ChangeColumn, ColumnCount };

    explicit ObjectHistoryModel(QObject *parent = nullptr);

    void setChanges(QList<ObjectChange> changes);
    const ObjectChange &changeAt(int row) const { return m_changes.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "renamed from events", "changed", ...
    static QString describe(const ObjectChange &change);

private:
    QList<ObjectChange> m_changes;
};

} // namespace ferry::ui
