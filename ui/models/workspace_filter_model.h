#pragma once

#include <QSortFilterProxyModel>

namespace ferry::ui {

// Filters the workspace tree by object name (case-insensitive substring) and, optionally, to objects with
// problems. Group rows stay while any of their objects match, so the tree keeps its shape while the user types.
class WorkspaceFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit WorkspaceFilterModel(QObject *parent = nullptr);

    void setNameFilter(const QString &text);
    QString nameFilter() const { return m_nameFilter; }
    void setProblemsOnly(bool problemsOnly);
    bool problemsOnly() const { return m_problemsOnly; }
    // True when a filter is set and nothing matches it.
    bool isFilteredEmpty() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_nameFilter;
    bool m_problemsOnly = false;
};

} // namespace ferry::ui
