#include "models/issue_list_model.h"

#include "models/object_display.h"

#include <algorithm>

namespace ferry::ui {

IssueListModel::IssueListModel(QObject *parent) : QAbstractTableModel(parent) {}

void IssueListModel::setIssues(QList<ValidationIssue> issues)
{
    beginResetModel();
    m_issues = std::move(issues);
    // Errors first: they block apply, warnings do not.
    std::stable_sort(m_issues.begin(), m_issues.end(),
                     [](const ValidationIssue &a, const ValidationIssue &b) { return a.isError() && !b.isError(); });
    endResetModel();
}

int IssueListModel::errorCount() const
{
    return int(std::count_if(m_issues.begin(), m_issues.end(), [](const ValidationIssue &i) { return i.isError(); }));
}

int IssueListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_issues.size());
}

int IssueListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IssueListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ValidationIssue &issue = m_issues.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return issue.isError() ? QStringLiteral("Error") : QStringLiteral("Warning");
        case PathColumn:
            return issue.path.isEmpty() ? QStringLiteral("(whole file)") : issue.path;
        case MessageColumn:
            return issue.message;
        default:
            return {};
        }
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(ObjectDisplay::severityIcon(issue.severity)) : QVariant();
    case Qt::ToolTipRole:
        return issue.toString();
    case IsErrorRole:
        return issue.isError();
    default:
        return {};
    }
}

QVariant IssueListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return QStringLiteral("Severity");
    case PathColumn:
        return QStringLiteral("Path");
    case MessageColumn:
        return QStringLiteral("Message");
    default:
        return {};
    }
}

} // namespace ferry::ui
