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
class QStackedWidget;
class QToolBar;
class QTreeView;

namespace ferry::ui {

class EditorServices;
class ObjectDetailPane;
class ObjectEditor;
class WorkspaceFilterModel;
class WorkspaceTreeModel;
struct WorkspaceSnapshot;

// The Workspace page: the objects on the left (filterable, problems first), the selected object on the right: its
// editor when the app shows a state database, its read-only fields and problems when it checks a folder. A
// destination whose last transfer failed is marked so, beside its problems.
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

    // Editing: objects open in editors once services are set (the app shows a state database).
    void setEditorServices(EditorServices *services);
    // A panel across the top of the page, above the objects and the editor (the welcome pane, the guided path).
    void addTopPanel(QWidget *panel);
    // Actions shown above the object list and in its context menu (New, Duplicate, Rename, Delete).
    void addEditActions(const QList<QAction *> &actions);
    ObjectEditor *editor() const { return m_editor; }
    // Opens an editor on a new, unsaved object (false when the open editor's changes must be kept).
    bool newObject(ObjectKind kind, const QString &name);
    bool duplicateCurrent();
    // Selects the object and shows its editor on the tab whose title starts with `tab` (empty: as it is).
    bool editObject(ObjectKind kind, const QString &name, const QString &tab = {});
    // Selects the object once the next snapshot shows it (after a save, rename or delete reloads).
    void selectWhenShown(ObjectKind kind, const QString &name) { m_selectNext = Selection{kind, name}; }
    // Asks about the open editor's unsaved changes; true when the page may show something else.
    bool confirmLeaveEditor();
    struct Selection
    {
        ObjectKind kind;
        QString name;
    };
    std::optional<Selection> currentSelection() const;

    WorkspaceTreeModel *treeModel() const { return m_treeModel; }
    WorkspaceFilterModel *filterModel() const { return m_filterModel; }
    QTreeView *treeView() const { return m_tree; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QCheckBox *problemsOnlyBox() const { return m_problemsOnly; }
    ObjectDetailPane *detailPane() const { return m_detail; }

public Q_SLOTS:
    void focusFilter();

private:
    QWidget *buildObjectList();
    void openEditor(ObjectKind kind, const QString &name);
    void showEditor(ObjectEditor *editor);
    void showCurrentObject();
    void updateEmptyFilterHint();
    void selectInitialObject();

    WorkspaceTreeModel *m_treeModel;
    WorkspaceFilterModel *m_filterModel;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_problemsOnly = nullptr;
    QTreeView *m_tree = nullptr;
    QLabel *m_emptyFilterHint = nullptr;
    ObjectDetailPane *m_detail = nullptr;
    QStackedWidget *m_right = nullptr;
    QToolBar *m_editBar = nullptr;
    EditorServices *m_services = nullptr;
    ObjectEditor *m_editor = nullptr;
    std::optional<Selection> m_editing;   // the stored object the editor shows (none for a new one)
    std::optional<Selection> m_selectNext; // selected once the next snapshot holds it (a saved new object)
    bool m_restoringSelection = false;
    bool m_folderMode = false;
    QHash<QString, TransferSummary> m_health;
};

} // namespace ferry::ui
