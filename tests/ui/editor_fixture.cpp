#include "editor_fixture.h"

#include "editors/object_editor.h"
#include "state/workspace_store.h"
#include "views/main_window.h"
#include "views/workspace_page.h"

#include <QSignalSpy>
#include <QTest>

namespace ferry::ui {

void EditorFixture::SetUp()
{
    TransferUiFixture::SetUp();
    // Leaving an editor with unsaved changes asks; tests that care answer themselves.
    ObjectEditor::setLeaveQuestion([](const QString &) { return ObjectEditor::LeaveChoice::Discard; });
}

void EditorFixture::TearDown()
{
    m_window.reset();
    ObjectEditor::setLeaveQuestion({});
    TransferUiFixture::TearDown();
}

MainWindow *EditorFixture::window()
{
    if (!m_window) {
        m_window = openWindow();
        m_window->resize(1280, 800);
        m_window->showPage(MainWindow::Page::Workspace);
    }
    return m_window.get();
}

ObjectEditor *EditorFixture::openEditor(ObjectKind kind, const QString &name)
{
    MainWindow *shown = window();
    if (!shown->edit(folderName(kind) + QLatin1Char('/') + name))
        return nullptr;
    ObjectEditor *editor = shown->workspacePage()->editor();
    if (editor)
        waitValidated(editor);
    return editor;
}

void EditorFixture::waitValidated(ObjectEditor *editor)
{
    EXPECT_TRUE(QTest::qWaitFor([editor] { return !editor->isValidating(); }, kWaitMs)) << "validation did not finish";
}

bool EditorFixture::waitShown(MainWindow *in)
{
    QSignalSpy shown(in, &MainWindow::workspaceShown);
    return shown.wait(kWaitMs);
}

bool EditorFixture::saveAndWait(ObjectEditor *editor, MainWindow *in)
{
    MainWindow *shown = in ? in : window();
    QSignalSpy reloaded(shown, &MainWindow::workspaceShown);
    editor->save();
    if (!QTest::qWaitFor([editor] { return !editor->isSaving(); }, kWaitMs))
        return false;
    if (editor->bannerText().startsWith(QStringLiteral("Not saved")))
        return false;
    return reloaded.count() > 0 || reloaded.wait(kWaitMs);
}

Workspace EditorFixture::storedWorkspace()
{
    const Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
    EXPECT_TRUE(workspace.ok());
    return workspace.ok() ? *workspace : Workspace{};
}

} // namespace ferry::ui
