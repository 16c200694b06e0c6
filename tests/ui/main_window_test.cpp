// The main window as a user meets it: first start on an empty state database (the demo workspace), filtering,
// a workspace folder with problems, reload, and a state database that cannot be opened.
#include "views/main_window.h"

#include "editors/field_binder.h"
#include "editors/model_columns_tab.h"
#include "editors/model_editor.h"

#include "models/issue_list_model.h"
#include "models/model_columns_model.h"
#include "models/object_fields_model.h"
#include "models/workspace_filter_model.h"
#include "models/workspace_tree_model.h"
#include "views/object_detail_pane.h"
#include "views/workspace_page.h"
#include "views/worker_control.h"

#include "engine/dispatch_lock.h"
#include "engine/transfer_request_builder.h"
#include "state/transfer_store.h"
#include "state/workspace_store.h"

#include "support/qt_printers.h"
#include "support/workspace_files.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QComboBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

namespace ferry::ui {
namespace {

using test::Json;
using test::WorkspaceFiles;

constexpr int kWaitMs = 60000;

class MainWindowTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    StateLocation sqliteState() const
    {
        StateLocation location;
        location.sqlitePath = m_dir.filePath(QStringLiteral("state.db"));
        return location;
    }

    // A fresh SQLite state database, where the window creates the demo workspace on first start.
    MainWindow::Options demoOptions() const
    {
        MainWindow::Options options;
        options.location = sqliteState();
        return options;
    }

    std::unique_ptr<MainWindow> openWindow(MainWindow::Options options)
    {
        auto window = std::make_unique<MainWindow>(std::move(options));
        window->show();
        QSignalSpy shown(window.get(), &MainWindow::workspaceShown);
        window->open();
        EXPECT_TRUE(window->isLoading());
        EXPECT_TRUE(shown.wait(kWaitMs)) << "the workspace was not shown";
        return window;
    }

    // "Models/events"-style paths of the rows the tree shows.
    static QStringList shownRows(const MainWindow &window)
    {
        QStringList rows;
        const QAbstractItemModel *model = window.workspacePage()->treeView()->model();
        for (int group = 0; group < model->rowCount(); ++group) {
            const QModelIndex parent = model->index(group, 0);
            for (int row = 0; row < model->rowCount(parent); ++row)
                rows << parent.data().toString() + QLatin1Char('/') + model->index(row, 0, parent).data().toString();
        }
        return rows;
    }

    QTemporaryDir m_dir;
};

TEST_F(MainWindowTest, FirstStartShowsTheDemoWorkspace)
{
    const auto window = openWindow(demoOptions());

    EXPECT_EQ(shownRows(*window),
              QStringList({QStringLiteral("Sources/Demo Source"), QStringLiteral("Models/events"),
                           QStringLiteral("Models/users"), QStringLiteral("Products/Analytics"),
                           QStringLiteral("Recipients/Acme Corp"), QStringLiteral("Recipients/Globex"),
                           QStringLiteral("Recipients/Initech"), QStringLiteral("Destinations/Acme Corp SQLite"),
                           QStringLiteral("Destinations/Globex SQLite"), QStringLiteral("Destinations/Initech SQLite")}));
    EXPECT_EQ(window->statusText(), QStringLiteral("10 objects · no validation problems"));
    EXPECT_TRUE(window->locationText().contains(m_dir.filePath(QStringLiteral("state.db")))) << window->locationText().toStdString();
    EXPECT_TRUE(QFileInfo::exists(m_dir.filePath(QStringLiteral("demo/source.db"))));

    // It opens on the first model's editor, with its fields, its columns and no problems.
    auto *editor = qobject_cast<ModelEditor *>(window->workspacePage()->editor());
    ASSERT_NE(editor, nullptr);
    EXPECT_EQ(editor->titleText(), QStringLiteral("events"));
    auto *organization = qobject_cast<QLineEdit *>(editor->fields()->field(QStringLiteral("organization_column")));
    ASSERT_NE(organization, nullptr);
    EXPECT_EQ(organization->text(), QStringLiteral("tenant_id"));
    EXPECT_GT(editor->columnsTab()->model()->rowCount(), 3);
    ASSERT_TRUE(QTest::qWaitFor([editor] { return !editor->isValidating(); }, kWaitMs));
    EXPECT_TRUE(editor->issues().isEmpty());
}

TEST_F(MainWindowTest, SelectingAnObjectShowsItsFields)
{
    const auto window = openWindow(demoOptions());
    ASSERT_TRUE(window->workspacePage()->selectObject(ObjectKind::Destination, QStringLiteral("Globex SQLite")));

    ObjectEditor *editor = window->workspacePage()->editor();
    ASSERT_NE(editor, nullptr);
    EXPECT_EQ(editor->kind(), ObjectKind::Destination);
    EXPECT_EQ(editor->titleText(), QStringLiteral("Globex SQLite"));
    auto *recipient = qobject_cast<QComboBox *>(editor->fields()->field(QStringLiteral("recipient")));
    ASSERT_NE(recipient, nullptr);
    EXPECT_EQ(recipient->currentText(), QStringLiteral("Globex"));
    EXPECT_EQ(editor->draft().text(QStringLiteral("vendor")), QStringLiteral("sqlite"));

    // Clicking a group row is not an object: the page asks for one.
    const QModelIndex group = window->workspacePage()->filterModel()->index(0, 0);
    window->workspacePage()->treeView()->setCurrentIndex(group);
    EXPECT_FALSE(window->workspacePage()->detailPane()->isHidden()); // shown instead of an editor
    EXPECT_FALSE(window->workspacePage()->detailPane()->isShowingObject());
}

TEST_F(MainWindowTest, TypingInTheFilterNarrowsTheTree)
{
    const auto window = openWindow(demoOptions());
    QTest::keyClicks(window->workspacePage()->filterEdit(), QStringLiteral("globex"));
    EXPECT_EQ(shownRows(*window),
              QStringList({QStringLiteral("Recipients/Globex"), QStringLiteral("Destinations/Globex SQLite")}));

    window->workspacePage()->filterEdit()->clear();
    QTest::keyClicks(window->workspacePage()->filterEdit(), QStringLiteral("no such thing"));
    EXPECT_TRUE(shownRows(*window).isEmpty());
    EXPECT_TRUE(window->workspacePage()->filterModel()->isFilteredEmpty());

    // Selecting a hidden object clears the filter rather than select something the user cannot see.
    ASSERT_TRUE(window->workspacePage()->selectObject(ObjectKind::Model, QStringLiteral("users")));
    EXPECT_TRUE(window->workspacePage()->filterEdit()->text().isEmpty());
    EXPECT_EQ(window->workspacePage()->editor()->titleText(), QStringLiteral("users"));
}

TEST_F(MainWindowTest, ReloadKeepsTheSelection)
{
    const auto window = openWindow(demoOptions());
    ASSERT_TRUE(window->workspacePage()->selectObject(ObjectKind::Recipient, QStringLiteral("Initech")));
    QSignalSpy shown(window.get(), &MainWindow::workspaceShown);
    window->reload();
    ASSERT_TRUE(shown.wait(kWaitMs));
    EXPECT_EQ(window->workspacePage()->editor()->titleText(), QStringLiteral("Initech"));
    EXPECT_EQ(shownRows(*window).size(), 10);
}

TEST_F(MainWindowTest, CheckingAFolderShowsEveryProblemOnItsObject)
{
    const auto window = openWindow(demoOptions());
    const QString folder = m_dir.filePath(QStringLiteral("broken"));
    WorkspaceFiles::writeValidWorkspace(folder);
    Json events = WorkspaceFiles::model(QStringLiteral("events"));
    events["columns"][2]["name_in_destination"] = "_TABLE_amount"; // reserved prefix
    events["columns"][0]["is_primary_key"] = false;                 // no primary key
    WorkspaceFiles::write(folder, QStringLiteral("models/events.json"), events);

    QSignalSpy shown(window.get(), &MainWindow::workspaceShown);
    window->checkFolder(folder);
    ASSERT_TRUE(shown.wait(kWaitMs));

    EXPECT_TRUE(window->locationText().contains(QStringLiteral("not applied"))) << window->locationText().toStdString();
    EXPECT_TRUE(window->statusText().contains(QStringLiteral("2 errors"))) << window->statusText().toStdString();
    // It opens on the broken object, with both problems listed and the broken column marked.
    ObjectDetailPane *detail = window->workspacePage()->detailPane();
    EXPECT_EQ(detail->title(), QStringLiteral("events"));
    EXPECT_EQ(detail->problemSummary(), QStringLiteral("2 errors"));
    QStringList paths;
    for (const ValidationIssue &issue : detail->issueModel()->issues())
        paths << issue.path;
    EXPECT_TRUE(paths.contains(QStringLiteral("columns[2].name_in_destination"))) << paths.join(u',').toStdString();
    EXPECT_FALSE(detail->columnsModel()->index(2, 0).data(Qt::DecorationRole).isNull());

    window->workspacePage()->problemsOnlyBox()->setChecked(true);
    EXPECT_EQ(shownRows(*window), QStringList({QStringLiteral("Models/events")}));

    // Nothing was applied: back on the state database, the demo is all there is.
    window->workspacePage()->problemsOnlyBox()->setChecked(false);
    window->showStateDatabase();
    ASSERT_TRUE(shown.wait(kWaitMs));
    EXPECT_EQ(window->statusText(), QStringLiteral("10 objects · no validation problems"));
    EXPECT_TRUE(window->locationText().startsWith(QStringLiteral("State: ")));
}

TEST_F(MainWindowTest, UnreachableStateDatabaseIsExplainedInTheWindow)
{
    StateLocation location;
    location.kind = StateLocation::Kind::Postgres;
    location.host = QStringLiteral("127.0.0.1");
    location.port = 1; // nothing listens there
    location.database = QStringLiteral("ferry");
    location.username = QStringLiteral("ferry");

    MainWindow::Options options;
    options.location = location;
    MainWindow window(options);
    window.show();
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    window.open();
    ASSERT_TRUE(failed.wait(kWaitMs));
    EXPECT_FALSE(window.workspacePage()->detailPane()->isShowingObject());
    EXPECT_FALSE(window.statusText().isEmpty());
    EXPECT_TRUE(shownRows(window).isEmpty());
}

TEST_F(MainWindowTest, TheAppRunsTransfersItselfOnlyWhenAskedAndNeverBesideAnotherDispatcher)
{
    const auto window = openWindow(demoOptions());
    WorkerControl *workers = window->workers();
    ASSERT_TRUE(workers->action()->isEnabled());
    EXPECT_FALSE(workers->action()->isChecked());
    EXPECT_EQ(workers->statusText(), QStringLiteral("Workers: off (watching)"));

    // A queued transfer of the demo waits while the app only watches...
    const Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(sqliteState());
    ASSERT_TRUE(state.ok());
    const Result<Workspace> workspace = WorkspaceStore((*state)->connection()).load();
    ASSERT_TRUE(workspace.ok());
    TransferOptions asked;
    asked.destination = QStringLiteral("Acme Corp SQLite");
    const Result<TransferRequest> request = TransferRequestBuilder::build(*workspace, asked);
    ASSERT_TRUE(request.ok());
    const Result<QString> id = TransferStore((*state)->connection()).enqueue(*request);
    ASSERT_TRUE(id.ok());
    auto status = [&] {
        const Result<TransferRecord> record = TransferStore((*state)->connection()).load(*id);
        return record.ok() ? record->status : record.error().toString();
    };
    QTest::qWait(300);
    EXPECT_EQ(status(), QStringLiteral("PENDING"));

    // ...runs once its workers are on, and the status bar says so.
    workers->action()->trigger();
    EXPECT_TRUE(workers->isRunning());
    EXPECT_TRUE(QTest::qWaitFor([&] { return status() == QLatin1String("SUCCESS"); }, kWaitMs)) << status().toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return workers->statusText().contains(QStringLiteral("1 done")); }, 5000))
        << workers->statusText().toStdString();
    EXPECT_TRUE(window->grab().toImage().save(m_dir.filePath(QStringLiteral("workers-on.png"))));

    // Off again: the workers stop without the window waiting for them.
    workers->action()->trigger();
    EXPECT_TRUE(QTest::qWaitFor([&] { return !workers->isRunning(); }, 10000));
    EXPECT_EQ(workers->statusText(), QStringLiteral("Workers: off (watching)"));

    // With another process dispatching from the same SQLite file, the app stays a watcher and says why.
    const Result<std::unique_ptr<DispatchLock>> other = DispatchLock::acquire(**state);
    ASSERT_TRUE(other.ok());
    workers->action()->trigger();
    EXPECT_FALSE(workers->isRunning());
    EXPECT_FALSE(workers->action()->isChecked());
    EXPECT_EQ(workers->statusText(), QStringLiteral("Workers: off (another process runs the queue)"));
    EXPECT_TRUE(workers->label()->toolTip().contains(QStringLiteral("already dispatches"))) << workers->label()->toolTip().toStdString();
}

TEST_F(MainWindowTest, WindowRendersToAPicture)
{
    const auto window = openWindow(demoOptions());
    const QImage image = window->grab().toImage();
    ASSERT_FALSE(image.isNull());
    EXPECT_GE(image.width(), 800);
    // Something is drawn: the picture is not one flat colour.
    const QRgb corner = image.pixel(0, 0);
    bool varied = false;
    for (int y = 0; y < image.height() && !varied; y += 7)
        for (int x = 0; x < image.width() && !varied; x += 7)
            varied = image.pixel(x, y) != corner;
    EXPECT_TRUE(varied);
    EXPECT_TRUE(image.save(m_dir.filePath(QStringLiteral("main-window.png"))));
}

} // namespace
} // namespace ferry::ui
