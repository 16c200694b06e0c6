#pragma once

// The demo workspace opened in a real main window, with helpers to open an object's editor, wait for its
// validation and for a save to be applied and shown again.
#include "transfer_ui_fixture.h"

#include "config/object_kind.h"

namespace ferry::ui {

class MainWindow;
class ObjectEditor;

class EditorFixture : public TransferUiFixture
{
protected:
    void SetUp() override;
    void TearDown() override;

    // Opens (or re-opens) the window on the Workspace page.
    MainWindow *window();
    // The editor of `kind`/`name`, opened from the Workspace page; nullptr when there is none.
    ObjectEditor *openEditor(ObjectKind kind, const QString &name);
    // Waits until the editor's validation of its current draft arrived.
    static void waitValidated(ObjectEditor *editor);
    // Saves and waits for the outcome, then for the window to show the reloaded workspace. False when not saved.
    bool saveAndWait(ObjectEditor *editor, MainWindow *in = nullptr);
    // Waits for the next workspace reload of `in`.
    static bool waitShown(MainWindow *in);
    Workspace storedWorkspace();

    std::unique_ptr<MainWindow> m_window;
};

} // namespace ferry::ui
