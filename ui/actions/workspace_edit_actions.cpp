#include "actions/workspace_edit_actions.h"

#include "dialogs/delete_object_dialog.h"
#include "editors/editor_services.h"
#include "editors/object_draft.h"
#include "editors/object_editor.h"
#include "models/object_display.h"
#include "views/workspace_page.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QTreeView>
#include <QItemSelectionModel>

namespace ferry::ui {

namespace {

// What a rename does beyond the name, said before it happens.
QString renameConsequence(ObjectKind kind, const QString &name)
{
    switch (kind) {
    case ObjectKind::Model:
        return QStringLiteral("A model's name is its destination table's name: each destination's next transfer builds "
                              "the renamed table from the start, and the table \"%1\" is left as it is. Products "
                              "listing the model follow the new name.")
            .arg(name);
    case ObjectKind::Source:
        return QStringLiteral("Models naming this source in source_name follow the new name.");
    case ObjectKind::Product:
        return QStringLiteral("Recipients and destinations listing this product follow the new name.");
    case ObjectKind::Recipient:
        return QStringLiteral("Destinations of this recipient follow the new name; its tenant id does not change.");
    case ObjectKind::Destination:
        return QStringLiteral("Its transfers, checkpoints and history stay with it (they follow its id).");
    }
    return {};
}

} // namespace

WorkspaceEditActions::WorkspaceEditActions(WorkspacePage *page, EditorServices *services, QObject *parent)
    : QObject(parent), m_page(page), m_services(services)
{
    auto *menu = new QMenu(page);
    for (const ObjectKind kind : kAllObjectKinds) {
        auto *action = menu->addAction(ObjectDisplay::kindIcon(kind), QStringLiteral("New %1").arg(ObjectDisplay::title(kind)));
        action->setObjectName(QStringLiteral("new-%1").arg(kindName(kind)));
        connect(action, &QAction::triggered, this, [this, kind] { m_page->newObject(kind, freeName(kind)); });
        m_new.append(action);
    }
    m_newMenu = new QAction(QStringLiteral("New"), this);
    m_newMenu->setMenu(menu);
    m_newMenu->setToolTip(QStringLiteral("Create a source, model, product, recipient or destination"));
    connect(m_newMenu, &QAction::triggered, this, [this] {
        // The button itself creates what is selected's kind, else a model: the object analysts make most.
        const std::optional<WorkspacePage::Selection> selection = m_page->currentSelection();
        const ObjectKind kind = selection ? selection->kind : ObjectKind::Model;
        m_page->newObject(kind, freeName(kind));
    });
    m_duplicate = new QAction(QStringLiteral("Duplicate"), this);
    m_duplicate->setToolTip(QStringLiteral("A new object with the selected one's settings"));
    connect(m_duplicate, &QAction::triggered, m_page, &WorkspacePage::duplicateCurrent);
    m_rename = new QAction(QStringLiteral("Rename…"), this);
    m_rename->setShortcut(Qt::Key_F2);
    m_rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_rename, &QAction::triggered, this, [this] { renameCurrent(); });
    m_delete = new QAction(QStringLiteral("Delete…"), this);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_delete, &QAction::triggered, this, &WorkspaceEditActions::deleteCurrent);
    connect(m_page->treeView()->selectionModel(), &QItemSelectionModel::currentChanged, this, &WorkspaceEditActions::updateEnabled);
    updateEnabled();
}

QList<QAction *> WorkspaceEditActions::actions() const
{
    return {m_newMenu, m_duplicate, m_rename, m_delete};
}

void WorkspaceEditActions::updateEnabled()
{
    const bool selected = m_page->currentSelection().has_value();
    m_duplicate->setEnabled(selected);
    m_rename->setEnabled(selected);
    m_delete->setEnabled(selected);
}

QString WorkspaceEditActions::freeName(ObjectKind kind) const
{
    const QStringList taken = m_services->workspace().names(kind);
    const QString base = QStringLiteral("new_%1").arg(kindName(kind));
    QString name = base;
    for (int n = 2; taken.contains(name); ++n)
        name = base + QStringLiteral("_%1").arg(n);
    return name;
}

bool WorkspaceEditActions::renameCurrent(const QString &newName)
{
    const std::optional<WorkspacePage::Selection> selection = m_page->currentSelection();
    if (!selection || !m_services->canEdit() || !m_page->confirmLeaveEditor())
        return false;
    const Workspace &workspace = m_services->workspace();
    const qsizetype index = ObjectDisplay::indexOf(workspace, selection->kind, selection->name);
    if (index < 0)
        return false;
    QString name = newName;
    if (name.isEmpty()) {
        bool ok = false;
        name = QInputDialog::getText(m_page, QStringLiteral("Rename %1").arg(selection->name),
                                     QStringLiteral("New name for %1 %2.\n\n%3")
                                         .arg(kindName(selection->kind), selection->name,
                                              renameConsequence(selection->kind, selection->name)),
                                     QLineEdit::Normal, selection->name, &ok);
        if (!ok || name == selection->name || name.isEmpty())
            return false;
    }
    const ObjectDraft draft = ObjectDraft::fromWorkspace(workspace, selection->kind, index);
    const ObjectDraft renamed = draft.with(QLatin1String(ObjectDraft::nameKey(selection->kind)), name.toStdString());
    const QString oldName = selection->name;
    m_services->apply(m_services->patchFor(renamed, m_services->versionOf(draft.id())), this,
                      [this, oldName, name, kind = selection->kind](const Result<EditorServices::Outcome> &result) {
                          if (!result) {
                              Q_EMIT finished(false, QStringLiteral("%1 was not renamed: %2").arg(oldName, result.error().message));
                              return;
                          }
                          if (result->report.hasErrors()) {
                              Q_EMIT finished(false, QStringLiteral("%1 was not renamed: %2")
                                                         .arg(oldName, result->report.issues().first().toString()));
                              return;
                          }
                          m_page->selectWhenShown(kind, name);
                          Q_EMIT finished(true, QStringLiteral("Renamed %1 %2 to %3").arg(kindName(kind), oldName, name));
                      });
    return true;
}

bool WorkspaceEditActions::deleteCurrent()
{
    const std::optional<WorkspacePage::Selection> selection = m_page->currentSelection();
    if (!selection || !m_services->canEdit() || !m_page->confirmLeaveEditor())
        return false;
    const Workspace &workspace = m_services->workspace();
    const qsizetype index = ObjectDisplay::indexOf(workspace, selection->kind, selection->name);
    if (index < 0)
        return false;
    DeleteObjectDialog dialog(workspace, selection->kind, selection->name, m_page);
    const bool confirmed = m_askDelete ? m_askDelete(dialog.isBlocked(), dialog.lines())
                                       : dialog.exec() == QDialog::Accepted;
    if (!confirmed || dialog.isBlocked())
        return false;
    const ObjectDraft draft = ObjectDraft::fromWorkspace(workspace, selection->kind, index);
    WorkspacePatch patch;
    patch.removed.append({selection->kind, draft.id()});
    patch.expectedVersions.insert(draft.id(), m_services->versionOf(draft.id()));
    const QString name = selection->name;
    const ObjectKind kind = selection->kind;
    m_services->apply(patch, this, [this, name, kind](const Result<EditorServices::Outcome> &result) {
        if (!result) {
            Q_EMIT finished(false, QStringLiteral("%1 was not deleted: %2").arg(name, result.error().message));
            return;
        }
        if (result->report.hasErrors()) {
            Q_EMIT finished(false, QStringLiteral("%1 was not deleted: %2").arg(name, result->report.issues().first().toString()));
            return;
        }
        Q_EMIT finished(true, QStringLiteral("Deleted %1 %2").arg(kindName(kind), name));
    });
    return true;
}

} // namespace ferry::ui
