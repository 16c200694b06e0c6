#include "models/recipient_filter_model.h"

#include "models/recipient_health_model.h"

namespace ferry::ui {

RecipientFilterModel::RecipientFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Parents of a matching row stay (Qt walks the children for us).
    setRecursiveFilteringEnabled(true);
}

void RecipientFilterModel::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_nameFilter)
        return;
    m_nameFilter = trimmed;
    invalidateRowsFilter();
}

bool RecipientFilterModel::isFilteredEmpty() const
{
    return !m_nameFilter.isEmpty() && rowCount() == 0;
}

bool RecipientFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_nameFilter.isEmpty())
        return true;
    // The row itself or one of its ancestors matches: typing a recipient's name shows all it receives.
    for (QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent); index.isValid(); index = index.parent()) {
        if (index.data(RecipientHealthModel::NameRole).toString().contains(m_nameFilter, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace ferry::ui
