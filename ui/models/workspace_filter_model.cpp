#include "models/workspace_filter_model.h"

#include "models/workspace_tree_model.h"

namespace ferry::ui {

WorkspaceFilterModel::WorkspaceFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    // A group row is kept when one of its children matches; the group rows themselves never match a name.
    setRecursiveFilteringEnabled(true);
}

void WorkspaceFilterModel::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_nameFilter)
        return;
    m_nameFilter = trimmed;
    invalidateRowsFilter();
}

void WorkspaceFilterModel::setProblemsOnly(bool problemsOnly)
{
    if (problemsOnly == m_problemsOnly)
        return;
    m_problemsOnly = problemsOnly;
    invalidateRowsFilter();
}

bool WorkspaceFilterModel::isFilteredEmpty() const
{
    return (!m_nameFilter.isEmpty() || m_problemsOnly) && rowCount() == 0;
}

bool WorkspaceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(WorkspaceTreeModel::IsGroupRole).toBool())
        return m_nameFilter.isEmpty() && !m_problemsOnly; // otherwise kept only through a matching child
    if (m_problemsOnly && index.data(WorkspaceTreeModel::ErrorCountRole).toInt() +
                                  index.data(WorkspaceTreeModel::WarningCountRole).toInt() ==
                              0)
        return false;
    return m_nameFilter.isEmpty() ||
           index.data(WorkspaceTreeModel::NameRole).toString().contains(m_nameFilter, Qt::CaseInsensitive);
}

} // namespace ferry::ui
