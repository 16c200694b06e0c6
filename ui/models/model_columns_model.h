#pragma once

#include "config/model.h"
#include "validate/validation_report.h"

#include <QAbstractTableModel>

namespace ferry::ui {

// A model's columns as a table, in destination-table order: source name, destination name, type and the
// primary-key and last-modified marks. Rows with validation problems (`columns[3]...`) carry an icon and tooltip.
class ModelColumnsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Named sections rather than columns: "Column" is already the model column this table lists.
    enum Section {
        SourceNameSection,
        DestinationNameSection,
        TypeSection,
        PrimaryKeySection,
        LastModifiedSection,
        DescriptionSection,
        SectionCount
    };
    enum Role { IsMarkedRole = Qt::UserRole + 1 }; // bool, for the primary-key and last-modified sections

    explicit ModelColumnsModel(QObject *parent = nullptr);

    // `issues` are the model's problems; those under `columns[i]` mark row i.
    void setModel(const Model &model, const QList<ValidationIssue> &issues = {});
    void clear();
    const Column &columnAt(int row) const { return m_columns.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Column> m_columns;
    QList<QList<ValidationIssue>> m_issues; // per row
};

} // namespace ferry::ui
