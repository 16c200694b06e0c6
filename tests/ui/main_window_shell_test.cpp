// The shell around the pages: remembered window, page and filters; a question before closing while this app's
// workers run transfers (finish first, stop them, or stay); the Workspace page marking a destination whose last
// transfer failed; and `--page`-style page names.
#include "models/transfer_history_model.h"
#include "models/workspace_tree_model.h"
#include "settings/app_settings.h"
#include "transfer_ui_fixture.h"
#include "editors/object_editor.h"
#include "views/main_window.h"
#include "views/object_detail_pane.h"
#include "views/transfer_filter_bar.h"
#include "views/transfers_page.h"
#include "views/worker_control.h"
#include "views/workspace_page.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

namespace ferry::ui {
namespace {

class MainWindowShellTest : public TransferUiFixture
{
};

TEST_F(MainWindowShellTest, PagesHaveNamesForTheCommandLine)
{
    for (const MainWindow::Page page : {MainWindow::Page::Workspace, MainWindow::Page::Transfers,
                                        MainWindow::Page::Logs, MainWindow::Page::Recipients})
        EXPECT_EQ(MainWindow::pageFromName(MainWindow::pageName(page)), page);
    EXPECT_EQ(MainWindow::pageFromName(QStringLiteral("Transfers")), MainWindow::Page::Transfers);
    EXPECT_FALSE(MainWindow::pageFromName(QStringLiteral("nope")).has_value());
}

TEST_F(MainWindowShellTest, TheWindowRemembersItsPageSizeAndFilters)
{
    {
        auto window = openWindow();
        window->resize(1111, 777);
        window->showPage(MainWindow::Page::Logs);
        TransferFilterBar *filters = window->transfersPage()->filterBar();
        ASSERT_TRUE(filters->setStatusFilter(QStringLiteral("ERROR")));
        filters->tagEdit()->setText(QStringLiteral("ticket=T-1"));
        window->close();
    }
    AppSettings settings(m_dir.filePath(QStringLiteral("ferry.ini")));
    EXPECT_EQ(settings.currentPage(), QStringLiteral("logs"));
    EXPECT_FALSE(settings.windowGeometry().isEmpty());
    // The next start without --state reopens this database (app/ferry/main.cpp reads it back).
    EXPECT_EQ(settings.lastStateDatabase(), QStringLiteral("sqlite:") + location().sqlitePath);

    auto window = openWindow();
    TransferFilterBar *filters = window->transfersPage()->filterBar();
    EXPECT_EQ(filters->statusBox()->currentData().toString(), QStringLiteral("ERROR"));
    EXPECT_EQ(filters->tagEdit()->text(), QStringLiteral("ticket=T-1"));
    EXPECT_EQ(window->transfersPage()->model()->query().statuses, QStringList{QStringLiteral("ERROR")});
    EXPECT_EQ(window->transfersPage()->model()->query().tagKey, QStringLiteral("ticket"));
    EXPECT_EQ(window->size(), QSize(1111, 777));
}

TEST_F(MainWindowShellTest, ClosingWhileTransfersRunAsksAndCanWaitForThemOrStopThem)
{
    auto window = openWindow();
    int asked = 0;
    MainWindow::CloseChoice answer = MainWindow::CloseChoice::Cancel;
    window->setCloseQuestion([&](int running) {
        ++asked;
        EXPECT_EQ(running, 1);
        return answer;
    });
    // Nothing runs: the window closes without a question.
    EXPECT_TRUE(window->close());
    EXPECT_EQ(asked, 0);
    window->show();

    const QString id = enqueue(QStringLiteral("Acme Corp SQLite"));
    WorkerControl *workers = window->workers();
    workers->action()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return workers->runningCount() == 1 || status(id) == QLatin1String("SUCCESS"); },
                                kWaitMs));
    if (workers->runningCount() == 1) {
        // Cancel: the window stays, the transfer goes on.
        EXPECT_FALSE(window->close());
        EXPECT_EQ(asked, 1);
        EXPECT_TRUE(window->isVisible());
        // Finish: the window waits for the transfer, then closes by itself.
        answer = MainWindow::CloseChoice::Finish;
        EXPECT_FALSE(window->close());
        EXPECT_TRUE(QTest::qWaitFor([&] { return !window->isVisible(); }, kWaitMs));
        EXPECT_EQ(status(id), QStringLiteral("SUCCESS"));
    } else {
        GTEST_SKIP() << "the demo transfer finished before the window could be closed during it";
    }
}

TEST_F(MainWindowShellTest, ClosingWithStopClosesAtOnceAndTheRunningTransferEndsWithoutRunning)
{
    auto window = openWindow();
    window->setCloseQuestion([](int) { return MainWindow::CloseChoice::Stop; });
    const QString id = enqueue(QStringLiteral("Acme Corp SQLite"));
    WorkerControl *workers = window->workers();
    workers->action()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return workers->runningCount() == 1 || status(id) == QLatin1String("SUCCESS"); },
                                kWaitMs));
    if (workers->runningCount() != 1)
        GTEST_SKIP() << "the demo transfer finished before the window could be closed during it";
    EXPECT_TRUE(window->close()); // at once: the kill lands at the transfer's next batch
    EXPECT_FALSE(window->isVisible());
    window.reset(); // the workers end with the window
    EXPECT_TRUE(status(id) == QLatin1String("KILLED") || status(id) == QLatin1String("SUCCESS")) << status(id).toStdString();
}

TEST_F(MainWindowShellTest, TheWorkspacePageMarksADestinationWhoseLastTransferFailed)
{
    breakDestination(QStringLiteral("Globex SQLite"));
    const QString failed = enqueue(QStringLiteral("Globex SQLite"));
    const QString delivered = enqueue(QStringLiteral("Acme Corp SQLite"));
    runQueue();
    ASSERT_EQ(status(delivered), QStringLiteral("SUCCESS"));
    auto window = openWindow();
    window->showPage(MainWindow::Page::Workspace);
    WorkspacePage *page = window->workspacePage();
    const QModelIndex globex = page->treeModel()->objectIndex(ObjectKind::Destination, QStringLiteral("Globex SQLite"));
    const QModelIndex acme = page->treeModel()->objectIndex(ObjectKind::Destination, QStringLiteral("Acme Corp SQLite"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return globex.data(WorkspaceTreeModel::LastTransferFailedRole).toBool(); }, kWaitMs));
    EXPECT_FALSE(acme.data(WorkspaceTreeModel::LastTransferFailedRole).toBool());
    EXPECT_TRUE(globex.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Last transfer: Error")))
        << globex.data(Qt::ToolTipRole).toString().toStdString();

    ASSERT_TRUE(page->selectObject(ObjectKind::Destination, QStringLiteral("Globex SQLite")));
    ASSERT_NE(page->editor(), nullptr);
    EXPECT_TRUE(page->editor()->statusLineText().startsWith(QStringLiteral("Last transfer: Error")))
        << page->editor()->statusLineText().toStdString();
    ASSERT_TRUE(page->selectObject(ObjectKind::Destination, QStringLiteral("Acme Corp SQLite")));
    EXPECT_TRUE(page->editor()->statusLineText().startsWith(QStringLiteral("Last transfer: Success")))
        << page->editor()->statusLineText().toStdString();
    ASSERT_TRUE(page->selectObject(ObjectKind::Destination, QStringLiteral("Globex SQLite")));
    saveScreenshot(window.get(), QStringLiteral("workspace-failed-destination"));
}

} // namespace
} // namespace ferry::ui
