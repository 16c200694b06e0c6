#pragma once

#include "config/object_kind.h"
#include "editors/object_draft.h"
#include "errors/error.h"
#include "workspace/workspace_patch.h"

#include <QObject>

#include <functional>
#include <optional>

class QAction;
class QWidget;

namespace ferry::ui {

class EditorServices;
class WorkspacePage;

// New, Duplicate, Rename and Delete for the Workspace page: each asks what it must (a name, a confirmation that
// lists dependents), applies through the editor services, and reports the outcome.
class WorkspaceEditActions : public QObject
{
    Q_OBJECT

public:
    WorkspaceEditActions(WorkspacePage *page, EditorServices *services, QObject *parent = nullptr);

    QList<QAction *> actions() const;
    QAction *newAction(ObjectKind kind) const { return m_new.value(int(kind)); }

    // Renames the selected object to `newName` (asks for it when empty); false when nothing was started.
    bool renameCurrent(const QString &newName = {});
    // Deletes the selected object after the dependents dialog (or `confirm`, in tests) says yes.
    bool deleteCurrent();
    // Imports every Prequel model file of `folder` (asks for it when empty): new models are added, models of the
    // same name replaced, all in one apply or none (problems are reported with their files).
    bool importModelFolder(const QString &folder = {});
    // Tests answer the delete question: (blocked, dependent lines) -> delete?
    void setDeleteQuestion(std::function<bool(bool blocked, const QStringList &lines)> ask) { m_askDelete = std::move(ask); }

Q_SIGNALS:
    // Something was applied (the page reloads) or refused (`error` set), with a sentence for people.
    void finished(bool ok, const QString &message);

private:
    // The selected object, when it can be edited now (a state database, the open editor's changes settled).
    struct Target
    {
        ObjectKind kind;
        QString name;
        ObjectDraft draft;
    };
    std::optional<Target> editableSelection() const;
    // Applies `patch`; finished() says `success`, or `failure` and why.
    void applyAndReport(const WorkspacePatch &patch, const QString &failure, const QString &success,
                        std::function<void()> onSuccess = {});
    void updateEnabled();
    QString freeName(ObjectKind kind) const;

    WorkspacePage *m_page;
    EditorServices *m_services;
    QList<QAction *> m_new;
    QAction *m_newMenu;
    QAction *m_duplicate;
    QAction *m_rename;
    QAction *m_delete;
    QAction *m_importModels;
    std::function<bool(bool, const QStringList &)> m_askDelete;
};

} // namespace ferry::ui
