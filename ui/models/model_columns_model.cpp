#include "models/model_columns_model.h"

#include "models/object_display.h"
#include "models/object_fields_model.h"

#include "config/data_types.h"

#include <QColor>
#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

#include <algorithm>

namespace ferry::ui {

namespace {

const auto kRowsMime = QStringLiteral("application/x-ferry-column-rows");

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
    m_included = QList<bool>(m_columns.size(), true);
    appendExcludedSourceColumns();
    attachIssues(issues);
    endResetModel();
}

void ModelColumnsModel::attachIssues(const QList<ValidationIssue> &issues)
{
    m_issues.clear();
    for (qsizetype row = 0; row < m_columns.size(); ++row) {
        const QString path = QStringLiteral("columns[%1]").arg(row);
        QList<ValidationIssue> rowIssues;
        for (const ValidationIssue &issue : issues) {
            if (m_included.value(row) && issue.path != QLatin1String("columns") &&
                ObjectFieldsModel::pathsOverlap(path, issue.path))
                rowIssues.append(issue);
        }
        m_issues.append(rowIssues);
    }
}

void ModelColumnsModel::appendExcludedSourceColumns()
{
    for (const CatalogColumn &source : std::as_const(m_sourceColumns)) {
        const bool inModel = std::any_of(m_columns.begin(), m_columns.end(), [&](const Column &column) {
            return column.nameInSource.compare(source.name, Qt::CaseInsensitive) == 0;
        });
        if (inModel)
            continue;
        Column column;
        column.nameInSource = source.name;
        column.nameInDestination = source.name;
        column.dataType = source.suggestedType ? QString::fromLatin1(DataTypes::info(*source.suggestedType).name) : QString();
        m_columns.append(column);
        m_included.append(false);
    }
}

void ModelColumnsModel::clear()
{
    beginResetModel();
    m_columns.clear();
    m_included.clear();
    m_issues.clear();
    endResetModel();
}

void ModelColumnsModel::setEditable(bool editable)
{
    beginResetModel();
    m_editable = editable;
    endResetModel();
}

void ModelColumnsModel::setSourceColumns(const QList<CatalogColumn> &columns)
{
    beginResetModel();
    m_sourceColumns = columns;
    // Rows of the previous table that the model leaves out go; the new table's follow.
    QList<Column> kept;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (m_included[i])
            kept.append(m_columns[i]);
    }
    m_columns = kept;
    m_included = QList<bool>(kept.size(), true);
    appendExcludedSourceColumns();
    QList<ValidationIssue> none;
    attachIssues(none);
    endResetModel();
}

QList<Column> ModelColumnsModel::includedColumns() const
{
    QList<Column> columns;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (m_included[i])
            columns.append(m_columns[i]);
    }
    return columns;
}

int ModelColumnsModel::includedCount() const
{
    return int(std::count(m_included.begin(), m_included.end(), true));
}

QString ModelColumnsModel::nativeType(int row) const
{
    if (row < 0 || row >= m_columns.size())
        return {};
    for (const CatalogColumn &source : m_sourceColumns) {
        if (source.name.compare(m_columns[row].nameInSource, Qt::CaseInsensitive) == 0)
            return source.nativeType;
    }
    return {};
}

int ModelColumnsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

int ModelColumnsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : (m_editable ? SectionCount : IncludedSection);
}

QVariant ModelColumnsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Column &column = m_columns.at(index.row());
    const QList<ValidationIssue> &issues = m_issues.at(index.row());
    const bool marked = (index.column() == PrimaryKeySection && column.isPrimaryKey) ||
                        (index.column() == LastModifiedSection && column.isLastModified);
    const bool included = m_included.value(index.row(), true);
    switch (role) {
    case Qt::CheckStateRole:
        if (!m_editable)
            return {};
        if (index.column() == IncludedSection)
            return included ? Qt::Checked : Qt::Unchecked;
        if (index.column() == PrimaryKeySection || index.column() == LastModifiedSection)
            return marked ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        return included ? QVariant() : QVariant(QColor(0x75, 0x75, 0x75)); // a column left out reads as such
    case Qt::EditRole:
        switch (index.column()) {
        case DestinationNameSection:
            return column.nameInDestination;
        case TypeSection:
            return column.dataType;
        case DescriptionSection:
            return column.description.value_or(QString());
        default:
            return {};
        }
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
            return marked && !m_editable ? checkMark() : QString();
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
        if (!included)
            return QStringLiteral("Not delivered: tick Include to add this source column to the model");
        if (index.column() == TypeSection && !nativeType(index.row()).isEmpty())
            return QStringLiteral("In the source: %1").arg(nativeType(index.row()));
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
    case IncludedSection:
        return QStringLiteral("Include");
    default:
        return {};
    }
}

Qt::ItemFlags ModelColumnsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!m_editable)
        return flags;
    if (!index.isValid())
        return flags | Qt::ItemIsDropEnabled;
    flags |= Qt::ItemIsDragEnabled;
    switch (index.column()) {
    case DestinationNameSection:
    case TypeSection:
    case DescriptionSection:
        return m_included[index.row()] ? flags | Qt::ItemIsEditable : flags;
    case PrimaryKeySection:
    case LastModifiedSection:
        return m_included[index.row()] ? flags | Qt::ItemIsUserCheckable : flags;
    case IncludedSection:
        return flags | Qt::ItemIsUserCheckable;
    default:
        return flags;
    }
}

bool ModelColumnsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!m_editable || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const int row = index.row();
    Column &column = m_columns[row];
    const QString where = QStringLiteral("columns[%1]").arg(row);
    if (role == Qt::CheckStateRole) {
        const bool on = value.toInt() == Qt::Checked;
        if (index.column() == IncludedSection) {
            m_included[row] = on;
            Q_EMIT dataChanged(this->index(row, 0), this->index(row, SectionCount - 1));
            Q_EMIT columnsEdited(on ? QStringLiteral("include %1").arg(column.nameInSource)
                                    : QStringLiteral("leave out %1").arg(column.nameInSource),
                                 {});
            return true;
        }
        const bool primary = index.column() == PrimaryKeySection;
        if (!primary && index.column() != LastModifiedSection)
            return false;
        // One primary key and one last-modified column: marking one unmarks the others.
        for (qsizetype i = 0; i < m_columns.size(); ++i) {
            bool &mark = primary ? m_columns[i].isPrimaryKey : m_columns[i].isLastModified;
            mark = i == row ? on : (on ? false : mark);
        }
        Q_EMIT dataChanged(this->index(0, index.column()), this->index(rowCount() - 1, index.column()));
        Q_EMIT columnsEdited(QStringLiteral("%1 %2").arg(primary ? QStringLiteral("primary key") : QStringLiteral("last modified"),
                                                         column.nameInSource),
                             {});
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    const QString text = value.toString();
    switch (index.column()) {
    case DestinationNameSection:
        column.nameInDestination = text;
        Q_EMIT columnsEdited(QStringLiteral("rename of %1").arg(column.nameInSource), where + QStringLiteral(".name_in_destination"));
        break;
    case TypeSection:
        column.dataType = text;
        Q_EMIT columnsEdited(QStringLiteral("type of %1").arg(column.nameInSource), {});
        break;
    case DescriptionSection:
        column.description = text.isEmpty() ? std::nullopt : std::optional<QString>(text);
        Q_EMIT columnsEdited(QStringLiteral("description of %1").arg(column.nameInSource), where + QStringLiteral(".description"));
        break;
    default:
        return false;
    }
    Q_EMIT dataChanged(index, index);
    return true;
}

bool ModelColumnsModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                 const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count <= 0 || sourceRow < 0 ||
        sourceRow + count > m_columns.size() || destinationChild < 0 || destinationChild > m_columns.size() ||
        (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild);
    const int target = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i) {
        const int from = sourceRow + (destinationChild > sourceRow ? 0 : i);
        const int to = target + (destinationChild > sourceRow ? count - 1 : i);
        m_columns.move(from, to);
        m_included.move(from, to);
        m_issues.move(from, to);
    }
    endMoveRows();
    Q_EMIT columnsEdited(QStringLiteral("column order"), {});
    return true;
}

Qt::DropActions ModelColumnsModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList ModelColumnsModel::mimeTypes() const
{
    return {kRowsMime};
}

QMimeData *ModelColumnsModel::mimeData(const QModelIndexList &indexes) const
{
    QList<int> rows;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && !rows.contains(index.row()))
            rows.append(index.row());
    }
    std::sort(rows.begin(), rows.end());
    QByteArray encoded;
    QDataStream stream(&encoded, QIODevice::WriteOnly);
    stream << rows;
    auto *data = new QMimeData;
    data->setData(kRowsMime, encoded);
    return data;
}

bool ModelColumnsModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int, const QModelIndex &parent)
{
    if (action != Qt::MoveAction || !data->hasFormat(kRowsMime))
        return false;
    QList<int> rows;
    QDataStream stream(data->data(kRowsMime));
    stream >> rows;
    if (rows.isEmpty())
        return false;
    // Dropped on a row: before it; in the empty space below: at the end.
    const int target = row >= 0 ? row : (parent.isValid() ? parent.row() : rowCount());
    // One row moves (the view selects single rows). The move is done here, so the drop reports nothing for the
    // view to remove afterwards.
    moveRows({}, rows.first(), 1, {}, target);
    return false;
}

} // namespace ferry::ui
