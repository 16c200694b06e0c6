#pragma once

#include "loading/workspace_loader.h"
#include "state/state_location.h"

#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace ferry::ui {

class AppSettings;
class ApplyFolderDialog;
class EditorServices;
class GuidedPath;
class WelcomePane;
class WorkspaceEditActions;
class LogsPage;
class RecipientsPage;
class StateQueryRunner;
class TransferActions;
class TransfersPage;
class WorkerControl;
class WorkspacePage;

// The desktop app's shell: a sidebar of pages (Workspace, Transfers, Logs, Recipients), the state database and the
// in-app workers in the status bar. It opens the state database and reads the workspace through a WorkspaceLoader;
// every page reads the state database through one shared StateQueryRunner, never on the UI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Page { Workspace, Transfers, Logs, Recipients };
    // What closing the window does while this app's workers run transfers.
    enum class CloseChoice { Finish, Stop, Cancel };

    struct Options
    {
        StateLocation location;
        bool applyDemoWhenEmpty = true;
        // A workspace folder to check once the state database is open (the app's command-line argument).
        QString folder;
        // Where window geometry, pages, columns and filters are remembered; null: the user's settings.
        std::shared_ptr<AppSettings> settings;
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
    // While a folder is shown: a dialog listing what applying it changes, and applying it (null otherwise).
    ApplyFolderDialog *openApplyFolderDialog();
    QString checkedFolder() const { return m_folder; }
    bool isLoading() const;

    void showPage(Page page);
    // Selects `id` on the current page: a transfer id (Transfers, Logs), a recipient or destination name
    // (Recipients), an object name (Workspace). False when the page can tell at once that there is no such thing.
    bool select(const QString &id);
    // Opens the editor of `spec` ("models/events") on the Workspace page, on the tab titled `tab` (any case, a
    // prefix will do; empty: the first). False when there is no such object or tab.
    bool edit(const QString &spec, const QString &tab = {});
    // Calls `then` once the pages' queries are all answered (headless screenshots, tests).
    void whenSettled(std::function<void()> then);
    Page currentPage() const;
    static QString pageName(Page page);
    static std::optional<Page> pageFromName(const QString &name);

    WorkspacePage *workspacePage() const { return m_workspacePage; }
    TransfersPage *transfersPage() const { return m_transfersPage; }
    LogsPage *logsPage() const { return m_logsPage; }
    RecipientsPage *recipientsPage() const { return m_recipientsPage; }
    WorkerControl *workers() const { return m_workers; }
    WelcomePane *welcomePane() const { return m_welcome; }
    GuidedPath *guidedPath() const { return m_guide; }
    EditorServices *editorServices() const { return m_editorServices; }
    WorkspaceEditActions *editActions() const { return m_editActions; }
    StateQueryRunner *queries() const { return m_queries; }
    QString statusText() const;
    QString locationText() const;
    // Replaces the question asked when the window closes while transfers run here (tests answer it).
    void setCloseQuestion(std::function<CloseChoice(int running)> ask) { m_askClose = std::move(ask); }

Q_SIGNALS:
    void workspaceShown();
    void loadFailed(const ferry::Error &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPages();
    void buildActions();
    void buildFirstRun();
    void showFirstRun(const WorkspaceSnapshot &snapshot);
    void showSnapshot(const WorkspaceSnapshot &snapshot);
    void showFailure(const Error &error);
    void showWarning(const QString &title, const QString &message);
    void setLoading(bool loading);
    void chooseFolder();
    void updateLocationText();
    void restoreSettings();
    void saveSettings();
    CloseChoice askClose(int running);

    Options m_options;
    std::shared_ptr<AppSettings> m_settings;
    WorkspaceLoader *m_loader;
    StateQueryRunner *m_queries;
    TransferActions *m_actions = nullptr;
    EditorServices *m_editorServices = nullptr;
    WorkspaceEditActions *m_editActions = nullptr;
    std::shared_ptr<StateDatabase> m_state;

    QListWidget *m_sidebar = nullptr;
    QStackedWidget *m_pages = nullptr;
    WorkspacePage *m_workspacePage = nullptr;
    TransfersPage *m_transfersPage = nullptr;
    LogsPage *m_logsPage = nullptr;
    RecipientsPage *m_recipientsPage = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_locationLabel = nullptr;
    WorkerControl *m_workers = nullptr;
    WelcomePane *m_welcome = nullptr;
    GuidedPath *m_guide = nullptr;
    QAction *m_reloadAction = nullptr;
    QAction *m_showStateAction = nullptr;
    QAction *m_applyFolderAction = nullptr;
    QString m_folder; // the workspace folder shown instead of the state database, if any
    std::function<CloseChoice(int)> m_askClose;
    bool m_closeWhenStopped = false;
};

} // namespace ferry::ui
