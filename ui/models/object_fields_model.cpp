#include "models/object_fields_model.h"

#include "config/config_json.h"
#include "models/object_display.h"

#include <algorithm>

namespace ferry::ui {

namespace {

using Json = nlohmann::ordered_json;

QString scalarText(const Json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    return QString::fromStdString(value.dump());
}

bool isScalarArray(const Json &array)
{
    return std::all_of(array.begin(), array.end(), [](const Json &item) { return item.is_primitive(); });
}

bool startsPath(const QString &longer, const QString &prefix)
{
    if (longer.size() <= prefix.size() || !longer.startsWith(prefix))
        return false;
    const QChar next = longer.at(prefix.size());
    return next == QLatin1Char('.') || next == QLatin1Char('[');
}

} // namespace

ObjectFieldsModel::ObjectFieldsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ObjectFieldsModel::setObject(const Workspace &workspace, ObjectKind kind, qsizetype index)
{
    Json json = ConfigJson::toJson(workspace, kind, index);
    if (kind == ObjectKind::Model && json.contains("columns")) {
        const std::size_t count = json["columns"].size();
        json["columns"] = std::to_string(count) + (count == 1 ? " column" : " columns");
    }
    setJson(json);
}

void ObjectFieldsModel::setJson(const nlohmann::ordered_json &json)
{
    beginResetModel();
    m_fields.clear();
    flatten(json, {});
    attachIssues();
    endResetModel();
}

void ObjectFieldsModel::setIssues(QList<ValidationIssue> issues)
{
    m_issues = std::move(issues);
    attachIssues();
    if (!m_fields.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ObjectFieldsModel::clear()
{
    beginResetModel();
    m_fields.clear();
    m_issues.clear();
    endResetModel();
}

int ObjectFieldsModel::rowOf(const QString &path) const
{
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (m_fields[i].path == path)
            return int(i);
    }
    return -1;
}

QString ObjectFieldsModel::valueOf(const QString &path) const
{
    const int row = rowOf(path);
    return row < 0 ? QString() : m_fields[row].value;
}

bool ObjectFieldsModel::pathsOverlap(const QString &fieldPath, const QString &issuePath)
{
    if (fieldPath.isEmpty() || issuePath.isEmpty())
        return false;
    return fieldPath == issuePath || startsPath(issuePath, fieldPath) || startsPath(fieldPath, issuePath);
}

void ObjectFieldsModel::flatten(const nlohmann::ordered_json &value, const QString &path)
{
    if (value.is_object()) {
        for (const auto &[key, item] : value.items()) {
            const QString name = QString::fromStdString(key);
            flatten(item, path.isEmpty() ? name : path + QLatin1Char('.') + name);
        }
    } else if (value.is_array() && isScalarArray(value)) {
        QStringList items;
        for (const Json &item : value)
            items << scalarText(item);
        m_fields.append({path, items.isEmpty() ? QStringLiteral("(none)") : items.join(QStringLiteral(", ")), {}});
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            flatten(value[i], path + QStringLiteral("[%1]").arg(i));
    } else {
        m_fields.append({path, scalarText(value), {}});
    }
}

void ObjectFieldsModel::attachIssues()
{
    for (Field &field : m_fields) {
        field.issues.clear();
        for (const ValidationIssue &issue : std::as_const(m_issues)) {
            if (pathsOverlap(field.path, issue.path))
                field.issues.append(issue);
        }
    }
}

int ObjectFieldsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size());
}

int ObjectFieldsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ObjectFieldsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Field &field = m_fields.at(index.row());
    const bool hasErrors =
        std::any_of(field.issues.begin(), field.issues.end(), [](const ValidationIssue &i) { return i.isError(); });
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == FieldColumn ? field.path : field.value;
    case Qt::DecorationRole:
        if (index.column() != FieldColumn || field.issues.isEmpty())
            return {};
        return ObjectDisplay::severityIcon(hasErrors ? ValidationIssue::Severity::Error
                                                     : ValidationIssue::Severity::Warning);
    case Qt::ToolTipRole: {
        if (field.issues.isEmpty())
            return index.column() == FieldColumn ? field.path : field.value;
        QStringList messages;
        for (const ValidationIssue &issue : field.issues)
            messages << issue.message;
        return messages.join(QLatin1Char('\n'));
    }
    case PathRole:
        return field.path;
    default:
        return {};
    }
}

QVariant ObjectFieldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FieldColumn:
        return QStringLiteral("Field");
    case ValueColumn:
        return QStringLiteral("Value");
    default:
        return {};
    }
}

} // namespace ferry::ui
