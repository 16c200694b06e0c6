// Check Workspace Folder, then Apply: the dialog lists what applying changes (a column type change naming the
// tables it rebuilds), refuses while problems remain, and applies all at once when the user allows the rebuild.
#include "editor_fixture.h"

#include "config/config_json.h"
#include "dialogs/apply_folder_dialog.h"
#include "views/main_window.h"
#include "workspace/workspace_exporter.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

namespace ferry::ui {
namespace {

using namespace Qt::Literals::StringLiterals;

class ApplyFolderTest : public EditorFixture
{
};

TEST_F(ApplyFolderTest, ShowsTheChangesThenAppliesThem)
{
    // events reached a destination: its column types are frozen unless a rebuild is allowed.
    const QString delivered = enqueue(u"Acme Corp SQLite"_s);
    runQueue();
    ASSERT_EQ(status(delivered), u"SUCCESS"_s);

    const QString folder = m_dir.filePath(u"edited"_s);
    ASSERT_TRUE(WorkspaceExporter::exportTo(storedWorkspace(), folder).ok());
    Workspace edited = storedWorkspace();
    for (Model &model : edited.models) {
        if (model.name == u"events"_s) {
            for (Column &column : model.columns) {
                if (column.nameInDestination == u"amount"_s)
                    column.dataType = u"string"_s;
            }
        }
    }
    Product finance;
    finance.name = u"Finance"_s;
    finance.models = {u"events"_s};
    edited.products.append(finance);
    ASSERT_TRUE(WorkspaceExporter::exportTo(edited, folder, true).ok());

    MainWindow *shown = window();
    QSignalSpy reloaded(shown, &MainWindow::workspaceShown);
    shown->checkFolder(folder);
    ASSERT_TRUE(reloaded.wait(kWaitMs));

    ApplyFolderDialog *dialog = shown->openApplyFolderDialog();
    ASSERT_NE(dialog, nullptr);
    QSignalSpy checked(dialog, &ApplyFolderDialog::checked);
    ASSERT_TRUE(checked.wait(kWaitMs));
    EXPECT_FALSE(dialog->canApply()) << dialog->summaryText().toStdString();
    ASSERT_EQ(dialog->changes().size(), 2);
    QStringList described;
    for (const PlannedChange &change : dialog->changes())
        described << change.name + u": "_s + change.details.join(u"; "_s);
    const QString text = described.join(u'\n');
    EXPECT_TRUE(text.contains(u"amount: decimal \u2192 string"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Acme Corp SQLite"_s)) << text.toStdString();
    EXPECT_TRUE(dialog->allowTypeChangesBox()->isVisible());
    saveScreenshot(dialog, u"apply-folder-type-change"_s);

    dialog->allowTypeChangesBox()->setChecked(true);
    ASSERT_TRUE(checked.wait(kWaitMs));
    ASSERT_TRUE(dialog->canApply()) << dialog->summaryText().toStdString();
    QSignalSpy applied(dialog, &ApplyFolderDialog::applied);
    reloaded.clear();
    dialog->apply();
    ASSERT_TRUE(applied.wait(kWaitMs));
    ASSERT_TRUE(reloaded.wait(kWaitMs));
    EXPECT_TRUE(shown->checkedFolder().isEmpty()); // back on the state database
    const Workspace stored = storedWorkspace();
    ASSERT_NE(stored.product(u"Finance"_s), nullptr);
    const Model *events = stored.model(u"events"_s);
    ASSERT_NE(events, nullptr);
    bool retyped = false;
    for (const Column &column : events->columns)
        retyped = retyped || (column.nameInDestination == u"amount"_s && column.dataType == u"string"_s);
    EXPECT_TRUE(retyped);
}

} // namespace
} // namespace ferry::ui
