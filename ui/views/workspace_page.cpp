#include "views/workspace_page.h"

#include "loading/workspace_loader.h"
#include "models/object_display.h"
#include "models/workspace_filter_model.h"
#include "models/workspace_tree_model.h"
#include "views/disconnect_children.h"
#include "views/object_detail_pane.h"
#include "editors/editor_services.h"
#include "editors/object_draft.h"
#include "editors/object_editor.h"
#include "editors/object_editor_factory.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace ferry::ui {

WorkspacePage::WorkspacePage(QWidget *parent)
    : QWidget(parent), m_treeModel(new WorkspaceTreeModel(this)), m_filterModel(new WorkspaceFilterModel(this))
{
    m_filterModel->setSourceModel(m_treeModel);
    m_detail = new ObjectDetailPane(this);
    m_right = new QStackedWidget(this);
    m_right->addWidget(m_detail);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("workspaceSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildObjectList());
    splitter->addWidget(m_right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 700});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

WorkspacePage::~WorkspacePage()
{
    disconnectChildren(this);
}

QWidget *WorkspacePage::buildObjectList()
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

    m_editBar = new QToolBar(panel);
    m_editBar->setObjectName(QStringLiteral("workspaceEditBar"));
    m_editBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_editBar->hide(); // until edit actions arrive
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(8, 8, 0, 6);
    layout->setSpacing(6);
    layout->addWidget(m_editBar);
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
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &WorkspacePage::showCurrentObject);
    return panel;
}

void WorkspacePage::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

bool WorkspacePage::hasObjects() const
{
    return m_treeModel->workspace().objectCount() > 0;
}

void WorkspacePage::showPlaceholder(const QString &text)
{
    m_detail->showPlaceholder(text);
    if (!m_editor || !m_editor->isDirty())
        m_right->setCurrentWidget(m_detail);
}

void WorkspacePage::setEditorServices(EditorServices *services)
{
    m_services = services;
}

void WorkspacePage::addTopPanel(QWidget *panel)
{
    auto *column = static_cast<QVBoxLayout *>(layout());
    column->insertWidget(column->count() - 1, panel); // above the splitter, after earlier panels
}

void WorkspacePage::addEditActions(const QList<QAction *> &actions)
{
    for (QAction *action : actions) {
        if (action->isSeparator()) {
            m_editBar->addSeparator();
            m_tree->addAction(action);
            continue;
        }
        m_editBar->addAction(action);
        m_tree->addAction(action);
    }
    m_editBar->setVisible(!actions.isEmpty());
}

void WorkspacePage::showEditor(ObjectEditor *editor)
{
    if (m_editor) {
        m_right->removeWidget(m_editor);
        m_editor->deleteLater();
    }
    m_editor = editor;
    m_right->addWidget(editor);
    m_right->setCurrentWidget(editor);
    connect(editor, &ObjectEditor::savedAs, this, [this](ObjectKind kind, const QString &, const QString &name) {
        m_editing = Selection{kind, name};
        m_selectNext = Selection{kind, name};
    });
}

void WorkspacePage::openEditor(ObjectKind kind, const QString &name)
{
    const Workspace &workspace = m_services->workspace();
    const qsizetype index = ObjectDisplay::indexOf(workspace, kind, name);
    if (index < 0)
        return;
    const ObjectDraft draft = ObjectDraft::fromWorkspace(workspace, kind, index);
    ObjectEditor *editor = m_editor && m_editor->kind() == kind && !m_editor->isDirty() ? m_editor
                                                                                      : createObjectEditor(kind, m_services, this);
    if (editor != m_editor)
        showEditor(editor);
    editor->refreshChoices();
    editor->load(draft, m_services->versionOf(draft.id()));
    m_right->setCurrentWidget(editor);
    m_editing = Selection{kind, name};
}

bool WorkspacePage::editObject(ObjectKind kind, const QString &name, const QString &tab)
{
    if (!selectObject(kind, name) || !m_editor || m_right->currentWidget() != m_editor)
        return false;
    if (tab.isEmpty())
        return true;
    QTabWidget *tabs = m_editor->tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->tabText(i).startsWith(tab, Qt::CaseInsensitive)) {
            tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

bool WorkspacePage::confirmLeaveEditor()
{
    return !m_editor || m_editor->confirmLeave();
}

bool WorkspacePage::newObject(ObjectKind kind, const QString &name)
{
    if (!m_services || !m_services->canEdit() || !confirmLeaveEditor())
        return false;
    ObjectEditor *editor = createObjectEditor(kind, m_services, this);
    showEditor(editor);
    editor->load(ObjectDraft::blank(kind, name), 0);
    m_editing.reset();
    {
        const QSignalBlocker blocker(m_tree->selectionModel());
        m_tree->clearSelection();
        m_tree->setCurrentIndex({});
    }
    return true;
}

bool WorkspacePage::duplicateCurrent()
{
    const std::optional<Selection> selection = currentSelection();
    if (!selection || !m_services || !m_services->canEdit() || !confirmLeaveEditor())
        return false;
    const Workspace &workspace = m_services->workspace();
    const qsizetype index = ObjectDisplay::indexOf(workspace, selection->kind, selection->name);
    if (index < 0)
        return false;
    QString name = selection->name + QStringLiteral(" copy");
    for (int n = 2; workspace.names(selection->kind).contains(name); ++n)
        name = selection->name + QStringLiteral(" copy %1").arg(n);
    const ObjectDraft original = ObjectDraft::fromWorkspace(workspace, selection->kind, index);
    const ObjectDraft copy = original.withId({}).with(QLatin1String(ObjectDraft::nameKey(selection->kind)), name.toStdString());
    ObjectEditor *editor = createObjectEditor(selection->kind, m_services, this);
    showEditor(editor);
    editor->load(copy, 0);
    m_editing.reset();
    return true;
}

void WorkspacePage::showSnapshot(const WorkspaceSnapshot &snapshot)
{
    m_folderMode = !snapshot.folder.isEmpty();
    m_editBar->setEnabled(!m_folderMode);
    std::optional<Selection> previous = currentSelection();
    if (m_selectNext)
        previous = std::exchange(m_selectNext, std::nullopt);
    if (m_editor && m_editor->isDirty() && !m_folderMode) {
        // Unsaved work stays open; only the lists it offers follow the new workspace.
        m_editor->refreshChoices();
        m_treeModel->setWorkspace(snapshot.workspace, snapshot.report);
        m_treeModel->setDestinationHealth(m_health);
        m_tree->expandAll();
        if (m_editing) {
            m_restoringSelection = true;
            selectObject(m_editing->kind, m_editing->name);
            m_restoringSelection = false;
        }
        updateEmptyFilterHint();
        return;
    }
    m_treeModel->setWorkspace(snapshot.workspace, snapshot.report);
    m_treeModel->setDestinationHealth(m_health);
    m_tree->expandAll();
    if (snapshot.workspace.objectCount() == 0) {
        m_detail->showPlaceholder(
            snapshot.folder.isEmpty()
                ? QStringLiteral("The state database holds no objects yet.\n"
                                 "Run `ferryctl apply FOLDER` to load a workspace.")
                : QStringLiteral("No objects could be read from this folder.\n") +
                      snapshot.report.issues().value(0).toString());
    } else if (!previous || !selectObject(previous->kind, previous->name)) {
        selectInitialObject();
    }
    updateEmptyFilterHint();
}

void WorkspacePage::setDestinationHealth(const QHash<QString, TransferSummary> &latest)
{
    m_health = latest;
    m_treeModel->setDestinationHealth(latest);
    m_detail->setDestinationHealth(latest);
    if (m_services)
        m_services->setDestinationHealth(latest);
    if (m_editor && m_right->currentWidget() == m_editor)
        m_editor->refreshChoices(); // a recipient's editor lists its destinations' health
    else
        showCurrentObject();
}

void WorkspacePage::showCurrentObject()
{
    if (m_restoringSelection)
        return;
    const std::optional<Selection> selection = currentSelection();
    if (!selection) {
        if (hasObjects() && (!m_editor || !m_editor->isNew())) {
            m_detail->showPlaceholder(QStringLiteral("Select an object"));
            m_right->setCurrentWidget(m_detail);
        }
        return;
    }
    if (m_editor && m_editing && m_editing->kind == selection->kind && m_editing->name == selection->name &&
        m_editor->isDirty())
        return; // the same object: its unsaved edits stay
    if (m_editor && m_editor->isDirty() && !m_editor->confirmLeave()) {
        // Stay on the object being edited.
        m_restoringSelection = true;
        if (m_editing)
            selectObject(m_editing->kind, m_editing->name);
        else
            m_tree->setCurrentIndex({});
        m_restoringSelection = false;
        return;
    }
    if (m_services && m_services->canEdit() && !m_folderMode) {
        openEditor(selection->kind, selection->name);
        return;
    }
    m_right->setCurrentWidget(m_detail);
    const Workspace &workspace = m_treeModel->workspace();
    m_detail->showObject(workspace, m_treeModel->report(), selection->kind,
                         ObjectDisplay::indexOf(workspace, selection->kind, selection->name));
}

void WorkspacePage::updateEmptyFilterHint()
{
    m_emptyFilterHint->setVisible(m_filterModel->isFilteredEmpty());
}

std::optional<WorkspacePage::Selection> WorkspacePage::currentSelection() const
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid() || current.data(WorkspaceTreeModel::IsGroupRole).toBool())
        return std::nullopt;
    return Selection{ObjectKind(current.data(WorkspaceTreeModel::KindRole).toInt()),
                     current.data(WorkspaceTreeModel::NameRole).toString()};
}

bool WorkspacePage::selectObject(ObjectKind kind, const QString &name)
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
void WorkspacePage::selectInitialObject()
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

} // namespace ferry::ui
