#include "views/main_window.h"

#include "actions/workspace_edit_actions.h"
#include "dialogs/apply_folder_dialog.h"
#include "editors/editor_services.h"

#include "actions/transfer_actions.h"
#include "demo/demo_workspace.h"
#include "first_run/guided_path.h"
#include "first_run/welcome_pane.h"
#include "loading/state_query_runner.h"
#include "models/object_display.h"
#include "settings/app_settings.h"
#include "ui_log.h"
#include "views/logs_page.h"
#include "views/recipients_page.h"
#include "views/transfers_page.h"
#include "views/worker_control.h"
#include "views/workspace_page.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <utility>

namespace ferry::ui {

namespace {

struct PageInfo
{
    MainWindow::Page page;
    const char *name; // --page and settings
    const char *title;
    QStyle::StandardPixmap icon;
};

constexpr PageInfo kPages[] = {
    {MainWindow::Page::Workspace, "workspace", "Workspace", QStyle::SP_DirHomeIcon},
    {MainWindow::Page::Transfers, "transfers", "Transfers", QStyle::SP_ArrowRight},
    {MainWindow::Page::Logs, "logs", "Logs", QStyle::SP_FileDialogDetailedView},
    {MainWindow::Page::Recipients, "recipients", "Recipients", QStyle::SP_DriveNetIcon},
};

} // namespace

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent),
      m_options(std::move(options)),
      m_settings(m_options.settings ? m_options.settings : std::make_shared<AppSettings>()),
      m_loader(new WorkspaceLoader(this)),
      m_queries(new StateQueryRunner(this))
{
    setWindowTitle(QStringLiteral("Ferry"));
    m_statusLabel = new QLabel(this);
    m_locationLabel = new QLabel(this);
    m_locationLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_statusLabel, 1);
    auto *workerLabel = new QLabel(this);
    statusBar()->addPermanentWidget(workerLabel);
    statusBar()->addPermanentWidget(m_locationLabel);
    m_workers = new WorkerControl(workerLabel, this);

    buildPages();
    buildFirstRun();
    buildActions();
    updateLocationText();
    connect(m_loader, &WorkspaceLoader::loaded, this, &MainWindow::showSnapshot);
    connect(m_loader, &WorkspaceLoader::failed, this, &MainWindow::showFailure);
    resize(1280, 780);
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The pages remember their columns and filters in m_settings as they go: they go first.
    delete takeCentralWidget();
}

void MainWindow::buildPages()
{
    m_actions = new TransferActions(m_queries, this);
    m_workspacePage = new WorkspacePage(this);
    m_editorServices = new EditorServices(m_queries, this);
    m_workspacePage->setEditorServices(m_editorServices);
    m_editActions = new WorkspaceEditActions(m_workspacePage, m_editorServices, this);
    m_workspacePage->addEditActions(m_editActions->actions());
    // Every save, rename or delete reloads the workspace: the tree, the problems and the other pages follow.
    connect(m_editorServices, &EditorServices::applied, this, [this] { reload(); });
    connect(m_editActions, &WorkspaceEditActions::finished, this, [this](bool ok, const QString &message) {
        if (ok)
            statusBar()->showMessage(message, 8000);
        else
            showWarning(QStringLiteral("Not applied"), message);
    });
    m_transfersPage = new TransfersPage(m_queries, m_actions, m_settings.get(), this);
    m_logsPage = new LogsPage(m_queries, m_settings.get(), this);
    m_recipientsPage = new RecipientsPage(m_queries, m_actions, m_settings.get(), this);

    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(QStringLiteral("pageSidebar"));
    m_sidebar->setViewMode(QListView::ListMode);
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setSpacing(2);
    m_pages = new QStackedWidget(this);
    QWidget *widgets[] = {m_workspacePage, m_transfersPage, m_logsPage, m_recipientsPage};
    int widest = 0;
    for (const PageInfo &info : kPages) {
        auto *item = new QListWidgetItem(style()->standardIcon(info.icon), QString::fromLatin1(info.title), m_sidebar);
        item->setSizeHint(QSize(0, m_sidebar->fontMetrics().height() + 16));
        item->setToolTip(QStringLiteral("%1 (Ctrl+%2)").arg(QLatin1String(info.title)).arg(int(info.page) + 1));
        widest = qMax(widest, m_sidebar->fontMetrics().horizontalAdvance(QLatin1String(info.title)));
        m_pages->addWidget(widgets[int(info.page)]);
    }
    m_sidebar->setFixedWidth(widest + 64);
    m_sidebar->setStyleSheet(QStringLiteral("QListWidget { background: palette(window); }"
                                            "QListWidget::item { padding-left: 6px; }"));
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_sidebar->setCurrentRow(int(Page::Transfers));

    connect(m_transfersPage, &TransfersPage::showLogsRequested, this, [this](const QString &id) {
        m_logsPage->showTransfer(id);
        showPage(Page::Logs);
    });
    connect(m_recipientsPage, &RecipientsPage::healthChanged, m_workspacePage, &WorkspacePage::setDestinationHealth);
    connect(m_actions, &TransferActions::enqueued, this, [this](const QString &, const QString &what) {
        // A queued transfer waits for a worker: say where one comes from when this app runs none.
        statusBar()->showMessage(m_workers->isRunning()
                                     ? what
                                     : what + QStringLiteral(" · it runs once a worker serves the queue: Transfers › Run "
                                                             "Transfers in This App, or `ferryctl run`"),
                                 12000);
        m_transfersPage->reload();
    });
    connect(m_actions, &TransferActions::stopped, this, [this](const QString &id, const QString &status) {
        statusBar()->showMessage(QStringLiteral("Transfer %1: %2").arg(id, status), 8000);
    });
    connect(m_actions, &TransferActions::failed, this, [this](const Error &error) {
        QMessageBox::warning(this, error.title, error.message + (error.hint.isEmpty() ? QString() : QStringLiteral("\n\n") + error.hint));
    });
    connect(m_workers, &WorkerControl::transferProgress, m_transfersPage, &TransfersPage::noteProgress);
    connect(m_workers, &WorkerControl::transferChanged, m_transfersPage, &TransfersPage::noteProgress);
    connect(m_workers, &WorkerControl::transferChanged, m_recipientsPage, &RecipientsPage::reload);
    connect(m_workers, &WorkerControl::housekeepingDone, m_transfersPage, [this] { m_transfersPage->noteProgress({}); });

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
}

void MainWindow::buildActions()
{
    m_reloadAction = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh"),
                                                  style()->standardIcon(QStyle::SP_BrowserReload)),
                                 QStringLiteral("&Reload"), this);
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    m_reloadAction->setToolTip(QStringLiteral("Read the workspace and transfers from the state database again (F5)"));
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    auto *checkFolderAction = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton),
                                          QStringLiteral("&Check Workspace Folder…"), this);
    checkFolderAction->setShortcut(QKeySequence::Open);
    checkFolderAction->setToolTip(
        QStringLiteral("Show a workspace folder's objects and problems as `ferryctl apply` would; writes nothing"));
    connect(checkFolderAction, &QAction::triggered, this, &MainWindow::chooseFolder);

    m_showStateAction = new QAction(style()->standardIcon(QStyle::SP_ArrowBack),
                                    QStringLiteral("Back to State Database"), this);
    m_showStateAction->setToolTip(QStringLiteral("Show the objects the state database holds"));
    m_showStateAction->setVisible(false);
    connect(m_showStateAction, &QAction::triggered, this, &MainWindow::showStateDatabase);
    m_applyFolderAction = new QAction(style()->standardIcon(QStyle::SP_DialogApplyButton), QStringLiteral("&Apply Folder…"), this);
    m_applyFolderAction->setObjectName(QStringLiteral("applyFolderAction"));
    m_applyFolderAction->setToolTip(QStringLiteral("See what applying this folder changes, then apply it to the state database"));
    m_applyFolderAction->setVisible(false);
    connect(m_applyFolderAction, &QAction::triggered, this, [this] { openApplyFolderDialog(); });

    auto *quit = new QAction(QStringLiteral("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto *findAction = new QAction(QStringLiteral("&Find Object"), this);
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] {
        showPage(Page::Workspace);
        m_workspacePage->focusFilter();
    });

    auto *about = new QAction(QStringLiteral("&About Ferry"), this);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, QStringLiteral("About Ferry"),
                           QStringLiteral("<b>Ferry %1</b><p>Delivers each customer its own slice of your "
                                          "multi-tenant data.</p>")
                               .arg(QStringLiteral(FERRY_VERSION)));
    });

    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(checkFolderAction);
    file->addAction(m_showStateAction);
    file->addAction(m_applyFolderAction);
    file->addAction(m_reloadAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    edit->addAction(findAction);
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    for (const PageInfo &info : kPages) {
        auto *action = view->addAction(QString::fromLatin1(info.title));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + int(info.page))));
        connect(action, &QAction::triggered, this, [this, page = info.page] { showPage(page); });
    }
    QMenu *transfers = menuBar()->addMenu(QStringLiteral("&Transfers"));
    transfers->addAction(m_workers->action());
    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction *guide = help->addAction(QStringLiteral("&Connect Your Own Data…"));
    guide->setToolTip(QStringLiteral("A guided path from a source to a first delivered table; resumes where you left it"));
    connect(guide, &QAction::triggered, this, [this] {
        m_welcome->hide();
        m_guide->start();
    });
    help->addSeparator();
    help->addAction(about);

    QToolBar *toolbar = addToolBar(QStringLiteral("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_reloadAction);
    toolbar->addAction(checkFolderAction);
    toolbar->addAction(m_showStateAction);
    toolbar->addAction(m_applyFolderAction);
    toolbar->addSeparator();
    toolbar->addAction(m_workers->action());
}

// The welcome pane and the guided path sit above the Workspace page's objects and editor.
void MainWindow::buildFirstRun()
{
    m_welcome = new WelcomePane(m_workspacePage);
    m_welcome->hide();
    m_guide = new GuidedPath(this, m_settings.get());
    m_workspacePage->addTopPanel(m_welcome);
    m_workspacePage->addTopPanel(m_guide);
    connect(m_welcome, &WelcomePane::exploreDemoChosen, this, [this] {
        m_settings->setWelcomeDismissed(true);
        m_welcome->hide();
        showPage(Page::Workspace);
        const QStringList models = m_editorServices->workspace().names(ObjectKind::Model);
        if (!models.isEmpty())
            m_workspacePage->selectObject(ObjectKind::Model, models.first());
    });
    connect(m_welcome, &WelcomePane::connectOwnDataChosen, this, [this] {
        m_settings->setWelcomeDismissed(true);
        m_welcome->hide();
        m_guide->start();
    });
}

void MainWindow::showFirstRun(const WorkspaceSnapshot &snapshot)
{
    m_guide->showWorkspace(snapshot.workspace);
    // First start (the demo was just made), or never answered: offer the two ways on, unless the guide is open.
    if (!m_guide->isActive() && (snapshot.demoApplied || !m_settings->welcomeDismissed())) {
        m_welcome->setDemoAvailable(snapshot.workspace.objectCount() > 0);
        m_welcome->show();
        if (snapshot.demoApplied || snapshot.workspace.objectCount() == 0)
            showPage(Page::Workspace); // a new user: nothing else to look at yet; else the remembered page stays
    }
}

QString MainWindow::pageName(Page page)
{
    return QString::fromLatin1(kPages[int(page)].name);
}

std::optional<MainWindow::Page> MainWindow::pageFromName(const QString &name)
{
    for (const PageInfo &info : kPages) {
        if (name.compare(QLatin1String(info.name), Qt::CaseInsensitive) == 0)
            return info.page;
    }
    return std::nullopt;
}

void MainWindow::showPage(Page page)
{
    m_sidebar->setCurrentRow(int(page));
}

bool MainWindow::select(const QString &id)
{
    switch (currentPage()) {
    case Page::Workspace:
        for (const ObjectKind kind : kAllObjectKinds) {
            if (m_workspacePage->selectObject(kind, id))
                return true;
        }
        return false;
    case Page::Transfers:
        m_transfersPage->selectTransfer(id);
        return true;
    case Page::Logs:
        m_logsPage->showTransfer(id);
        return true;
    case Page::Recipients:
        return m_recipientsPage->select(id);
    }
    return false;
}

void MainWindow::whenSettled(std::function<void()> then)
{
    // Settled: nothing loading and no query pending on two looks 150 ms apart (an answer may start another query).
    auto *timer = new QTimer(this);
    timer->setInterval(150);
    auto quietLooks = std::make_shared<int>(0);
    connect(timer, &QTimer::timeout, this, [this, timer, quietLooks, then = std::move(then)] {
        *quietLooks = (isLoading() || m_queries->pendingCount() > 0) ? 0 : *quietLooks + 1;
        if (*quietLooks < 2)
            return;
        timer->stop();
        timer->deleteLater();
        then();
    });
    timer->start();
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

ApplyFolderDialog *MainWindow::openApplyFolderDialog()
{
    if (m_folder.isEmpty() || !m_state)
        return nullptr;
    auto *dialog = new ApplyFolderDialog(m_queries, m_folder, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ApplyFolderDialog::applied, this, [this](const WorkspaceApplier::Outcome &outcome) {
        statusBar()->showMessage(QStringLiteral("Applied %1: %2 changes%3")
                                     .arg(QDir::toNativeSeparators(m_folder))
                                     .arg(outcome.changes.size())
                                     .arg(outcome.enqueuedTransferIds.isEmpty()
                                              ? QString()
                                              : QStringLiteral(", %1 full refreshes queued").arg(outcome.enqueuedTransferIds.size())),
                                 12000);
        showStateDatabase();
    });
    dialog->open();
    return dialog;
}

void MainWindow::showWarning(const QString &title, const QString &message)
{
    // Window-modal and opened, not exec()'d: no nested event loop, and the refusal stays readable.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("warningBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    statusBar()->showMessage(message, 12000);
}

bool MainWindow::edit(const QString &spec, const QString &tab)
{
    const qsizetype slash = spec.indexOf(QLatin1Char('/'));
    const std::optional<ObjectKind> kind = kindFromFolderName(spec.left(slash));
    if (slash < 0 || !kind)
        return false;
    showPage(Page::Workspace);
    m_welcome->hide(); // asked for an editor: the welcome's offer is not what this is about (not recorded as answered)
    return m_workspacePage->editObject(*kind, spec.mid(slash + 1), tab);
}

void MainWindow::restoreSettings()
{
    restoreGeometry(m_settings->windowGeometry());
    if (const std::optional<Page> page = pageFromName(m_settings->currentPage()))
        showPage(*page);
}

void MainWindow::saveSettings()
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setCurrentPage(pageName(currentPage()));
    m_settings->sync();
}

void MainWindow::open()
{
    setLoading(true);
    m_loader->open(m_options.location, {m_options.applyDemoWhenEmpty});
}

void MainWindow::reload()
{
    if (!m_folder.isEmpty()) {
        checkFolder(m_folder);
        return;
    }
    if (!m_state) {
        open(); // the last open failed: try again from the start
        return;
    }
    setLoading(true);
    m_loader->load(m_state, {false});
}

void MainWindow::checkFolder(const QString &folder)
{
    m_folder = folder;
    updateLocationText();
    setLoading(true);
    m_loader->checkFolder(m_state, folder);
}

void MainWindow::showStateDatabase()
{
    m_folder.clear();
    updateLocationText();
    reload();
}

void MainWindow::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, QStringLiteral("Check Workspace Folder"), m_folder.isEmpty() ? QDir::homePath() : m_folder);
    if (!folder.isEmpty())
        checkFolder(folder);
}

void MainWindow::updateLocationText()
{
    const bool showingFolder = !m_folder.isEmpty();
    m_showStateAction->setVisible(showingFolder);
    m_applyFolderAction->setVisible(showingFolder);
    m_locationLabel->setText(showingFolder
                                 ? QStringLiteral("Folder: %1 (checked, not applied)").arg(QDir::toNativeSeparators(m_folder))
                                 : QStringLiteral("State: ") + m_options.location.displayName());
    setWindowTitle(showingFolder ? QStringLiteral("%1 — Ferry").arg(QDir(m_folder).dirName()) : QStringLiteral("Ferry"));
}

bool MainWindow::isLoading() const
{
    return m_loader->isBusy();
}

void MainWindow::setLoading(bool loading)
{
    m_reloadAction->setEnabled(!loading);
    if (loading) {
        m_statusLabel->setText(QStringLiteral("Loading…"));
        if (!m_workspacePage->hasObjects())
            m_workspacePage->showPlaceholder(QStringLiteral("Opening %1…").arg(m_options.location.displayName()));
    }
}

void MainWindow::showSnapshot(const WorkspaceSnapshot &snapshot)
{
    const bool newState = snapshot.state && snapshot.state != m_state;
    if (newState)
        m_settings->setLastStateDatabase(m_options.location.displayName()); // reopened next time without --state
    if (snapshot.state) {
        m_state = snapshot.state;
        m_workers->setState(m_state);
        m_queries->setState(m_state);
    }
    if (snapshot.folder.isEmpty() && !m_options.folder.isEmpty()) {
        checkFolder(std::exchange(m_options.folder, {})); // the state is open: now the folder the user named
        return;
    }
    m_editorServices->setSnapshot(snapshot);
    m_workspacePage->showSnapshot(snapshot);
    setLoading(false);
    if (snapshot.folder.isEmpty()) {
        m_actions->setWorkspace(snapshot.workspace);
        m_transfersPage->setWorkspace(snapshot.workspace);
        m_recipientsPage->setWorkspace(snapshot.workspace);
        showFirstRun(snapshot);
    }
    if (newState || snapshot.folder.isEmpty()) {
        m_transfersPage->reload();
        m_logsPage->reload();
        m_recipientsPage->reload();
    }

    const ValidationReport &report = snapshot.report;
    const QString problems = ObjectDisplay::problemCountText(report.errorCount(), report.warningCount());
    m_statusLabel->setText(QStringLiteral("%1 objects · %2")
                               .arg(snapshot.workspace.objectCount())
                               .arg(problems.isEmpty() ? QStringLiteral("no validation problems") : problems));
    if (snapshot.demoApplied)
        statusBar()->showMessage(QStringLiteral("Created the demo workspace in %1")
                                     .arg(DemoWorkspace::defaultRootFor(m_options.location)),
                                 10000);
    Q_EMIT workspaceShown();
}

void MainWindow::showFailure(const Error &error)
{
    setLoading(false);
    qCWarning(lcUi) << "loading the workspace failed:" << error.toString();
    m_statusLabel->setText(error.title);
    QString text = error.title + QStringLiteral("\n\n") + error.message;
    if (!error.hint.isEmpty())
        text += QStringLiteral("\n\n") + error.hint;
    m_workspacePage->showPlaceholder(text);
    showPage(Page::Workspace);
    Q_EMIT loadFailed(error);
}

MainWindow::CloseChoice MainWindow::askClose(int running)
{
    if (m_askClose)
        return m_askClose(running);
    QMessageBox box(QMessageBox::Question, QStringLiteral("Transfers are running"),
                    QStringLiteral("%1 transfer(s) run in this app.").arg(running), QMessageBox::NoButton, this);
    box.setInformativeText(QStringLiteral("Let them finish and then close, or stop them now: a stopped transfer is "
                                          "KILLED at its next batch, nothing is half-published, and the next "
                                          "transfer resumes from the last published window."));
    QPushButton *finish = box.addButton(QStringLiteral("Finish, Then Close"), QMessageBox::AcceptRole);
    QPushButton *stop = box.addButton(QStringLiteral("Stop Them and Close"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(finish);
    box.exec();
    if (box.clickedButton() == finish)
        return CloseChoice::Finish;
    if (box.clickedButton() == stop)
        return CloseChoice::Stop;
    return CloseChoice::Cancel;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_closeWhenStopped && !m_workspacePage->confirmLeaveEditor()) {
        event->ignore();
        return;
    }
    const int running = m_workers->runningCount();
    if (running > 0 && !m_closeWhenStopped) {
        switch (askClose(running)) {
        case CloseChoice::Cancel:
            event->ignore();
            return;
        case CloseChoice::Finish:
            // Claim nothing more; close once the running transfers ended (the window stays responsive).
            m_closeWhenStopped = true;
            connect(m_workers, &WorkerControl::stopped, this, &QWidget::close, Qt::QueuedConnection);
            m_workers->stopWorkers();
            statusBar()->showMessage(QStringLiteral("Closing once %1 transfer(s) finish…").arg(running));
            event->ignore();
            return;
        case CloseChoice::Stop:
            m_workers->killWorkers(); // KILLED at their next batch; the window closes meanwhile
            break;
        }
    } else if (m_closeWhenStopped && m_workers->isRunning()) {
        event->ignore(); // still finishing
        return;
    }
    saveSettings();
    event->accept();
}

QString MainWindow::statusText() const
{
    return m_statusLabel->text();
}

QString MainWindow::locationText() const
{
    return m_locationLabel->text();
}

} // namespace ferry::ui
