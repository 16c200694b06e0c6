// The Recipients page on the demo workspace, with transfers run for real by the engine (a WorkerPool, as `ferryctl
// run --once` does) against the demo's SQLite source and destinations: statuses and colours, the health the
// Workspace page receives, rewinding a checkpoint (back only), checking a source, filtering, and a screenshot.
#include "views/recipients_page.h"

#include "actions/transfer_actions.h"
#include "dialogs/rewind_checkpoint_dialog.h"
#include "loading/state_query_runner.h"
#include "models/recent_transfers_model.h"
#include "models/recipient_filter_model.h"
#include "models/recipient_health_model.h"
#include "models/transfer_display.h"
#include "settings/app_settings.h"
#include "views/recipient_detail_pane.h"

#include "demo/demo_workspace.h"
#include "engine/scheduler.h"
#include "engine/transfer_request_builder.h"
#include "engine/worker_pool.h"
#include "rows/canonical_value.h"
#include "state/checkpoint_store.h"
#include "state/transfer_store.h"
#include "state/workspace_store.h"

#include "support/qt_printers.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

namespace ferry::ui {
namespace {

constexpr int kWaitMs = 60000;
using Health = RecipientHealthModel;

class RecipientsPageTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        StateLocation location;
        location.sqlitePath = m_dir.filePath(QStringLiteral("state.db"));
        Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(location);
        ASSERT_TRUE(state.ok()) << state.error().toString().toStdString();
        m_state = *state;
        const Result<bool> applied = DemoWorkspace::ensureApplied(m_state);
        ASSERT_TRUE(applied.ok()) << applied.error().toString().toStdString();
        const Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
        ASSERT_TRUE(workspace.ok());
        m_workspace = *workspace;

        m_queries = std::make_unique<StateQueryRunner>();
        m_queries->setState(m_state);
        m_actions = std::make_unique<TransferActions>(m_queries.get());
        m_actions->setWorkspace(m_workspace);
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_page = std::make_unique<RecipientsPage>(m_queries.get(), m_actions.get(), m_settings.get());
        m_healthSpy = std::make_unique<QSignalSpy>(m_page.get(), &RecipientsPage::healthChanged);
        m_page->setWorkspace(m_workspace);
        m_page->resize(1180, 760);
    }

    void TearDown() override
    {
        m_page.reset();
        m_queries->waitForDone();
    }

    // Enqueues one transfer per destination and runs them all with the engine until the queue is empty.
    void runTransfers(const QStringList &destinations)
    {
        TransferStore store(m_state->connection());
        for (const QString &destination : destinations) {
            TransferOptions options;
            options.destination = destination;
            const Result<TransferRequest> request = TransferRequestBuilder::build(m_workspace, options);
            ASSERT_TRUE(request.ok()) << request.error().toString().toStdString();
            ASSERT_TRUE(store.enqueue(*request).ok());
        }
        WorkerPool::Options options;
        options.workers = 2;
        options.once = true;
        options.schedule = false;
        options.pollMilliseconds = 50;
        WorkerPool pool(m_state, options);
        pool.start();
        ASSERT_TRUE(pool.wait(kWaitMs)) << "the transfers did not end";
    }

    // Makes a destination unreachable for real: a folder where its SQLite file should be.
    void breakDestination(const QString &name)
    {
        const Destination *destination = m_workspace.destination(name);
        ASSERT_NE(destination, nullptr);
        ASSERT_TRUE(QDir().mkpath(*destination->connection.path));
    }

    void reloadAndWait()
    {
        QSignalSpy loaded(m_page.get(), &RecipientsPage::loaded);
        m_page->reload();
        ASSERT_TRUE(loaded.wait(kWaitMs)) << "the page did not read the state database";
    }

    QModelIndex destinationCell(const QString &name, int column) const
    {
        return m_page->healthModel()->destinationIndex(name).siblingAtColumn(column);
    }

    QString checkpointOf(const QString &destination, const QString &model) const
    {
        const Result<std::optional<Checkpoint>> found =
            CheckpointStore(m_state->connection()).find(m_workspace.destination(destination)->id, model);
        return found.ok() && *found ? (*found)->cursorValue : QString();
    }

    void saveScreenshot(const QString &name)
    {
        const QDir dir(QStringLiteral(FERRY_SCREENSHOT_DIR));
        ASSERT_TRUE(dir.mkpath(QStringLiteral(".")));
        EXPECT_TRUE(m_page->grab().save(dir.filePath(name)));
    }

    QTemporaryDir m_dir;
    std::shared_ptr<StateDatabase> m_state;
    Workspace m_workspace;
    std::unique_ptr<StateQueryRunner> m_queries;
    std::unique_ptr<TransferActions> m_actions;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<RecipientsPage> m_page;
    std::unique_ptr<QSignalSpy> m_healthSpy;
};

TEST_F(RecipientsPageTest, ShowsEachDestinationsLastTransferAndMarksFailuresRed)
{
    breakDestination(QStringLiteral("Globex SQLite"));
    runTransfers({QStringLiteral("Acme Corp SQLite"), QStringLiteral("Globex SQLite")});
    QAbstractItemModelTester tester(m_page->healthModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester filterTester(m_page->filterModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_page->show();
    reloadAndWait();

    Health *model = m_page->healthModel();
    ASSERT_EQ(model->rowCount(), 3);
    for (const QString &recipient : {QStringLiteral("Acme Corp"), QStringLiteral("Globex"), QStringLiteral("Initech")}) {
        const QModelIndex index = model->recipientIndex(recipient);
        ASSERT_TRUE(index.isValid()) << recipient.toStdString();
        ASSERT_EQ(model->rowCount(index), 1);
        EXPECT_EQ(model->rowCount(model->index(0, 0, index)), 2) << "events and users";
    }

    EXPECT_EQ(destinationCell(QStringLiteral("Acme Corp SQLite"), Health::StatusColumn).data().toString(), QStringLiteral("Success"));
    EXPECT_FALSE(destinationCell(QStringLiteral("Acme Corp SQLite"), Health::NameColumn).data(Health::FailedRole).toBool());
    EXPECT_EQ(destinationCell(QStringLiteral("Initech SQLite"), Health::StatusColumn).data().toString(), QStringLiteral("Never ran"));
    // Acme is scheduled (enabled, hourly) and was never scheduled yet; Globex and Initech only run when asked.
    EXPECT_EQ(destinationCell(QStringLiteral("Acme Corp SQLite"), Health::NextRunColumn).data().toString(), QStringLiteral("due now"));
    EXPECT_EQ(destinationCell(QStringLiteral("Globex SQLite"), Health::NextRunColumn).data().toString(), QStringLiteral("manual"));

    // The failed destination and its recipient are red, with the error's title in the tooltip.
    const QModelIndex globex = destinationCell(QStringLiteral("Globex SQLite"), Health::NameColumn);
    EXPECT_EQ(globex.siblingAtColumn(Health::StatusColumn).data().toString(), QStringLiteral("Error"));
    EXPECT_TRUE(globex.data(Health::FailedRole).toBool());
    EXPECT_EQ(globex.data(Qt::ForegroundRole).value<QColor>(), TransferDisplay::statusColor(QStringLiteral("ERROR")));
    EXPECT_FALSE(globex.data(Qt::ToolTipRole).toString().isEmpty());
    const QModelIndex globexRecipient = model->recipientIndex(QStringLiteral("Globex"));
    EXPECT_TRUE(globexRecipient.data(Health::FailedRole).toBool());
    EXPECT_EQ(globexRecipient.data(Qt::ForegroundRole).value<QColor>(), TransferDisplay::statusColor(QStringLiteral("ERROR")));
    EXPECT_FALSE(model->recipientIndex(QStringLiteral("Acme Corp")).data(Health::FailedRole).toBool());

    // Model rows: the checkpoint the engine stored, in local time, its lag, and the last success's rows.
    const QModelIndex events = model->modelIndex(QStringLiteral("Acme Corp SQLite"), QStringLiteral("events"));
    const QString cursor = checkpointOf(QStringLiteral("Acme Corp SQLite"), QStringLiteral("events"));
    ASSERT_FALSE(cursor.isEmpty());
    EXPECT_EQ(events.data(Health::CheckpointRole).toString(), cursor);
    EXPECT_EQ(events.siblingAtColumn(Health::CheckpointColumn).data().toString(),
              TransferDisplay::time(CanonicalValue::toDateTime(cursor.toLatin1())));
    EXPECT_FALSE(events.siblingAtColumn(Health::LagColumn).data().toString().isEmpty());
    EXPECT_GT(QLocale().toLongLong(events.siblingAtColumn(Health::RowsColumn).data().toString()), 1000);
    EXPECT_EQ(events.siblingAtColumn(Health::StatusColumn).data().toString(), QStringLiteral("Success"));

    // The Workspace page hears of the failure.
    ASSERT_FALSE(m_healthSpy->isEmpty());
    const auto latest = m_healthSpy->last().first().value<QHash<QString, TransferSummary>>();
    EXPECT_EQ(latest.value(QStringLiteral("Globex SQLite")).status, QStringLiteral("ERROR"));
    EXPECT_EQ(latest.value(QStringLiteral("Acme Corp SQLite")).status, QStringLiteral("SUCCESS"));
    EXPECT_FALSE(latest.contains(QStringLiteral("Initech SQLite")));

    // The detail area names the error, with its code and message, and lists the transfer.
    ASSERT_TRUE(m_page->select(QStringLiteral("Globex SQLite")));
    RecipientDetailPane *detail = m_page->detailPane();
    EXPECT_EQ(detail->title(), QStringLiteral("Globex SQLite"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !detail->errorText().isEmpty(); }, kWaitMs));
    EXPECT_TRUE(detail->errorText().startsWith(QStringLiteral("FERRY-"))) << detail->errorText().toStdString();
    EXPECT_EQ(detail->recentModel()->rowCount(), 1);
    saveScreenshot(QStringLiteral("recipients-page.png"));
}

TEST_F(RecipientsPageTest, AScheduledDestinationShowsWhenItRunsNext)
{
    // The scheduler enqueues the enabled demo destination (Acme, hourly); the engine runs it.
    const Result<QStringList> scheduled = Scheduler(m_state).enqueueDue(m_workspace, QDateTime::currentDateTimeUtc());
    ASSERT_TRUE(scheduled.ok());
    ASSERT_EQ(scheduled->size(), 1);
    runTransfers({});
    m_page->show();
    reloadAndWait();

    const Result<TransferRecord> record = TransferStore(m_state->connection()).load(scheduled->first());
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->status, QStringLiteral("SUCCESS"));
    const QModelIndex next = destinationCell(QStringLiteral("Acme Corp SQLite"), Health::NextRunColumn);
    EXPECT_TRUE(next.data().toString().startsWith(QStringLiteral("in "))) << next.data().toString().toStdString();
    EXPECT_EQ(next.data(Qt::ToolTipRole).toString(), TransferDisplay::time(record->submittedAt.addSecs(3600)));
    EXPECT_EQ(m_page->healthModel()->recipientIndex(QStringLiteral("Acme Corp")).siblingAtColumn(Health::NextRunColumn).data(),
              next.data());
}

TEST_F(RecipientsPageTest, RewindMovesTheCheckpointBackAndRefusesAForwardTime)
{
    runTransfers({QStringLiteral("Acme Corp SQLite")});
    m_page->show();
    reloadAndWait();
    const QString acme = QStringLiteral("Acme Corp SQLite");
    const QString before = checkpointOf(acme, QStringLiteral("events"));
    ASSERT_FALSE(before.isEmpty());
    ASSERT_TRUE(m_page->selectModel(acme, QStringLiteral("events")));
    EXPECT_TRUE(m_page->rewindAction()->isEnabled());

    RewindCheckpointDialog *dialog = m_page->openRewindDialog();
    ASSERT_NE(dialog, nullptr);
    const QDateTime current = CanonicalValue::toDateTime(before.toLatin1());

    // Forward: refused, with the reason, and nothing changes.
    dialog->setTarget(current.addDays(1));
    EXPECT_FALSE(dialog->isAcceptable());
    EXPECT_TRUE(dialog->problem().contains(QStringLiteral("before the current checkpoint"))) << dialog->problem().toStdString();
    dialog->accept();
    EXPECT_TRUE(dialog->isVisible());
    QTest::qWait(200);
    EXPECT_EQ(checkpointOf(acme, QStringLiteral("events")), before);

    // Back ten days: the demo model's 30-day windows re-send from then on, and the checkpoint moves.
    dialog->setTarget(current.addDays(-10));
    ASSERT_TRUE(dialog->isAcceptable()) << dialog->problem().toStdString();
    EXPECT_GE(dialog->windowCount(), 1);
    EXPECT_TRUE(dialog->planText().contains(QStringLiteral("window"))) << dialog->planText().toStdString();
    const QString target = dialog->targetCanonical();
    EXPECT_LT(target, before);
    QSignalSpy rewound(m_page.get(), &RecipientsPage::checkpointRewound);
    QSignalSpy loaded(m_page.get(), &RecipientsPage::loaded);
    dialog->accept();
    ASSERT_TRUE(rewound.wait(kWaitMs));
    EXPECT_TRUE(rewound.first().at(2).toBool()) << m_page->messageText().toStdString();
    EXPECT_EQ(checkpointOf(acme, QStringLiteral("events")), target);
    EXPECT_EQ(checkpointOf(acme, QStringLiteral("users")).isEmpty(), false) << "the other model stays";

    // The tree shows the new checkpoint once it read it back.
    ASSERT_TRUE(QTest::qWaitFor([&] {
        return m_page->healthModel()->modelIndex(acme, QStringLiteral("events")).data(Health::CheckpointRole).toString() == target;
    }, kWaitMs));
    EXPECT_TRUE(m_page->messageText().contains(QStringLiteral("moved back"))) << m_page->messageText().toStdString();
}

TEST_F(RecipientsPageTest, CheckSourceShowsTheCursorLintOnTheModel)
{
    // The users table loses its (tenant_id, updated_at) index: the lint says every window scans the table.
    const Source *source = m_workspace.source(QStringLiteral("Demo Source"));
    ASSERT_NE(source, nullptr);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("recipients-test-source"));
        db.setDatabaseName(*source->connection.path);
        ASSERT_TRUE(db.open());
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("DROP INDEX users_tenant_updated")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("recipients-test-source"));

    QAbstractItemModelTester tester(m_page->healthModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_page->show();
    reloadAndWait();
    ASSERT_TRUE(m_page->selectModel(QStringLiteral("Initech SQLite"), QStringLiteral("users")));
    ASSERT_TRUE(m_page->checkSourceAction()->isEnabled());
    QSignalSpy checked(m_page.get(), &RecipientsPage::sourceChecked);
    m_page->checkSourceAction()->trigger();
    ASSERT_TRUE(checked.wait(kWaitMs));

    const QModelIndex users = m_page->healthModel()->modelIndex(QStringLiteral("Initech SQLite"), QStringLiteral("users"));
    const QStringList warnings = users.data(Health::WarningsRole).toStringList();
    ASSERT_EQ(warnings.size(), 1) << warnings.join(u'\n').toStdString();
    EXPECT_TRUE(warnings.first().contains(QStringLiteral("no index"))) << warnings.first().toStdString();
    EXPECT_FALSE(users.data(Qt::DecorationRole).isNull());
    EXPECT_TRUE(users.data(Qt::ToolTipRole).toString().contains(QStringLiteral("no index")));
    EXPECT_TRUE(m_page->detailPane()->warningsText().contains(QStringLiteral("no index")));
    EXPECT_TRUE(m_page->messageText().contains(QStringLiteral("1 warning"))) << m_page->messageText().toStdString();
    // The events table keeps its index: nothing to say about it.
    const QModelIndex events = m_page->healthModel()->modelIndex(QStringLiteral("Acme Corp SQLite"), QStringLiteral("events"));
    EXPECT_TRUE(events.data(Health::WarningsRole).toStringList().isEmpty());
    EXPECT_TRUE(events.data(Qt::DecorationRole).isNull());
    saveScreenshot(QStringLiteral("recipients-page-source-check.png"));
}

TEST_F(RecipientsPageTest, FilterKeepsTheParentsAndChildrenOfAMatch)
{
    QAbstractItemModelTester tester(m_page->filterModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_page->show();
    reloadAndWait();
    QTest::keyClicks(m_page->filterEdit(), QStringLiteral("globex sql"));
    const RecipientFilterModel *filter = m_page->filterModel();
    ASSERT_EQ(filter->rowCount(), 1);
    const QModelIndex recipient = filter->index(0, 0);
    EXPECT_EQ(recipient.data().toString(), QStringLiteral("Globex"));
    ASSERT_EQ(filter->rowCount(recipient), 1);
    const QModelIndex destination = filter->index(0, 0, recipient);
    EXPECT_EQ(destination.data().toString(), QStringLiteral("Globex SQLite"));
    EXPECT_EQ(filter->rowCount(destination), 2) << "a matching destination still shows its models";

    // A model name matches under every destination that receives it.
    m_page->filterEdit()->clear();
    QTest::keyClicks(m_page->filterEdit(), QStringLiteral("users"));
    EXPECT_EQ(filter->rowCount(), 3);

    QTest::keyClicks(m_page->filterEdit(), QStringLiteral("-nothing"));
    EXPECT_TRUE(filter->isFilteredEmpty());
    // Selecting a hidden destination clears the filter first.
    ASSERT_TRUE(m_page->select(QStringLiteral("Initech SQLite")));
    EXPECT_TRUE(m_page->filterEdit()->text().isEmpty());
    EXPECT_EQ(m_page->detailPane()->title(), QStringLiteral("Initech SQLite"));
    EXPECT_FALSE(m_page->select(QStringLiteral("No Such Destination")));

    // A workspace change reshapes the tree (a reset); the same shape again only changes cells.
    QAbstractItemModelTester healthTester(m_page->healthModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(m_page->healthModel(), &QAbstractItemModel::modelReset);
    Workspace smaller = m_workspace;
    smaller.destinations.removeAt(1);
    m_page->setWorkspace(smaller);
    EXPECT_EQ(resets.size(), 1);
    EXPECT_FALSE(m_page->healthModel()->destinationIndex(QStringLiteral("Globex SQLite")).isValid());
    EXPECT_EQ(m_page->healthModel()->rowCount(m_page->healthModel()->recipientIndex(QStringLiteral("Globex"))), 0);
    m_page->setWorkspace(smaller);
    EXPECT_EQ(resets.size(), 1);
}

} // namespace
} // namespace ferry::ui
