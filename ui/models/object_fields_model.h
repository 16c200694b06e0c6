#pragma once

#include "config/workspace.h"
#include "validate/validation_report.h"

#include <nlohmann/json.hpp>

#include <QAbstractTableModel>

namespace ferry::ui {

// The fields of one configuration object as two columns, Field and Value, keyed by the JSON paths its file uses
// (`ssh_tunnel.host`, `columns[0].name_in_source`), so they match the paths validation problems name.
class ObjectFieldsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };
    enum Role { PathRole = Qt::UserRole + 1 };

    explicit ObjectFieldsModel(QObject *parent = nullptr);

    // The object's fields as its file holds them. A model's columns collapse into one "columns" row
    // ("7 columns"): ModelColumnsModel shows them as a table.
    void setObject(const Workspace &workspace, ObjectKind kind, qsizetype index);
    // Any JSON object, flattened: nested objects and arrays of objects become dotted and indexed paths, arrays of
    // plain values one comma-separated row.
    void setJson(const nlohmann::ordered_json &json);
    // Problems shown beside the fields their path names.
    void setIssues(QList<ValidationIssue> issues);
    void clear();

    // The row showing `path`, or -1.
    int rowOf(const QString &path) const;
    QString valueOf(const QString &path) const;
    // True when an issue at `issuePath` concerns the field at `fieldPath` (the same, inside it, or around it).
    static bool pathsOverlap(const QString &fieldPath, const QString &issuePath);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Field
    {
        QString path;
        QString value;
        QList<ValidationIssue> issues;
    };

    void flatten(const nlohmann::ordered_json &value, const QString &path);
    void attachIssues();

    QList<Field> m_fields;
    QList<ValidationIssue> m_issues;
};

} // namespace ferry::ui
