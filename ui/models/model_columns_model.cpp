#include "models/model_columns_model.h"

#include "models/object_display.h"
#include "models/object_fields_model.h"

#include <algorithm>

namespace ferry::ui {

namespace {

QString checkMark()
{
    return QString(QChar(0x2713));
}

} // namespace

ModelColumnsModel::ModelColumnsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ModelColumnsModel::setModel(const Model &model, const QList<ValidationIssue> &issues)
{
    beginResetModel();
    m_columns = model.columns;
    m_issues.clear();
    for (qsizetype row = 0; row < m_columns.size(); ++row) {
        const QString path = QStringLiteral("columns[%1]").arg(row);
        QList<ValidationIssue> rowIssues;
        for (const ValidationIssue &issue : issues) {
            if (issue.path != QLatin1String("columns") && ObjectFieldsModel::pathsOverlap(path, issue.path))
                rowIssues.append(issue);
        }
        m_issues.append(rowIssues);
    }
    endResetModel();
}

void ModelColumnsModel::clear()
{
    beginResetModel();
    m_columns.clear();
    m_issues.clear();
    endResetModel();
}

int ModelColumnsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

int ModelColumnsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : SectionCount;
}

QVariant ModelColumnsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Column &column = m_columns.at(index.row());
    const QList<ValidationIssue> &issues = m_issues.at(index.row());
    const bool marked = (index.column() == PrimaryKeySection && column.isPrimaryKey) ||
                        (index.column() == LastModifiedSection && column.isLastModified);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SourceNameSection:
            return column.nameInSource;
        case DestinationNameSection:
            return column.nameInDestination;
        case TypeSection:
            return column.dataType;
        case PrimaryKeySection:
        case LastModifiedSection:
            return marked ? checkMark() : QString();
        case DescriptionSection:
            return column.description.value_or(QString());
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == PrimaryKeySection || index.column() == LastModifiedSection)
            return int(Qt::AlignCenter);
        return {};
    case Qt::DecorationRole: {
        if (index.column() != SourceNameSection || issues.isEmpty())
            return {};
        const bool hasErrors =
            std::any_of(issues.begin(), issues.end(), [](const ValidationIssue &i) { return i.isError(); });
        return ObjectDisplay::severityIcon(hasErrors ? ValidationIssue::Severity::Error
                                                     : ValidationIssue::Severity::Warning);
    }
    case Qt::ToolTipRole: {
        if (issues.isEmpty())
            return column.description ? QVariant(*column.description) : QVariant();
        QStringList messages;
        for (const ValidationIssue &issue : issues)
            messages << issue.path + QStringLiteral(": ") + issue.message;
        return messages.join(QLatin1Char('\n'));
    }
    case IsMarkedRole:
        return marked;
    default:
        return {};
    }
}

QVariant ModelColumnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        if (section == PrimaryKeySection)
            return QStringLiteral("Primary key: rows are matched on it when published");
        if (section == LastModifiedSection)
            return QStringLiteral("Last modified: incremental transfers read from its checkpoint");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SourceNameSection:
        return QStringLiteral("Source name");
    case DestinationNameSection:
        return QStringLiteral("Destination name");
    case TypeSection:
        return QStringLiteral("Type");
    case PrimaryKeySection:
        return QStringLiteral("PK");
    case LastModifiedSection:
        return QStringLiteral("Last modified");
    case DescriptionSection:
        return QStringLiteral("Description");
    default:
        return {};
    }
}

} // namespace ferry::ui
