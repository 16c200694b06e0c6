#pragma once

#include "config/object_kind.h"
#include "errors/error.h"
#include "state/transfer_summary.h"
#include "validate/validation_report.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTreeView;

namespace ferry::ui {

class ObjectDetailPane;
class WorkspaceFilterModel;
class WorkspaceTreeModel;
struct WorkspaceSnapshot;

// The Workspace page: the objects on the left (filterable, problems first), the selected object's fields and
// validation problems on the right. A destination whose last transfer failed is marked so, beside its problems.
class WorkspacePage : public QWidget
{
    Q_OBJECT

public:
    explicit WorkspacePage(QWidget *parent = nullptr);
    ~WorkspacePage() override;

    void showSnapshot(const WorkspaceSnapshot &snapshot);
    void showPlaceholder(const QString &text);
    // The newest transfer of each destination, by destination name (Recipients' health).
    void setDestinationHealth(const QHash<QString, TransferSummary> &latest);
    // Selects the object in the tree (clearing a filter that hides it); false when there is no such object.
    bool selectObject(ObjectKind kind, const QString &name);
    bool hasObjects() const;

    WorkspaceTreeModel *treeModel() const { return m_treeModel; }
    WorkspaceFilterModel *filterModel() const { return m_filterModel; }
    QTreeView *treeView() const { return m_tree; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QCheckBox *problemsOnlyBox() const { return m_problemsOnly; }
    ObjectDetailPane *detailPane() const { return m_detail; }

public Q_SLOTS:
    void focusFilter();

private:
    struct Selection
    {
        ObjectKind kind;
        QString name;
    };

    QWidget *buildObjectList();
    void showCurrentObject();
    void updateEmptyFilterHint();
    std::optional<Selection> currentSelection() const;
    void selectInitialObject();

    WorkspaceTreeModel *m_treeModel;
    WorkspaceFilterModel *m_filterModel;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_problemsOnly = nullptr;
    QTreeView *m_tree = nullptr;
    QLabel *m_emptyFilterHint = nullptr;
    ObjectDetailPane *m_detail = nullptr;
    QHash<QString, TransferSummary> m_health;
};

} // namespace ferry::ui
