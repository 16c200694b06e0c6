#pragma once

#include "config/workspace.h"
#include "state/transfer_summary.h"
#include "validate/validation_report.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include <array>

namespace ferry::ui {

// The workspace as a two-level tree: one group row per object kind ("Models", with a count), one child row per
// object with its name and a one-line summary. Objects with validation problems carry an icon and a tooltip.
class WorkspaceTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, SummaryColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(ObjectKind), on group and object rows
        NameRole,                    // the object's name; empty on group rows, so name filters skip them
        IsGroupRole,
        ErrorCountRole,
        WarningCountRole,
        LastTransferFailedRole, // destinations: the newest transfer to it ended in failure
    };

    explicit WorkspaceTreeModel(QObject *parent = nullptr);

    void setWorkspace(Workspace workspace, ValidationReport report);
    // The newest transfer per destination name: a destination whose last transfer failed is shown in red with the
    // failure's icon and error, whatever validation says.
    void setDestinationHealth(const QHash<QString, TransferSummary> &latest);
    const Workspace &workspace() const { return m_workspace; }
    const ValidationReport &report() const { return m_report; }

    QModelIndex groupIndex(ObjectKind kind, int column = NameColumn) const;
    // The row of the object named `name`, or an invalid index.
    QModelIndex objectIndex(ObjectKind kind, const QString &name, int column = NameColumn) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // What a row shows, computed once per workspace rather than on every paint.
    struct ObjectRow
    {
        QString name;
        QString summary;
        QList<ValidationIssue> issues;
        int errors = 0;
        int warnings = 0;
    };

    // Object rows point at their group through the internal id: 0 for groups, kind + 1 for objects.
    static bool isGroup(const QModelIndex &index) { return index.internalId() == 0; }
    static ObjectKind kindAt(int group) { return kAllObjectKinds[std::size_t(group)]; }
    QVariant groupData(int group, int column, int role) const;
    QVariant objectData(const ObjectRow &row, ObjectKind kind, int column, int role) const;

    Workspace m_workspace;
    ValidationReport m_report;
    std::array<QList<ObjectRow>, kAllObjectKinds.size()> m_rows;
    QHash<QString, TransferSummary> m_health;
};

} // namespace ferry::ui
