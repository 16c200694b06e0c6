#pragma once

#include "connectors/source_catalog.h"

#include "config/model.h"
#include "validate/validation_report.h"

#include <QAbstractTableModel>

namespace ferry::ui {

// A model's columns as a table, in destination-table order: source name, destination name, type and the
// primary-key and last-modified marks. Rows with validation problems (`columns[3]...`) carry an icon and tooltip.
// Editable (the model builder): names, types, marks and descriptions change in place, rows move by drag and drop,
// and a source table's other columns follow the model's, unticked, to be included with one click.
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
        IncludedSection, // editable tables only
        SectionCount
    };
    enum Role { IsMarkedRole = Qt::UserRole + 1 }; // bool, for the primary-key and last-modified sections

    explicit ModelColumnsModel(QObject *parent = nullptr);

    // `issues` are the model's problems; those under `columns[i]` mark row i.
    void setModel(const Model &model, const QList<ValidationIssue> &issues = {});
    void clear();
    const Column &columnAt(int row) const { return m_columns.at(row); }

    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }
    // The source table's columns (from introspection): those the model leaves out are listed after its own, unticked.
    void setSourceColumns(const QList<CatalogColumn> &columns);
    // The ticked rows, in order: what the model's `columns` holds.
    QList<Column> includedColumns() const;
    int includedCount() const;
    // A source column's native type ("timestamp without time zone"), empty when unknown.
    QString nativeType(int row) const;

    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                  int destinationChild) override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent) override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // An edit in the table: `mergeKey` groups consecutive edits of one cell into one undo step (empty: none).
    void columnsEdited(const QString &what, const QString &mergeKey);

private:
    void appendExcludedSourceColumns();
    void attachIssues(const QList<ValidationIssue> &issues);

    QList<Column> m_columns;
    QList<bool> m_included;                 // per row
    QList<QList<ValidationIssue>> m_issues; // per row
    QList<CatalogColumn> m_sourceColumns;
    bool m_editable = false;
};

} // namespace ferry::ui
