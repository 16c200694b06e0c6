#include "models/workspace_tree_model.h"

#include "models/object_display.h"
#include "models/transfer_display.h"

#include <QFont>

#include <algorithm>

namespace ferry::ui {

namespace {

constexpr int kGroupCount = int(kAllObjectKinds.size());

int groupOf(ObjectKind kind)
{
    return int(kind); // kAllObjectKinds lists the enum in declaration order
}

QString issuesTooltip(const QList<ValidationIssue> &issues)
{
    QStringList lines;
    for (const ValidationIssue &issue : issues)
        lines << issue.toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

WorkspaceTreeModel::WorkspaceTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

void WorkspaceTreeModel::setWorkspace(Workspace workspace, ValidationReport report)
{
    beginResetModel();
    m_workspace = std::move(workspace);
    m_report = std::move(report);
    for (int group = 0; group < kGroupCount; ++group) {
        const ObjectKind kind = kindAt(group);
        QList<ObjectRow> &rows = m_rows[std::size_t(group)];
        rows.clear();
        const qsizetype count = ObjectDisplay::count(m_workspace, kind);
        const QStringList names = m_workspace.names(kind);
        for (qsizetype i = 0; i < count; ++i) {
            ObjectRow row;
            row.name = names.at(i);
            row.summary = ObjectDisplay::summary(m_workspace, kind, i);
            row.issues = m_report.issuesFor(kind, row.name, ObjectDisplay::file(m_workspace, kind, i));
            for (const ValidationIssue &issue : std::as_const(row.issues))
                ++(issue.isError() ? row.errors : row.warnings);
            rows.append(row);
        }
    }
    endResetModel();
}

QModelIndex WorkspaceTreeModel::groupIndex(ObjectKind kind, int column) const
{
    return index(groupOf(kind), column);
}

QModelIndex WorkspaceTreeModel::objectIndex(ObjectKind kind, const QString &name, int column) const
{
    const QList<ObjectRow> &rows = m_rows[std::size_t(groupOf(kind))];
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows[i].name == name)
            return index(int(i), column, groupIndex(kind));
    }
    return {};
}

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || isGroup(child))
        return {};
    return createIndex(int(child.internalId() - 1), NameColumn, quintptr(0));
}

int WorkspaceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return kGroupCount;
    if (isGroup(parent) && parent.column() == NameColumn)
        return int(m_rows[std::size_t(parent.row())].size());
    return 0;
}

int WorkspaceTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant WorkspaceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (isGroup(index))
        return groupData(index.row(), index.column(), role);
    const int group = int(index.internalId() - 1);
    return objectData(m_rows[std::size_t(group)].at(index.row()), kindAt(group), index.column(), role);
}

QVariant WorkspaceTreeModel::groupData(int group, int column, int role) const
{
    const ObjectKind kind = kindAt(group);
    const QList<ObjectRow> &rows = m_rows[std::size_t(group)];
    switch (role) {
    case Qt::DisplayRole:
        if (column == NameColumn)
            return ObjectDisplay::pluralTitle(kind);
        return ObjectDisplay::countText(kind, rows.size());
    case Qt::DecorationRole:
        return column == NameColumn ? QVariant(ObjectDisplay::kindIcon(kind)) : QVariant();
    case Qt::FontRole: {
        if (column != NameColumn)
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    case KindRole:
        return int(kind);
    case NameRole:
        return QString();
    case IsGroupRole:
        return true;
    case ErrorCountRole:
    case WarningCountRole: {
        int total = 0;
        for (const ObjectRow &row : rows)
            total += role == ErrorCountRole ? row.errors : row.warnings;
        return total;
    }
    default:
        return {};
    }
}

void WorkspaceTreeModel::setDestinationHealth(const QHash<QString, TransferSummary> &latest)
{
    m_health = latest;
    const int group = int(std::find(kAllObjectKinds.begin(), kAllObjectKinds.end(), ObjectKind::Destination) -
                          kAllObjectKinds.begin());
    const QList<ObjectRow> &rows = m_rows[std::size_t(group)];
    if (!rows.isEmpty()) {
        const QModelIndex parent = index(group, 0);
        Q_EMIT dataChanged(index(0, 0, parent), index(int(rows.size()) - 1, ColumnCount - 1, parent));
    }
}

QVariant WorkspaceTreeModel::objectData(const ObjectRow &row, ObjectKind kind, int column, int role) const
{
    const TransferSummary *last = nullptr;
    if (kind == ObjectKind::Destination) {
        const auto found = m_health.constFind(row.name);
        if (found != m_health.cend())
            last = &*found;
    }
    const bool failed = last && TransferDisplay::isFailure(last->status);
    switch (role) {
    case Qt::ForegroundRole:
        return failed ? QVariant(TransferDisplay::statusColor(last->status)) : QVariant();
    case LastTransferFailedRole:
        return failed;
    default:
        break;
    }
    if (failed && column == NameColumn && role == Qt::DecorationRole && row.errors == 0)
        return TransferDisplay::statusIcon(last->status);
    if (failed && role == Qt::ToolTipRole) {
        QString tip = QStringLiteral("Last transfer: %1, %2")
                          .arg(TransferDisplay::statusText(last->status),
                               TransferDisplay::relativeTime(last->endedAt.isValid() ? last->endedAt : last->submittedAt));
        if (!last->errorTitle.isEmpty())
            tip += QStringLiteral(" — %1 (%2)").arg(last->errorTitle, last->errorCode);
        if (!row.issues.isEmpty())
            tip += QLatin1Char('\n') + issuesTooltip(row.issues);
        return tip;
    }
    switch (role) {
    case Qt::DisplayRole:
        return column == NameColumn ? row.name : row.summary;
    case Qt::DecorationRole:
        if (column != NameColumn)
            return {};
        if (row.errors > 0)
            return ObjectDisplay::severityIcon(ValidationIssue::Severity::Error);
        if (row.warnings > 0)
            return ObjectDisplay::severityIcon(ValidationIssue::Severity::Warning);
        return ObjectDisplay::kindIcon(kind);
    case Qt::ToolTipRole:
        if (!row.issues.isEmpty())
            return issuesTooltip(row.issues);
        return column == NameColumn ? row.name : row.summary;
    case KindRole:
        return int(kind);
    case NameRole:
        return row.name;
    case IsGroupRole:
        return false;
    case ErrorCountRole:
        return row.errors;
    case WarningCountRole:
        return row.warnings;
    default:
        return {};
    }
}

QVariant WorkspaceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Name");
    case SummaryColumn:
        return QStringLiteral("Details");
    default:
        return {};
    }
}

} // namespace ferry::ui
