#include "actions/workspace_edit_actions.h"

#include "dialogs/delete_object_dialog.h"
#include "editors/editor_services.h"
#include "editors/object_draft.h"
#include "editors/object_editor.h"
#include "models/object_display.h"
#include "validate/workspace_reader.h"
#include "views/workspace_page.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
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
    m_importModels = new QAction(QStringLiteral("Import Models…"), this);
    m_importModels->setToolTip(QStringLiteral("Add or replace models from a folder of Prequel model files"));
    connect(m_importModels, &QAction::triggered, this, [this] { importModelFolder(); });
    connect(m_page->treeView()->selectionModel(), &QItemSelectionModel::currentChanged, this, &WorkspaceEditActions::updateEnabled);
    updateEnabled();
}

QList<QAction *> WorkspaceEditActions::actions() const
{
    return {m_newMenu, m_duplicate, m_rename, m_delete, m_importModels};
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

std::optional<WorkspaceEditActions::Target> WorkspaceEditActions::editableSelection() const
{
    const std::optional<WorkspacePage::Selection> selection = m_page->currentSelection();
    if (!selection || !m_services->canEdit() || !m_page->confirmLeaveEditor())
        return std::nullopt;
    const qsizetype index = ObjectDisplay::indexOf(m_services->workspace(), selection->kind, selection->name);
    if (index < 0)
        return std::nullopt;
    return Target{selection->kind, selection->name, ObjectDraft::fromWorkspace(m_services->workspace(), selection->kind, index)};
}

void WorkspaceEditActions::applyAndReport(const WorkspacePatch &patch, const QString &failure, const QString &success,
                                          std::function<void()> onSuccess)
{
    m_services->apply(patch, this, [this, failure, success, onSuccess](const Result<EditorServices::Outcome> &result) {
        if (!result || result->report.hasErrors()) {
            const QString why = !result ? result.error().message : result->report.issues().first().toString();
            Q_EMIT finished(false, QStringLiteral("%1: %2").arg(failure, why));
            return;
        }
        if (onSuccess)
            onSuccess();
        Q_EMIT finished(true, success);
    });
}

bool WorkspaceEditActions::renameCurrent(const QString &newName)
{
    const std::optional<Target> target = editableSelection();
    if (!target)
        return false;
    QString name = newName;
    if (name.isEmpty()) {
        bool ok = false;
        name = QInputDialog::getText(m_page, QStringLiteral("Rename %1").arg(target->name),
                                     QStringLiteral("New name for %1 %2.\n\n%3")
                                         .arg(kindName(target->kind), target->name, renameConsequence(target->kind, target->name)),
                                     QLineEdit::Normal, target->name, &ok);
        if (!ok || name == target->name || name.isEmpty())
            return false;
    }
    const ObjectDraft renamed = target->draft.with(QLatin1String(ObjectDraft::nameKey(target->kind)), name.toStdString());
    const ObjectKind kind = target->kind;
    applyAndReport(m_services->patchFor(renamed, m_services->versionOf(target->draft.id())),
                   QStringLiteral("%1 was not renamed").arg(target->name),
                   QStringLiteral("Renamed %1 %2 to %3").arg(kindName(kind), target->name, name),
                   [this, kind, name] { m_page->selectWhenShown(kind, name); });
    return true;
}

bool WorkspaceEditActions::deleteCurrent()
{
    const std::optional<Target> target = editableSelection();
    if (!target)
        return false;
    DeleteObjectDialog dialog(m_services->workspace(), target->kind, target->name, m_page);
    const bool confirmed = m_askDelete ? m_askDelete(dialog.isBlocked(), dialog.lines())
                                       : dialog.exec() == QDialog::Accepted;
    if (!confirmed || dialog.isBlocked())
        return false;
    WorkspacePatch patch;
    patch.removed.append({target->kind, target->draft.id()});
    patch.expectedVersions.insert(target->draft.id(), m_services->versionOf(target->draft.id()));
    applyAndReport(patch, QStringLiteral("%1 was not deleted").arg(target->name),
                   QStringLiteral("Deleted %1 %2").arg(kindName(target->kind), target->name));
    return true;
}

bool WorkspaceEditActions::importModelFolder(const QString &folder)
{
    if (!m_services->canEdit() || !m_page->confirmLeaveEditor())
        return false;
    const QString chosen = folder.isEmpty()
                               ? QFileDialog::getExistingDirectory(m_page, QStringLiteral("Import a folder of model files"))
                               : folder;
    if (chosen.isEmpty())
        return false;
    ValidationReport read;
    Workspace files;
    WorkspaceReader::readKindFolder(ObjectKind::Model, chosen, QDir(chosen).dirName() + QLatin1Char('/'), files, read);
    if (read.hasErrors() || files.models.isEmpty()) {
        Q_EMIT finished(false, files.models.isEmpty() && !read.hasErrors()
                                   ? QStringLiteral("No model files (*.json) in %1").arg(QDir::toNativeSeparators(chosen))
                                   : QStringLiteral("Nothing imported: %1").arg(read.issues().first().toString()));
        return false;
    }
    // A model of the same name is replaced (it keeps its id and history), others are added.
    WorkspacePatch patch;
    int replaced = 0;
    for (Model model : std::as_const(files.models)) {
        model.id.clear();
        if (const Model *stored = m_services->workspace().model(model.name)) {
            model.id = stored->id;
            patch.expectedVersions.insert(stored->id, m_services->versionOf(stored->id));
            ++replaced;
        }
        patch.saved.models.append(model);
    }
    const qsizetype count = files.models.size();
    applyAndReport(patch, QStringLiteral("Nothing imported from %1").arg(QDir::toNativeSeparators(chosen)),
                   QStringLiteral("Imported %1 models from %2 (%3 new, %4 replaced)")
                       .arg(count)
                       .arg(QDir::toNativeSeparators(chosen))
                       .arg(count - replaced)
                       .arg(replaced));
    return true;
}

} // namespace ferry::ui
