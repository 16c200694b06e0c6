#pragma once

#include "loading/workspace_loader.h"
#include "state/state_location.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QTreeView;

namespace ferry::ui {

class ObjectDetailPane;
class WorkerControl;
class WorkspaceFilterModel;
class WorkspaceTreeModel;

// The first shell of the desktop app: the workspace's objects on the left (filterable), the selected object's
// fields and validation problems on the right, the state database in the status bar. Everything it reads comes
// from a WorkspaceLoader on a pool thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        StateLocation location;
        bool applyDemoWhenEmpty = true;
        // A workspace folder to check once the state database is open (the app's command-line argument).
        QString folder;
    };

    explicit MainWindow(Options options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts opening the state database; `workspaceShown` or `loadFailed` follows.
    void open();
    void reload();
    // Shows a workspace folder as `ferryctl apply` would see it, checked against the state database; writes
    // nothing. Reload checks the folder again; showStateDatabase() goes back.
    void checkFolder(const QString &folder);
    void showStateDatabase();
    QString checkedFolder() const { return m_folder; }

    bool isLoading() const;
    // Selects the object in the tree (clearing a filter that hides it); false when there is no such object.
    bool selectObject(ObjectKind kind, const QString &name);

    WorkspaceTreeModel *treeModel() const { return m_treeModel; }
    WorkspaceFilterModel *filterModel() const { return m_filterModel; }
    QTreeView *treeView() const { return m_tree; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QCheckBox *problemsOnlyBox() const { return m_problemsOnly; }
    ObjectDetailPane *detailPane() const { return m_detail; }
    WorkerControl *workers() const { return m_workers; }
    QString statusText() const;
    QString locationText() const;

Q_SIGNALS:
    void workspaceShown();
    void loadFailed(const ferry::Error &error);

private:
    struct Selection
    {
        ObjectKind kind;
        QString name;
    };

    void buildActions();
    QWidget *buildObjectList();
    void showSnapshot(const WorkspaceSnapshot &snapshot);
    void showFailure(const Error &error);
    void showCurrentObject();
    void updateEmptyFilterHint();
    std::optional<Selection> currentSelection() const;
    void selectInitialObject();
    void setLoading(bool loading);
    void chooseFolder();
    void updateLocationText();

    Options m_options;
    WorkspaceLoader *m_loader;
    std::shared_ptr<StateDatabase> m_state;
    WorkspaceTreeModel *m_treeModel;
    WorkspaceFilterModel *m_filterModel;

    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_problemsOnly = nullptr;
    QTreeView *m_tree = nullptr;
    QLabel *m_emptyFilterHint = nullptr;
    ObjectDetailPane *m_detail = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_locationLabel = nullptr;
    WorkerControl *m_workers = nullptr;
    QAction *m_reloadAction = nullptr;
    QAction *m_showStateAction = nullptr;
    QString m_folder; // the workspace folder shown instead of the state database, if any
};

} // namespace ferry::ui
