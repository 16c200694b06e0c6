#include "views/main_window.h"

#include "demo/demo_workspace.h"
#include "models/object_display.h"
#include "models/workspace_filter_model.h"
#include "models/workspace_tree_model.h"
#include "ui_log.h"
#include "views/object_detail_pane.h"
#include "views/worker_control.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace ferry::ui {

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent),
      m_options(std::move(options)),
      m_loader(new WorkspaceLoader(this)),
      m_treeModel(new WorkspaceTreeModel(this)),
      m_filterModel(new WorkspaceFilterModel(this))
{
    setWindowTitle(QStringLiteral("Ferry"));
    m_filterModel->setSourceModel(m_treeModel);

    m_detail = new ObjectDetailPane(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildObjectList());
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({380, 720});
    setCentralWidget(splitter);

    m_statusLabel = new QLabel(this);
    m_locationLabel = new QLabel(this);
    m_locationLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_statusLabel, 1);
    auto *workerLabel = new QLabel(this);
    statusBar()->addPermanentWidget(workerLabel);
    statusBar()->addPermanentWidget(m_locationLabel);
    m_workers = new WorkerControl(workerLabel, this);

    buildActions();
    updateLocationText();
    connect(m_loader, &WorkspaceLoader::loaded, this, &MainWindow::showSnapshot);
    connect(m_loader, &WorkspaceLoader::failed, this, &MainWindow::showFailure);
    resize(1180, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    m_reloadAction = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh"),
                                                  style()->standardIcon(QStyle::SP_BrowserReload)),
                                 QStringLiteral("&Reload"), this);
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    m_reloadAction->setToolTip(QStringLiteral("Read the workspace from the state database again (F5)"));
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

    auto *quit = new QAction(QStringLiteral("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto *findAction = new QAction(QStringLiteral("&Find Object"), this);
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
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
    file->addAction(m_reloadAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    edit->addAction(findAction);
    QMenu *transfers = menuBar()->addMenu(QStringLiteral("&Transfers"));
    transfers->addAction(m_workers->action());
    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(about);

    QToolBar *toolbar = addToolBar(QStringLiteral("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_reloadAction);
    toolbar->addAction(checkFolderAction);
    toolbar->addAction(m_showStateAction);
    toolbar->addSeparator();
    toolbar->addAction(m_workers->action());
}

QWidget *MainWindow::buildObjectList()
{
    auto *panel = new QWidget(this);
    m_filterEdit = new QLineEdit(panel);
    m_filterEdit->setPlaceholderText(QStringLiteral("Filter by name"));
    m_filterEdit->setClearButtonEnabled(true);
    m_problemsOnly = new QCheckBox(QStringLiteral("Only objects with problems"), panel);

    m_tree = new QTreeView(panel);
    m_tree->setModel(m_filterModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(WorkspaceTreeModel::NameColumn, 190);

    m_emptyFilterHint = new QLabel(QStringLiteral("No object matches the filter"), panel);
    m_emptyFilterHint->setAlignment(Qt::AlignCenter);
    m_emptyFilterHint->setEnabled(false);
    m_emptyFilterHint->hide();

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(8, 8, 0, 6);
    layout->setSpacing(6);
    layout->addWidget(m_filterEdit);
    layout->addWidget(m_problemsOnly);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_emptyFilterHint);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filterModel->setNameFilter(text);
        m_tree->expandAll();
        updateEmptyFilterHint();
    });
    connect(m_problemsOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_filterModel->setProblemsOnly(on);
        m_tree->expandAll();
        updateEmptyFilterHint();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::showCurrentObject);
    return panel;
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
        if (m_treeModel->workspace().objectCount() == 0)
            m_detail->showPlaceholder(QStringLiteral("Opening %1…").arg(m_options.location.displayName()));
    }
}

void MainWindow::showSnapshot(const WorkspaceSnapshot &snapshot)
{
    if (snapshot.state) {
        m_state = snapshot.state;
        m_workers->setState(m_state);
    }
    if (snapshot.folder.isEmpty() && !m_options.folder.isEmpty()) {
        checkFolder(std::exchange(m_options.folder, {})); // the state is open: now the folder the user named
        return;
    }
    const std::optional<Selection> previous = currentSelection();
    m_treeModel->setWorkspace(snapshot.workspace, snapshot.report);
    m_tree->expandAll();
    setLoading(false);

    const ValidationReport &report = snapshot.report;
    const QString problems = ObjectDisplay::problemCountText(report.errorCount(), report.warningCount());
    m_statusLabel->setText(QStringLiteral("%1 objects · %2")
                               .arg(snapshot.workspace.objectCount())
                               .arg(problems.isEmpty() ? QStringLiteral("no problems") : problems));
    if (snapshot.demoApplied)
        statusBar()->showMessage(QStringLiteral("Created the demo workspace in %1")
                                     .arg(DemoWorkspace::defaultRootFor(m_options.location)),
                                 10000);

    if (snapshot.workspace.objectCount() == 0) {
        m_detail->showPlaceholder(
            snapshot.folder.isEmpty()
                ? QStringLiteral("The state database holds no objects yet.\n"
                                 "Run `ferryctl apply FOLDER` to load a workspace.")
                : QStringLiteral("No objects could be read from this folder.\n") +
                      report.issues().value(0).toString());
    } else if (!previous || !selectObject(previous->kind, previous->name)) {
        selectInitialObject();
    }
    updateEmptyFilterHint();
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
    m_detail->showPlaceholder(text);
    Q_EMIT loadFailed(error);
}

void MainWindow::showCurrentObject()
{
    const std::optional<Selection> selection = currentSelection();
    if (!selection) {
        m_detail->showPlaceholder(QStringLiteral("Select an object"));
        return;
    }
    const Workspace &workspace = m_treeModel->workspace();
    m_detail->showObject(workspace, m_treeModel->report(), selection->kind,
                         ObjectDisplay::indexOf(workspace, selection->kind, selection->name));
}

void MainWindow::updateEmptyFilterHint()
{
    m_emptyFilterHint->setVisible(m_filterModel->isFilteredEmpty());
}

std::optional<MainWindow::Selection> MainWindow::currentSelection() const
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid() || current.data(WorkspaceTreeModel::IsGroupRole).toBool())
        return std::nullopt;
    return Selection{ObjectKind(current.data(WorkspaceTreeModel::KindRole).toInt()),
                     current.data(WorkspaceTreeModel::NameRole).toString()};
}

bool MainWindow::selectObject(ObjectKind kind, const QString &name)
{
    const QModelIndex source = m_treeModel->objectIndex(kind, name);
    if (!source.isValid())
        return false;
    QModelIndex proxy = m_filterModel->mapFromSource(source);
    if (!proxy.isValid()) { // hidden by the filter: show everything rather than select something invisible
        m_filterEdit->clear();
        m_problemsOnly->setChecked(false);
        proxy = m_filterModel->mapFromSource(source);
    }
    m_tree->setCurrentIndex(proxy);
    m_tree->scrollTo(proxy);
    return true;
}

// The first object with an error, so a broken workspace opens on what needs fixing; else the first model, the
// object an analyst works on most.
void MainWindow::selectInitialObject()
{
    const Workspace &workspace = m_treeModel->workspace();
    for (const ObjectKind kind : kAllObjectKinds) {
        for (const QString &name : workspace.names(kind)) {
            if (m_treeModel->objectIndex(kind, name).data(WorkspaceTreeModel::ErrorCountRole).toInt() > 0) {
                selectObject(kind, name);
                return;
            }
        }
    }
    for (const ObjectKind kind : {ObjectKind::Model, ObjectKind::Source, ObjectKind::Product, ObjectKind::Recipient,
                                  ObjectKind::Destination}) {
        const QStringList names = workspace.names(kind);
        if (!names.isEmpty()) {
            selectObject(kind, names.first());
            return;
        }
    }
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
