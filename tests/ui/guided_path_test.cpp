// The first-run guide as a new user walks it: from an empty state database and a SQLite file of their own holding
// two tenants' rows, through the real editors (test connection, a model from a table with a preview, product,
// recipient, destination), to a first transfer run by this app's workers that delivers exactly one tenant's rows.
// Leaving after a step and opening the app again resumes at the next one.
#include "views/main_window.h"

#include "editors/connection_test_panel.h"
#include "editors/destination_editor.h"
#include "editors/model_editor.h"
#include "editors/object_editor.h"
#include "editors/row_preview_panel.h"
#include "editors/source_editor.h"
#include "first_run/guided_path.h"
#include "first_run/guided_steps_model.h"
#include "first_run/welcome_pane.h"
#include "models/preview_rows_model.h"
#include "settings/app_settings.h"
#include "views/worker_control.h"
#include "views/workspace_page.h"

#include "support/qt_printers.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace ferry::ui {
namespace {

using namespace Qt::Literals::StringLiterals;

constexpr int kWaitMs = 60000;

class GuidedPathTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        writeSourceFile();
        // Closing with the next step's new, unsaved editor open: the user lets it go.
        ObjectEditor::setLeaveQuestion([](const QString &) { return ObjectEditor::LeaveChoice::Discard; });
    }

    void TearDown() override { ObjectEditor::setLeaveQuestion({}); }

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // The user's own multi-tenant table: three rows of tenant "acme", two of "globex".
    void writeSourceFile()
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"guide-source"_s);
            db.setDatabaseName(path(u"shop.db"_s));
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            ASSERT_TRUE(q.exec(u"CREATE TABLE orders (id INTEGER PRIMARY KEY, org_id TEXT NOT NULL, amount REAL, "
                               "updated_at TIMESTAMP NOT NULL)"_s))
                << q.lastError().text().toStdString();
            ASSERT_TRUE(q.exec(u"CREATE INDEX orders_org_updated ON orders (org_id, updated_at)"_s));
            const char *rows[] = {
                "(1, 'acme', 10.5, '2026-01-02T03:04:05.000000Z')",   "(2, 'globex', 99.0, '2026-01-03T00:00:00.000000Z')",
                "(3, 'acme', 20.25, '2026-02-01T12:00:00.000000Z')",  "(4, 'globex', 7.0, '2026-02-02T00:00:00.000000Z')",
                "(5, 'acme', 30.0, '2026-03-01T08:30:00.000000Z')",
            };
            for (const char *row : rows)
                ASSERT_TRUE(q.exec(u"INSERT INTO orders VALUES "_s + QLatin1String(row))) << q.lastError().text().toStdString();
        }
        QSqlDatabase::removeDatabase(u"guide-source"_s);
    }

    // A new user's window: the state database holds nothing, and no demo is made.
    std::unique_ptr<MainWindow> openWindow()
    {
        MainWindow::Options options;
        options.location.sqlitePath = path(u"state.db"_s);
        options.applyDemoWhenEmpty = false;
        options.settings = std::make_shared<AppSettings>(path(u"ferry.ini"_s));
        auto window = std::make_unique<MainWindow>(options);
        window->resize(1400, 900);
        window->show();
        QSignalSpy shown(window.get(), &MainWindow::workspaceShown);
        window->open();
        EXPECT_TRUE(shown.wait(kWaitMs)) << "the workspace was not shown";
        return window;
    }

    // Saves the open editor and waits until the guide moved past `step` and opened the next step's editor.
    static void saveStep(MainWindow &window, GuideStep step)
    {
        GuidedPath *guide = window.guidedPath();
        ObjectEditor *editor = window.workspacePage()->editor();
        ASSERT_NE(editor, nullptr);
        QSignalSpy done(guide, &GuidedPath::stepDone);
        ASSERT_TRUE(QTest::qWaitFor([&] { return !editor->isValidating(); }, kWaitMs));
        editor->save();
        ASSERT_TRUE(QTest::qWaitFor([&] { return guide->currentStep() != step; }, kWaitMs))
            << editor->bannerText().toStdString() << " / " << editor->issues().value(0).toString().toStdString();
        ASSERT_EQ(done.count(), 1);
        EXPECT_EQ(done.at(0).at(0).value<GuideStep>(), step);
        const std::optional<GuideStep> next = guide->currentStep();
        if (next && next != GuideStep::FirstTransfer) {
            ASSERT_TRUE(QTest::qWaitFor([&] {
                ObjectEditor *opened = window.workspacePage()->editor();
                return opened && opened->kind() == GuideProgress::kindOf(*next) && opened->isNew();
            }, kWaitMs));
        }
    }

    static void testConnection(ConnectionTestPanel *panel)
    {
        QSignalSpy finished(panel, &ConnectionTestPanel::finished);
        panel->start();
        ASSERT_TRUE(finished.wait(kWaitMs));
        EXPECT_TRUE(finished.at(0).at(0).toBool()) << panel->resultText().toStdString();
    }

    // Welcome pane → Connect your own data → source (tested) → model from `orders` (previewed as acme) → product.
    void walkToRecipient(MainWindow &window)
    {
        GuidedPath *guide = window.guidedPath();
        WorkspacePage *page = window.workspacePage();
        ASSERT_TRUE(window.welcomePane()->isVisible()) << "a first start offers the two ways on";
        EXPECT_FALSE(window.welcomePane()->exploreButton()->isEnabled()) << "no demo to explore";
        window.welcomePane()->connectButton()->click();
        EXPECT_FALSE(window.welcomePane()->isVisible());
        ASSERT_TRUE(guide->isVisible());
        ASSERT_EQ(guide->currentStep(), GuideStep::Source);

        auto *source = qobject_cast<SourceEditor *>(page->editor());
        ASSERT_NE(source, nullptr);
        EXPECT_TRUE(source->isNew());
        source->edit(u"vendor"_s, "sqlite");
        source->edit(u"path"_s, path(u"shop.db"_s).toStdString());
        testConnection(source->connectionTest());
        saveStep(window, GuideStep::Source);
        ASSERT_EQ(guide->currentStep(), GuideStep::Model);
        saveScreenshot(window, u"guided-path-model"_s);

        auto *model = qobject_cast<ModelEditor *>(page->editor());
        ASSERT_NE(model, nullptr);
        EXPECT_EQ(model->draft().text(u"source_name"_s), u"My source"_s) << "the model reads the step-1 source";
        QSignalSpy described(model, &ModelEditor::described);
        model->useTable({}, u"orders"_s);
        ASSERT_TRUE(described.wait(kWaitMs)) << model->bannerText().toStdString();
        EXPECT_EQ(model->draft().text(u"organization_column"_s), u"org_id"_s);
        guide->tenantEdit()->setText(u"acme"_s);
        guide->setPreviewTenant(u"acme"_s);
        RowPreviewPanel *preview = model->previewPanel();
        QSignalSpy previewed(preview, &RowPreviewPanel::finished);
        preview->start();
        ASSERT_TRUE(previewed.wait(kWaitMs));
        ASSERT_TRUE(previewed.at(0).at(0).toBool()) << preview->statusText().toStdString();
        const PreviewRows &rows = preview->model()->rows();
        const qsizetype org = rows.columns.indexOf(u"org_id"_s);
        ASSERT_GE(org, 0);
        ASSERT_EQ(rows.rows.size(), 3) << "only acme's rows";
        for (const QStringList &row : rows.rows)
            EXPECT_EQ(row.at(org), u"acme"_s);
        saveStep(window, GuideStep::Model);

        ASSERT_EQ(guide->currentStep(), GuideStep::Product);
        EXPECT_EQ(page->editor()->draft().value(u"models"_s), ObjectDraft::Json::array({"orders"}))
            << "the product lists the model";
        saveStep(window, GuideStep::Product);
        ASSERT_EQ(guide->currentStep(), GuideStep::Recipient);
    }

    static void saveScreenshot(QWidget &widget, const QString &name)
    {
        const QDir folder(QStringLiteral(FERRY_SCREENSHOT_DIR));
        ASSERT_TRUE(folder.mkpath(u"."_s));
        EXPECT_TRUE(widget.grab().save(folder.filePath(name + u".png"_s)));
    }

    QStringList destinationRows()
    {
        QStringList rows;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"guide-destination"_s);
            db.setDatabaseName(path(u"delivered.db"_s));
            EXPECT_TRUE(db.open());
            QSqlQuery q(db);
            EXPECT_TRUE(q.exec(u"SELECT id, org_id, amount FROM orders ORDER BY id"_s)) << q.lastError().text().toStdString();
            while (q.next())
                rows << u"%1 %2 %3"_s.arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
        }
        QSqlDatabase::removeDatabase(u"guide-destination"_s);
        return rows;
    }

    QTemporaryDir m_dir;
};

TEST_F(GuidedPathTest, walksFromAnEmptyWorkspaceToAFirstDeliveredTable)
{
    std::unique_ptr<MainWindow> window = openWindow();
    QAbstractItemModelTester tester(window->guidedPath()->stepsModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    saveScreenshot(*window, u"welcome-pane"_s);
    walkToRecipient(*window);
    GuidedPath *guide = window->guidedPath();
    WorkspacePage *page = window->workspacePage();

    ObjectEditor *recipient = page->editor();
    EXPECT_EQ(recipient->draft().text(u"id_in_provider_system"_s), u"acme"_s) << "the tenant previewed";
    EXPECT_EQ(recipient->draft().value(u"products"_s), ObjectDraft::Json::array({"My first product"}));
    saveStep(*window, GuideStep::Recipient);

    auto *destination = qobject_cast<DestinationEditor *>(page->editor());
    ASSERT_NE(destination, nullptr);
    EXPECT_EQ(destination->draft().text(u"recipient"_s), u"My first customer"_s);
    destination->edit(u"vendor"_s, "sqlite");
    destination->edit(u"path"_s, path(u"delivered.db"_s).toStdString());
    testConnection(destination->connectionTest());
    saveScreenshot(*window, u"guided-path-destination"_s);
    saveStep(*window, GuideStep::Destination);
    ASSERT_EQ(guide->currentStep(), GuideStep::FirstTransfer);
    EXPECT_TRUE(guide->stepsModel()->isDone(GuideStep::Destination));

    ASSERT_FALSE(window->workers()->isRunning());
    QSignalSpy ended(guide, &GuidedPath::transferEnded);
    guide->actionButton()->click(); // Run the First Transfer
    EXPECT_TRUE(window->workers()->isRunning()) << "the guide starts this app's workers";
    ASSERT_TRUE(ended.wait(kWaitMs)) << guide->statusText().toStdString();
    EXPECT_TRUE(ended.at(0).at(0).toBool()) << guide->statusText().toStdString();
    EXPECT_EQ(window->currentPage(), MainWindow::Page::Transfers);
    EXPECT_FALSE(guide->currentStep().has_value());
    EXPECT_TRUE(guide->statusText().contains(u"delivered 3 rows"_s)) << guide->statusText().toStdString();
    EXPECT_EQ(destinationRows(), (QStringList{u"1 acme 10.5"_s, u"3 acme 20.25"_s, u"5 acme 30"_s}));
    saveScreenshot(*window, u"guided-path-done"_s);
    window->showPage(MainWindow::Page::Workspace);
    saveScreenshot(*window, u"guided-path-done-workspace"_s);
    window->workers()->action()->trigger(); // workers off before the window goes
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window->workers()->isRunning(); }, kWaitMs));
}

TEST_F(GuidedPathTest, resumesAtTheFirstStepNotDoneReusingWhatItMade)
{
    {
        std::unique_ptr<MainWindow> window = openWindow();
        walkToRecipient(*window);
        window->close();
    }
    std::unique_ptr<MainWindow> window = openWindow();
    GuidedPath *guide = window->guidedPath();
    QAbstractItemModelTester tester(guide->stepsModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_FALSE(window->welcomePane()->isVisible()) << "answered once";
    ASSERT_TRUE(guide->isActive());
    ASSERT_TRUE(guide->isVisibleTo(window.get()));
    ASSERT_EQ(guide->currentStep(), GuideStep::Recipient);
    for (const GuideStep step : {GuideStep::Source, GuideStep::Model, GuideStep::Product})
        EXPECT_TRUE(guide->stepsModel()->isDone(step));
    EXPECT_EQ(guide->stepsModel()->index(int(GuideStep::Model)).data(GuidedStepsModel::ObjectNameRole).toString(), u"orders"_s);
    EXPECT_TRUE(guide->instructionText().contains(u"Step 4 of 6"_s)) << guide->instructionText().toStdString();

    guide->actionButton()->click(); // Create the recipient
    ObjectEditor *recipient = window->workspacePage()->editor();
    ASSERT_NE(recipient, nullptr);
    EXPECT_EQ(recipient->kind(), ObjectKind::Recipient);
    EXPECT_EQ(recipient->draft().value(u"products"_s), ObjectDraft::Json::array({"My first product"}));
    saveScreenshot(*window, u"guided-path-resumed"_s);

    // Going back to a step done opens what it made rather than a second one.
    guide->openStep(GuideStep::Source);
    ASSERT_EQ(window->workspacePage()->editor()->kind(), ObjectKind::Source);
    EXPECT_FALSE(window->workspacePage()->editor()->isNew());
    EXPECT_EQ(window->workspacePage()->editor()->draft().name(), u"My source"_s);

    QPushButton *leave = guide->findChild<QPushButton *>(u"leaveGuideButton"_s);
    ASSERT_NE(leave, nullptr);
    leave->click();
    EXPECT_FALSE(guide->isVisible());
    EXPECT_FALSE(guide->isActive());
}

TEST_F(GuidedPathTest, exploreTheDemoSelectsADemoModelAndIsNotOfferedAgain)
{
    MainWindow::Options options;
    options.location.sqlitePath = path(u"demo-state.db"_s);
    options.settings = std::make_shared<AppSettings>(path(u"demo.ini"_s));
    {
        MainWindow window(options);
        window.resize(1400, 900);
        window.show();
        QSignalSpy shown(&window, &MainWindow::workspaceShown);
        window.open();
        ASSERT_TRUE(shown.wait(kWaitMs));
        ASSERT_TRUE(window.welcomePane()->isVisible()) << "the demo was just made";
        ASSERT_TRUE(window.welcomePane()->exploreButton()->isEnabled());
        saveScreenshot(window, u"welcome-pane-demo"_s);
        window.welcomePane()->exploreButton()->click();
        EXPECT_FALSE(window.welcomePane()->isVisible());
        EXPECT_FALSE(window.guidedPath()->isVisible());
        const std::optional<WorkspacePage::Selection> selected = window.workspacePage()->currentSelection();
        ASSERT_TRUE(selected.has_value());
        EXPECT_EQ(selected->kind, ObjectKind::Model);
    }
    MainWindow again(options);
    again.show();
    QSignalSpy shown(&again, &MainWindow::workspaceShown);
    again.open();
    ASSERT_TRUE(shown.wait(kWaitMs));
    EXPECT_FALSE(again.welcomePane()->isVisible()) << "answered once";
}

// Progress survives the settings file and follows a rename made outside the guide (matched by id).
TEST(GuideProgressTest, roundTripsThroughSettingsAndFollowsRenames)
{
    GuideProgress progress;
    progress.setObject(GuideStep::Source, u"id-1"_s, u"My source"_s);
    progress.setPreviewTenant(u"acme"_s);
    const GuideProgress read = GuideProgress::fromSettings(progress.toSettings());
    Workspace workspace;
    Source source;
    source.id = u"id-1"_s;
    source.name = u"Production"_s;
    workspace.sources.append(source);
    EXPECT_EQ(read.objectName(GuideStep::Source, workspace), u"Production"_s);
    EXPECT_EQ(read.previewTenant(), u"acme"_s);
    EXPECT_EQ(read.firstUndone(workspace), GuideStep::Model);
    EXPECT_EQ(read.firstUndone(Workspace{}), GuideStep::Source) << "its source was deleted: made again";
}

} // namespace
} // namespace ferry::ui
