// Editing the workspace in the app as an analyst does: fields and the JSON tab follow each other, problems appear
// at their field and go, undo takes an edit back, saves are refused when someone else saved first, renames carry
// their references and history, deletes say what depends on the object, and history restores an older version.
#include "editor_fixture.h"

#include "actions/workspace_edit_actions.h"
#include "editors/field_binder.h"
#include "editors/json_text_tab.h"
#include "editors/object_editor.h"
#include "editors/object_history_tab.h"
#include "models/issue_list_model.h"
#include "models/object_history_model.h"
#include "state/change_history.h"
#include "state/workspace_store.h"
#include "views/main_window.h"
#include "views/workspace_page.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

namespace ferry::ui {
namespace {

using namespace Qt::Literals::StringLiterals;

class ObjectEditorTest : public EditorFixture
{
};

TEST_F(ObjectEditorTest, JsonTabAndFormFollowEachOther)
{
    ObjectEditor *editor = openEditor(ObjectKind::Model, u"events"_s);
    ASSERT_NE(editor, nullptr);
    auto *description = qobject_cast<QLineEdit *>(editor->fields()->field(u"description"_s));
    ASSERT_NE(description, nullptr);

    // Typing in the form shows in the JSON.
    description->selectAll();
    QTest::keyClicks(description, u"Enriched events"_s);
    EXPECT_TRUE(editor->isDirty());
    EXPECT_TRUE(editor->jsonTab()->textEdit()->toPlainText().contains(u"\"description\": \"Enriched events\""_s));

    // Valid JSON typed in the JSON tab shows in the form.
    QString text = editor->jsonTab()->textEdit()->toPlainText();
    text.replace(u"Enriched events"_s, u"From the JSON tab"_s);
    editor->jsonTab()->textEdit()->setPlainText(text);
    editor->jsonTab()->applyText();
    EXPECT_EQ(description->text(), u"From the JSON tab"_s);
    EXPECT_TRUE(editor->jsonTab()->errorText().isEmpty());

    // Invalid JSON: its error at the line, and the form keeps the last valid state.
    text.replace(u"\"source_table\": \"events\","_s, u"\"source_table\": \"events\""_s);
    editor->jsonTab()->textEdit()->setPlainText(text);
    editor->jsonTab()->applyText();
    EXPECT_TRUE(editor->jsonTab()->errorText().startsWith(u"Line "_s)) << editor->jsonTab()->errorText().toStdString();
    EXPECT_EQ(description->text(), u"From the JSON tab"_s);
    EXPECT_EQ(editor->draft().text(u"description"_s), u"From the JSON tab"_s);
    saveScreenshot(window(), u"editor-json-error"_s);

    // Undo takes the JSON edit back, then the typing.
    editor->undoStack()->undo();
    EXPECT_EQ(description->text(), u"Enriched events"_s);
    editor->undoStack()->undo();
    EXPECT_FALSE(editor->isDirty());
}

TEST_F(ObjectEditorTest, ProblemsShowAtTheirFieldAndGo)
{
    ObjectEditor *editor = openEditor(ObjectKind::Recipient, u"Globex"_s);
    ASSERT_NE(editor, nullptr);
    EXPECT_TRUE(editor->issues().isEmpty());
    auto *tenant = qobject_cast<QLineEdit *>(editor->fields()->field(u"id_in_provider_system"_s));
    ASSERT_NE(tenant, nullptr);
    tenant->selectAll();
    QTest::keyClick(tenant, Qt::Key_Delete);
    waitValidated(editor);
    EXPECT_FALSE(editor->fields()->problemText(u"id_in_provider_system"_s).isEmpty());
    EXPECT_GT(editor->issueModel()->rowCount(), 0);
    saveScreenshot(window(), u"editor-recipient-problem"_s);

    // A save with an error is refused and says so; nothing is stored.
    editor->save();
    ASSERT_TRUE(QTest::qWaitFor([editor] { return !editor->isSaving(); }, kWaitMs));
    EXPECT_TRUE(editor->bannerText().startsWith(u"Not saved"_s)) << editor->bannerText().toStdString();
    EXPECT_EQ(storedWorkspace().recipient(u"Globex"_s)->idInProviderSystem, u"tenant_globex"_s);

    QTest::keyClicks(tenant, u"tenant_globex_eu"_s);
    waitValidated(editor);
    EXPECT_TRUE(editor->fields()->problemText(u"id_in_provider_system"_s).isEmpty());
}

TEST_F(ObjectEditorTest, SecondEditorOfOneObjectIsRefused)
{
    ObjectEditor *first = openEditor(ObjectKind::Product, u"Analytics"_s);
    ASSERT_NE(first, nullptr);
    // A second window on the same state database: another analyst.
    std::unique_ptr<MainWindow> other = openWindow();
    other->showPage(MainWindow::Page::Workspace);
    ASSERT_TRUE(other->edit(u"products/Analytics"_s));
    ObjectEditor *second = other->workspacePage()->editor();
    ASSERT_NE(second, nullptr);

    first->edit(u"description"_s, "Saved first");
    ASSERT_TRUE(saveAndWait(first));
    second->edit(u"description"_s, "Saved second");
    second->save();
    ASSERT_TRUE(QTest::qWaitFor([second] { return !second->isSaving(); }, kWaitMs));
    EXPECT_TRUE(second->bannerText().contains(u"since you opened it"_s)) << second->bannerText().toStdString();
    EXPECT_TRUE(second->isDirty());
    EXPECT_EQ(storedWorkspace().product(u"Analytics"_s)->description.value_or(QString()), u"Saved first"_s);
    saveScreenshot(other.get(), u"editor-conflict"_s);
}

TEST_F(ObjectEditorTest, RenameCarriesReferencesAndHistory)
{
    ObjectEditor *editor = openEditor(ObjectKind::Model, u"users"_s);
    ASSERT_NE(editor, nullptr);
    const QString id = editor->draft().id();
    editor->edit(u"description"_s, "Before the rename");
    ASSERT_TRUE(saveAndWait(editor));

    auto *actions = window()->editActions();
    QSignalSpy finished(actions, &WorkspaceEditActions::finished);
    ASSERT_TRUE(window()->workspacePage()->selectObject(ObjectKind::Model, u"users"_s));
    ASSERT_TRUE(actions->renameCurrent(u"customers"_s));
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_TRUE(finished.first().at(0).toBool()) << finished.first().at(1).toString().toStdString();
    ASSERT_TRUE(waitShown(window()));

    const Workspace stored = storedWorkspace();
    ASSERT_NE(stored.model(u"customers"_s), nullptr);
    EXPECT_EQ(stored.model(u"customers"_s)->id, id);
    EXPECT_EQ(stored.model(u"users"_s), nullptr);
    EXPECT_TRUE(stored.product(u"Analytics"_s)->models.contains(u"customers"_s));
    EXPECT_FALSE(stored.product(u"Analytics"_s)->models.contains(u"users"_s));

    // Its history, older name included, shows in the History tab.
    ObjectEditor *renamed = openEditor(ObjectKind::Model, u"customers"_s);
    ASSERT_NE(renamed, nullptr);
    QSignalSpy loaded(renamed->historyTab(), &ObjectHistoryTab::loaded);
    renamed->tabs()->setCurrentWidget(renamed->historyTab());
    ASSERT_TRUE(loaded.wait(kWaitMs));
    QAbstractItemModelTester tester(renamed->historyTab()->model());
    ASSERT_GE(renamed->historyTab()->model()->rowCount(), 3); // added, changed, renamed
    EXPECT_EQ(ObjectHistoryModel::describe(renamed->historyTab()->model()->changeAt(0)), u"renamed from users"_s);
    saveScreenshot(window(), u"editor-history"_s);

    // The next transfer builds the renamed table from the start; the old one is left alone.
    const QString transfer = enqueue(u"Acme Corp SQLite"_s);
    m_workspace = stored;
    runQueue();
    EXPECT_EQ(status(transfer), u"SUCCESS"_s);
    EXPECT_GT(destinationRows(u"Acme Corp SQLite"_s, u"customers"_s), 0);
}

TEST_F(ObjectEditorTest, DeleteSaysWhatDependsOnIt)
{
    MainWindow *shown = window();
    WorkspaceEditActions *actions = shown->editActions();
    bool askedBlocked = false;
    QStringList lines;
    actions->setDeleteQuestion([&](bool blocked, const QStringList &shownLines) {
        askedBlocked = blocked;
        lines = shownLines;
        return true;
    });

    // A recipient with destinations cannot go: they would lose their recipient.
    ASSERT_TRUE(shown->workspacePage()->selectObject(ObjectKind::Recipient, u"Acme Corp"_s));
    EXPECT_FALSE(actions->deleteCurrent());
    EXPECT_TRUE(askedBlocked);
    EXPECT_TRUE(lines.join(u'\n').contains(u"Acme Corp SQLite"_s)) << lines.join(u'\n').toStdString();
    EXPECT_NE(storedWorkspace().recipient(u"Acme Corp"_s), nullptr);

    // A model listed by a product goes, and the product's list with it.
    ASSERT_TRUE(shown->workspacePage()->selectObject(ObjectKind::Model, u"users"_s));
    QSignalSpy finished(actions, &WorkspaceEditActions::finished);
    EXPECT_TRUE(actions->deleteCurrent());
    EXPECT_FALSE(askedBlocked);
    EXPECT_TRUE(lines.join(u'\n').contains(u"Analytics"_s)) << lines.join(u'\n').toStdString();
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_TRUE(finished.first().at(0).toBool()) << finished.first().at(1).toString().toStdString();
    const Workspace stored = storedWorkspace();
    EXPECT_EQ(stored.model(u"users"_s), nullptr);
    EXPECT_EQ(stored.product(u"Analytics"_s)->models, QStringList{u"events"_s});
}

TEST_F(ObjectEditorTest, NewObjectIsCreatedFromTheToolbar)
{
    MainWindow *shown = window();
    WorkspaceEditActions *actions = shown->editActions();
    actions->newAction(ObjectKind::Product)->trigger();
    ObjectEditor *editor = shown->workspacePage()->editor();
    ASSERT_NE(editor, nullptr);
    EXPECT_TRUE(editor->isNew());
    auto *name = qobject_cast<QLineEdit *>(editor->fields()->field(u"name"_s));
    ASSERT_NE(name, nullptr);
    name->selectAll();
    QTest::keyClicks(name, u"Finance"_s);
    auto *models = qobject_cast<QListWidget *>(editor->fields()->field(u"models"_s));
    ASSERT_NE(models, nullptr);
    ASSERT_EQ(models->findItems(u"events"_s, Qt::MatchExactly).size(), 1);
    models->findItems(u"events"_s, Qt::MatchExactly).first()->setCheckState(Qt::Checked);
    waitValidated(editor);
    EXPECT_TRUE(editor->issues().isEmpty()) << editor->issues().value(0).toString().toStdString();
    ASSERT_TRUE(saveAndWait(editor));
    ASSERT_NE(storedWorkspace().product(u"Finance"_s), nullptr);
    EXPECT_EQ(storedWorkspace().product(u"Finance"_s)->models, QStringList{u"events"_s});
    ASSERT_TRUE(shown->workspacePage()->currentSelection().has_value());
    EXPECT_EQ(shown->workspacePage()->currentSelection()->name, u"Finance"_s);
    saveScreenshot(shown, u"editor-new-product"_s);
}

TEST_F(ObjectEditorTest, HistoryRestoresAnOlderVersion)
{
    ObjectEditor *editor = openEditor(ObjectKind::Product, u"Analytics"_s);
    ASSERT_NE(editor, nullptr);
    const QString original = editor->draft().text(u"description"_s);
    editor->edit(u"description"_s, "Changed once");
    ASSERT_TRUE(saveAndWait(editor));

    QSignalSpy loaded(editor->historyTab(), &ObjectHistoryTab::loaded);
    editor->tabs()->setCurrentWidget(editor->historyTab());
    ASSERT_TRUE(loaded.wait(kWaitMs));
    ASSERT_GE(editor->historyTab()->model()->rowCount(), 2);
    EXPECT_TRUE(editor->historyTab()->diffText().contains(u"+ "_s));
    EXPECT_TRUE(editor->historyTab()->diffText().contains(u"Changed once"_s));
    // The oldest entry is the demo's apply: restoring it puts the original description back, unsaved.
    const int oldest = editor->historyTab()->model()->rowCount() - 1;
    editor->historyTab()->view()->selectRow(oldest);
    ASSERT_TRUE(editor->historyTab()->restoreSelected());
    EXPECT_EQ(editor->draft().text(u"description"_s), original);
    EXPECT_TRUE(editor->isDirty());
    ASSERT_TRUE(saveAndWait(editor));
    EXPECT_EQ(storedWorkspace().product(u"Analytics"_s)->description.value_or(QString()), original);
}

TEST_F(ObjectEditorTest, LeavingWithUnsavedChangesAsks)
{
    ObjectEditor *editor = openEditor(ObjectKind::Model, u"events"_s);
    ASSERT_NE(editor, nullptr);
    editor->edit(u"description"_s, "Unsaved");
    int asked = 0;
    ObjectEditor::setLeaveQuestion([&](const QString &name) {
        ++asked;
        EXPECT_EQ(name, u"events"_s);
        return ObjectEditor::LeaveChoice::Cancel;
    });
    WorkspacePage *page = window()->workspacePage();
    page->selectObject(ObjectKind::Model, u"users"_s);
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(page->editor()->draft().name(), u"events"_s);
    EXPECT_EQ(page->currentSelection()->name, u"events"_s);

    ObjectEditor::setLeaveQuestion([&](const QString &) {
        ++asked;
        return ObjectEditor::LeaveChoice::Discard;
    });
    page->selectObject(ObjectKind::Model, u"users"_s);
    EXPECT_EQ(asked, 2);
    EXPECT_EQ(page->editor()->draft().name(), u"users"_s);
}

} // namespace
} // namespace ferry::ui
