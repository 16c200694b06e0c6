#pragma once

#include <QSortFilterProxyModel>

namespace ferry::ui {

// Filters the Recipients tree by name (case-insensitive substring). A match keeps its parents, so a destination
// shows under its recipient, and its children, so a matching recipient or destination still shows what it holds.
class RecipientFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RecipientFilterModel(QObject *parent = nullptr);

    void setNameFilter(const QString &text);
    QString nameFilter() const { return m_nameFilter; }
    // True when a filter is set and nothing matches it.
    bool isFilteredEmpty() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_nameFilter;
};

} // namespace ferry::ui
