// The Transfers page as support staff and engineers use it, over the demo workspace with real transfers: start one
// from the Run dialog and watch it succeed, understand a failure from its details, stop pending and running
// transfers, fully refresh with the impact stated and the name typed, retry the failed models, and see a transfer
// run by another ferryctl process appear by itself.
#include "actions/transfer_actions.h"
#include "dialogs/full_refresh_dialog.h"
#include "dialogs/run_transfer_dialog.h"
#include "engine/worker_pool.h"
#include "loading/state_query_runner.h"
#include "models/log_event_model.h"
#include "models/transfer_display.h"
#include "models/transfer_history_model.h"
#include "models/transfer_models_model.h"
#include "models/transfer_plan_model.h"
#include "transfer_ui_fixture.h"
#include "views/main_window.h"
#include "views/transfer_details_pane.h"
#include "views/transfer_filter_bar.h"
#include "views/transfers_page.h"
#include "views/worker_control.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThread>

#include <atomic>

namespace ferry::ui {
namespace {

class TransfersPageTest : public TransferUiFixture
{
protected:
    TransferActions *actions(MainWindow &window) { return window.findChild<TransferActions *>(); }

    // Triggers `action` and returns the dialog it opened (window-modal, still open).
    template <typename Dialog>
    Dialog *openDialog(MainWindow &window, QAction *action)
    {
        QPointer<QDialog> opened;
        const QMetaObject::Connection connection =
            QObject::connect(actions(window), &TransferActions::dialogOpened, [&](QDialog *dialog) { opened = dialog; });
        action->trigger();
        QObject::disconnect(connection);
        return qobject_cast<Dialog *>(opened.data());
    }

    QString shownStatus(MainWindow &window, const QString &id)
    {
        TransferHistoryModel *model = window.transfersPage()->model();
        const int row = model->rowOf(id);
        return row < 0 ? QString() : model->index(row, TransferHistoryModel::StatusColumn).data(TransferHistoryModel::StatusRole).toString();
    }

    bool waitShown(MainWindow &window, const QString &id, const QString &status, int ms = kWaitMs)
    {
        return QTest::qWaitFor([&] { return shownStatus(window, id) == status; }, ms);
    }

    void selectAndWait(MainWindow &window, const QString &id)
    {
        ASSERT_TRUE(QTest::qWaitFor([&] { return window.transfersPage()->model()->rowOf(id) >= 0; }, kWaitMs));
        window.transfersPage()->selectTransfer(id);
        ASSERT_TRUE(QTest::qWaitFor([&] {
            TransferDetailsPane *details = window.transfersPage()->details();
            return details->record() && details->record()->id == id;
        }, kWaitMs));
    }
};

TEST_F(TransfersPageTest, RunNowShowsThePlanEnqueuesAndTheTransferIsSeenToSucceed)
{
    auto window = openWindow();
    TransfersPage *page = window->transfersPage();
    EXPECT_EQ(page->model()->rowCount(), 0);
    EXPECT_TRUE(page->emptyText().contains(QStringLiteral("No transfers yet"))) << page->emptyText().toStdString();

    auto *dialog = openDialog<RunTransferDialog>(*window, page->runAction());
    ASSERT_NE(dialog, nullptr);
    QSignalSpy planned(dialog, &RunTransferDialog::planShown);
    dialog->setDestination(QStringLiteral("Acme Corp SQLite"));
    dialog->tagsEdit()->setText(QStringLiteral("ticket=T-7"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog->isPlanning() && dialog->planModel()->rowCount() == 2; }, kWaitMs))
        << dialog->planStatusText().toStdString();
    EXPECT_TRUE(dialog->problemText().isEmpty());
    const QModelIndex mode = dialog->planModel()->index(0, TransferPlanModel::ModeColumn);
    EXPECT_TRUE(mode.data().toString().startsWith(QStringLiteral("backfill"))) << mode.data().toString().toStdString();
    EXPECT_GT(dialog->planModel()->preview().models.value(0).estimatedTotal, 0);
    saveScreenshot(dialog, QStringLiteral("run-dialog"));

    // A window that ends before it starts is refused as typed, and nothing can be enqueued.
    dialog->windowBox()->setChecked(true);
    dialog->windowEndEdit()->setDateTime(dialog->windowStartEdit()->dateTime().addSecs(-3600));
    EXPECT_FALSE(dialog->problemText().isEmpty());
    EXPECT_FALSE(dialog->enqueueButton()->isEnabled());
    dialog->windowBox()->setChecked(false);
    ASSERT_TRUE(dialog->enqueueButton()->isEnabled()) << dialog->problemText().toStdString();

    QSignalSpy enqueued(actions(*window), &TransferActions::enqueued);
    dialog->enqueueButton()->click();
    ASSERT_TRUE(enqueued.wait(kWaitMs));
    const QString id = enqueued.at(0).at(0).toString();
    EXPECT_EQ(record(id).tags.value(QStringLiteral("ticket")), QStringLiteral("T-7"));
    ASSERT_TRUE(waitShown(*window, id, QStringLiteral("PENDING"), 3000));

    window->workers()->action()->trigger(); // this app runs the queue
    EXPECT_TRUE(waitShown(*window, id, QStringLiteral("SUCCESS"))) << shownStatus(*window, id).toStdString();
    EXPECT_GT(destinationRows(QStringLiteral("Acme Corp SQLite"), QStringLiteral("events")), 0);
    const int row = page->model()->rowOf(id);
    EXPECT_EQ(page->model()->index(row, TransferHistoryModel::RowsColumn).data().toString(),
              QLocale().toString(record(id).rowsTransferred));
    window->workers()->action()->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window->workers()->isRunning(); }, kWaitMs));
    selectAndWait(*window, id);
    saveScreenshot(window.get(), QStringLiteral("transfers-success"));
}

TEST_F(TransfersPageTest, AFailureIsUnderstoodFromTheDetailsAlone)
{
    breakDestination(QStringLiteral("Globex SQLite"));
    const QString id = enqueue(QStringLiteral("Globex SQLite"));
    runQueue();
    ASSERT_TRUE(TransferDisplay::isFailure(status(id))) << status(id).toStdString();

    auto window = openWindow();
    selectAndWait(*window, id);
    TransferDetailsPane *details = window->transfersPage()->details();
    ASSERT_TRUE(details->isShowingFailure());
    const QString failure = details->failureText();
    EXPECT_TRUE(failure.contains(QStringLiteral("Model events")) || failure.contains(QStringLiteral("Model users")))
        << failure.toStdString();
    EXPECT_TRUE(failure.contains(QStringLiteral(" phase"))) << failure.toStdString();
    EXPECT_TRUE(failure.contains(QStringLiteral("Whose fault: Destination"))) << failure.toStdString();
    EXPECT_TRUE(failure.contains(QStringLiteral("What to do: "))) << failure.toStdString();
    EXPECT_TRUE(details->headline().contains(QStringLiteral("Globex"))) << details->headline().toStdString();
    EXPECT_GE(details->modelsModel()->rowCount(), 1);
    EXPECT_TRUE(details->json().contains(QStringLiteral("\"error_code\""))) << details->json().toStdString();
    // Its log events, the error among them.
    LogEventModel *logs = details->logModel();
    ASSERT_TRUE(QTest::qWaitFor([&] { return logs->loadedCount() > 0 && !logs->isLoading(); }, kWaitMs));
    bool errorLogged = false;
    for (int row = 0; row < logs->loadedCount(); ++row) {
        const LogEvent *event = logs->eventAt(row);
        EXPECT_EQ(event->transferId, id);
        errorLogged = errorLogged || event->level == QLatin1String("error");
    }
    EXPECT_TRUE(errorLogged);
    EXPECT_TRUE(window->transfersPage()->retryAction()->isEnabled());
    EXPECT_FALSE(window->transfersPage()->stopAction()->isEnabled());

    // Filtering by "Failed (any)" shows it; by success, not.
    TransferFilterBar *filters = window->transfersPage()->filterBar();
    ASSERT_TRUE(filters->setStatusFilter(QStringLiteral("failed")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->transfersPage()->model()->rowOf(id) == 0; }, kWaitMs));
    EXPECT_TRUE(QTest::qWaitFor([&] { return filters->countText() == QLatin1String("1 transfer"); }, kWaitMs))
        << filters->countText().toStdString();
    selectAndWait(*window, id);
    saveScreenshot(window.get(), QStringLiteral("transfers-failure"));
    ASSERT_TRUE(filters->setStatusFilter(QStringLiteral("SUCCESS")));
    ASSERT_TRUE(QTest::qWaitFor([&] {
        return window->transfersPage()->model()->hasFirstPage() && window->transfersPage()->model()->rowCount() == 0;
    }, kWaitMs));
    EXPECT_TRUE(window->transfersPage()->emptyText().contains(QStringLiteral("No transfer matches")));
}

TEST_F(TransfersPageTest, RetryEnqueuesTheFailedModelsWithTheSameTagsAndRetryOf)
{
    breakDestination(QStringLiteral("Globex SQLite"));
    const QString id = enqueue(QStringLiteral("Globex SQLite"), {}, {{QStringLiteral("ticket"), QStringLiteral("T-9")}});
    runQueue();
    auto window = openWindow();
    selectAndWait(*window, id);
    QSignalSpy enqueued(actions(*window), &TransferActions::enqueued);
    window->transfersPage()->retryAction()->trigger();
    ASSERT_TRUE(enqueued.wait(kWaitMs));
    const TransferRecord retry = record(enqueued.at(0).at(0).toString());
    EXPECT_EQ(retry.status, QStringLiteral("PENDING"));
    EXPECT_EQ(retry.destinationName, QStringLiteral("Globex SQLite"));
    EXPECT_EQ(retry.tags.value(QStringLiteral("retry_of")), id);
    EXPECT_EQ(retry.tags.value(QStringLiteral("ticket")), QStringLiteral("T-9"));
    QStringList failed;
    for (const ModelMetrics &model : record(id).modelMetrics) {
        if (model.status != QLatin1String("SUCCESS"))
            failed << model.modelName;
    }
    EXPECT_EQ(retry.models, failed);
    EXPECT_FALSE(failed.isEmpty());
    EXPECT_TRUE(QTest::qWaitFor([&] { return window->transfersPage()->model()->rowOf(retry.id) == 0; }, 3000));
}

TEST_F(TransfersPageTest, StopCancelsAPendingTransferAndKillsARunningOne)
{
    const QString pending = enqueue(QStringLiteral("Initech SQLite"));
    auto window = openWindow();
    selectAndWait(*window, pending);
    TransfersPage *page = window->transfersPage();
    ASSERT_TRUE(page->stopAction()->isEnabled());
    page->stopAction()->trigger();
    EXPECT_TRUE(QTest::qWaitFor([&] { return status(pending) == QLatin1String("CANCELLED"); }, kWaitMs)) << status(pending).toStdString();
    EXPECT_TRUE(waitShown(*window, pending, QStringLiteral("CANCELLED"), 3000));

    // A running transfer, held before it publishes its first window.
    const QString running = enqueue(QStringLiteral("Acme Corp SQLite"));
    std::atomic<bool> release{false};
    WorkerPool::Options options;
    options.workers = 1;
    options.once = true;
    options.schedule = false;
    options.heartbeatSeconds = 1;
    options.processPrefix = QStringLiteral("ui-test-kill:");
    options.hooks.beforePublish = [&](const QString &, int) {
        while (!release)
            QThread::msleep(20);
        return Status{};
    };
    WorkerPool pool(m_state, options);
    pool.start();
    ASSERT_TRUE(waitShown(*window, running, QStringLiteral("RUNNING")));
    selectAndWait(*window, running);
    EXPECT_EQ(page->stopAction()->text(), QStringLiteral("Stop (Kill)"));
    page->stopAction()->trigger();
    EXPECT_TRUE(QTest::qWaitFor([&] { return record(running).cancelRequested; }, kWaitMs));
    QTest::qWait(1500); // the housekeeping thread passes the kill on at its next heartbeat
    release = true;
    EXPECT_TRUE(QTest::qWaitFor([&] { return pool.wait(0); }, kWaitMs));
    EXPECT_EQ(status(running), QStringLiteral("KILLED"));
    EXPECT_TRUE(waitShown(*window, running, QStringLiteral("KILLED"), 3000));
}

TEST_F(TransfersPageTest, FullRefreshStatesTheImpactAndAWholeDestinationNeedsItsNameTyped)
{
    const QString first = enqueue(QStringLiteral("Acme Corp SQLite"));
    runQueue();
    ASSERT_EQ(status(first), QStringLiteral("SUCCESS"));
    const qint64 held = destinationRows(QStringLiteral("Acme Corp SQLite"), QStringLiteral("events"));
    ASSERT_GT(held, 0);

    auto window = openWindow();
    selectAndWait(*window, first);
    auto *dialog = openDialog<FullRefreshDialog>(*window, window->transfersPage()->fullRefreshAction());
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(dialog->impactText().contains(QStringLiteral("rebuilt from the start of the source's history")));
    EXPECT_TRUE(dialog->impactText().contains(QStringLiteral("disappear")));
    EXPECT_TRUE(dialog->needsTypedConfirmation());
    QSignalSpy planned(dialog, &FullRefreshDialog::planShown);
    ASSERT_TRUE(planned.wait(kWaitMs));
    EXPECT_TRUE(dialog->planStatusText().contains(QStringLiteral("holds %1 row(s) now").arg(QLocale().toString(
                    held + destinationRows(QStringLiteral("Acme Corp SQLite"), QStringLiteral("users"))))))
        << dialog->planStatusText().toStdString();

    EXPECT_FALSE(dialog->refreshButton()->isEnabled());
    dialog->confirmationEdit()->setText(QStringLiteral("Acme Corp"));
    EXPECT_FALSE(dialog->refreshButton()->isEnabled());
    dialog->confirmationEdit()->setText(QStringLiteral("Acme Corp SQLite"));
    EXPECT_TRUE(dialog->refreshButton()->isEnabled());
    saveScreenshot(dialog, QStringLiteral("full-refresh-dialog"));
    QSignalSpy enqueued(actions(*window), &TransferActions::enqueued);
    dialog->refreshButton()->click();
    ASSERT_TRUE(enqueued.wait(kWaitMs));
    const TransferRecord refresh = record(enqueued.at(0).at(0).toString());
    EXPECT_TRUE(refresh.fullRefresh);
    EXPECT_TRUE(refresh.models.isEmpty());

    // File destinations are told that nothing is deleted.
    EXPECT_TRUE(FullRefreshDialog::impactFor(QStringLiteral("sftp")).startsWith(QStringLiteral("Nothing is deleted")));
}

TEST_F(TransfersPageTest, ANewTransferKeepsTheRowsBeingReadAndTheSelectionInPlace)
{
    QStringList ids;
    for (int i = 0; i < 60; ++i)
        ids << enqueue(QStringLiteral("Acme Corp SQLite"));
    auto window = openWindow();
    TransfersPage *page = window->transfersPage();
    QTableView *view = page->view();
    ASSERT_TRUE(QTest::qWaitFor([&] { return page->model()->rowOf(ids.first()) >= 0; }, kWaitMs));
    selectAndWait(*window, ids.at(20));
    view->scrollTo(page->model()->index(page->model()->rowOf(ids.at(10)), 0), QAbstractItemView::PositionAtTop);
    QCoreApplication::processEvents();
    const QModelIndex topBefore = view->indexAt(QPoint(4, 4));
    const QString topId = topBefore.data(TransferHistoryModel::IdRole).toString();
    ASSERT_FALSE(topId.isEmpty());

    const QString fresh = enqueue(QStringLiteral("Globex SQLite"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return page->model()->rowOf(fresh) == 0; }, 2000));
    QCoreApplication::processEvents();
    EXPECT_EQ(view->indexAt(QPoint(4, 4)).data(TransferHistoryModel::IdRole).toString(), topId)
        << "the rows being read moved";
    EXPECT_EQ(page->selectedTransferId(), ids.at(20));
    EXPECT_EQ(page->details()->transferId(), ids.at(20));
}

TEST_F(TransfersPageTest, ATransferRunByAnotherFerryctlProcessAppearsWithinTwoSeconds)
{
    auto window = openWindow();
    ASSERT_EQ(window->transfersPage()->model()->rowCount(), 0);
    const QString state = QStringLiteral("sqlite:") + location().sqlitePath;
    QProcess create;
    create.start(QStringLiteral(FERRYCTL_PATH), {QStringLiteral("--state"), state, QStringLiteral("transfer"),
                                                 QStringLiteral("create"), QStringLiteral("--destination"),
                                                 QStringLiteral("Initech SQLite")});
    ASSERT_TRUE(create.waitForFinished(kWaitMs));
    ASSERT_EQ(create.exitCode(), 0) << create.readAllStandardError().toStdString();
    const QString id = QString::fromUtf8(create.readAllStandardOutput()).trimmed();
    QElapsedTimer seen;
    seen.start();
    ASSERT_TRUE(waitShown(*window, id, QStringLiteral("PENDING"), 2000));
    EXPECT_LT(seen.elapsed(), 2000);

    QProcess run;
    run.start(QStringLiteral(FERRYCTL_PATH), {QStringLiteral("--state"), state, QStringLiteral("run"), QStringLiteral("--once")});
    ASSERT_TRUE(run.waitForFinished(kWaitMs));
    ASSERT_EQ(run.exitCode(), 0) << run.readAllStandardError().toStdString();
    seen.restart();
    EXPECT_TRUE(waitShown(*window, id, QStringLiteral("SUCCESS"), 2000));
    EXPECT_LT(seen.elapsed(), 2100);
}

} // namespace
} // namespace ferry::ui
