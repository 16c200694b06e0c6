#pragma once

#include "editors/object_draft.h"
#include "first_run/guide_progress.h"
#include "state/transfer_record.h"

#include <QFrame>
#include <QMetaObject>
#include <QPointer>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace ferry::ui {

class AppSettings;
class FirstTransferRunner;
class GuidedStepsModel;
class MainWindow;
class ObjectEditor;

// "Connect your own data": a step panel above the Workspace page's editor (not a modal wizard, so the real editors
// do the work). Each step opens the editor of a new object pre-filled from the earlier steps, says what to do, and
// is done once that object is saved; the last enqueues a transfer and follows it on the Transfers page. What each
// step made is remembered, so leaving and coming back resumes at the first step not done, reusing what exists.
class GuidedPath : public QFrame
{
    Q_OBJECT

public:
    GuidedPath(MainWindow *window, AppSettings *settings);
    ~GuidedPath() override;

    // Opens the guide at the first step not done, with that step's editor.
    void start();
    // Hides the guide; what it made stays, and the Help menu or the next start resumes it.
    void leave();
    bool isActive() const;
    // The window showed the state database's workspace: the steps follow it, and a step just saved moves on.
    void showWorkspace(const Workspace &workspace);

    // The step shown: the first one not done (none once all are done).
    std::optional<GuideStep> currentStep() const;
    // Opens `step`'s editor: the object it made, else a new one pre-filled from the earlier steps.
    void openStep(GuideStep step);
    // The tenant whose rows the model step previews, later the recipient's tenant id.
    void setPreviewTenant(const QString &tenant);
    // Enqueues the first transfer for the guide's destination (starting this app's workers when off) and shows it
    // on the Transfers page; transferEnded follows.
    void runFirstTransfer();

    const GuideProgress &progress() const { return m_progress; }
    GuidedStepsModel *stepsModel() const { return m_steps; }
    QString instructionText() const;
    QString statusText() const;
    QLineEdit *tenantEdit() const { return m_tenant; }
    QPushButton *actionButton() const { return m_action; }

Q_SIGNALS:
    void stepDone(ferry::ui::GuideStep step);
    void transferEnded(bool ok);

private:
    void refresh();
    void save();
    void setStatus(const QString &text, const QString &tone);
    void followEditor(GuideStep step, ObjectEditor *editor);
    void noteSaved(GuideStep step, ObjectKind kind, const QString &id, const QString &name);
    void showTransferEnd(const TransferRecord &record);
    ObjectDraft prefilled(GuideStep step) const;
    QString uniqueName(ObjectKind kind, const QString &base) const;
    QString madeName(GuideStep step) const;

    MainWindow *m_window;
    AppSettings *m_settings;
    GuideProgress m_progress;
    Workspace m_workspace;
    bool m_workspaceShown = false;
    std::optional<GuideStep> m_advanceFrom; // saved at this step: open the next once the workspace shows it
    GuidedStepsModel *m_steps;
    FirstTransferRunner *m_runner;
    QListView *m_stepList;
    QLabel *m_instruction;
    QLabel *m_tenantLabel;
    QLineEdit *m_tenant;
    QPushButton *m_action;
    QPushButton *m_leave;
    QLabel *m_status;
    QPointer<ObjectEditor> m_editor;
    QMetaObject::Connection m_editorSaved;
};

} // namespace ferry::ui
