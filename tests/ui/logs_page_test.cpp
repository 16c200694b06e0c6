// The Logs page as support staff use it: newest events with details, a transfer's events from the Transfers
// page, debounced search, follow mode that respects scrolling, export, remembered layout, and a readable
// error. Screens are saved under the build's screenshots folder to be looked at.
#include "log_events_fixture.h"

#include "settings/app_settings.h"
#include "views/log_filter_bar.h"
#include "views/logs_page.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSqlQuery>
#include <QTableView>
#include <QToolButton>

namespace ferry::ui {
namespace {

using test::kTransferB;

class LogsPageTest : public test::LogEventsFixture
{
protected:
    void SetUp() override
    {
        LogEventsFixture::SetUp();
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
    }

    void TearDown() override
    {
        m_page.reset();
        LogEventsFixture::TearDown();
    }

    LogsPage &openPage()
    {
        m_page = std::make_unique<LogsPage>(m_runner.get(), m_settings.get());
        m_page->resize(1180, 640);
        m_page->show();
        m_page->reload();
        EXPECT_TRUE(loadFirstPage());
        return *m_page;
    }

    bool loadFirstPage()
    {
        QSignalSpy paged(m_page->model(), &LogEventModel::pageLoaded);
        return paged.wait(test::kLoadTimeoutMs);
    }

    void saveScreenshot(const QString &name)
    {
        QTest::qWait(20); // let the view paint the latest rows
        QDir dir(QStringLiteral(FERRY_SCREENSHOT_DIR));
        ASSERT_TRUE(dir.mkpath(QStringLiteral(".")));
        ASSERT_TRUE(m_page->grab().save(dir.filePath(name)));
    }

    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<LogsPage> m_page;
};

TEST_F(LogsPageTest, ShowsTheNewestEventsAndTheSelectedOneInFull)
{
    appendEvents(450);
    LogsPage &page = openPage();
    EXPECT_EQ(page.countLabel()->text(), QStringLiteral("200+ events"));
    EXPECT_TRUE(page.errorLabel()->isHidden());
    EXPECT_EQ(page.tableView()->model()->index(0, 0).data(LogEventModel::IdRole).toLongLong(), 450);

    page.tableView()->selectRow(2); // event 448
    const QString detail = page.detailView()->toPlainText();
    EXPECT_TRUE(detail.contains(sampleEvent(448).message)) << detail.toStdString();
    EXPECT_TRUE(detail.contains(QStringLiteral("\"rows\": 4480"))) << detail.toStdString();
    EXPECT_TRUE(detail.contains(sampleEvent(448).transferId));
    saveScreenshot(QStringLiteral("logs-page.png"));

    ASSERT_TRUE(loadAll(*page.model()));
    EXPECT_EQ(page.countLabel()->text(), QStringLiteral("450 events"));
}

TEST_F(LogsPageTest, ShowTransferFiltersToThatTransfer)
{
    appendEvents(450);
    LogsPage &page = openPage();
    page.showTransfer(kTransferB);
    EXPECT_EQ(page.filterBar()->transferEdit()->text(), kTransferB);
    ASSERT_TRUE(loadAll(*page.model()));
    const QList<qint64> expected = expectedIds([](const LogEvent &e) { return e.transferId == kTransferB; });
    EXPECT_EQ(loadedIds(*page.model()), expected);
    EXPECT_EQ(page.countLabel()->text(), QStringLiteral("%1 events").arg(expected.size()));

    // Double-clicking a row's model narrows further; the short transfer id in the table filters by the whole
    // id.
    page.filterBar()->setQuery({});
    ASSERT_TRUE(loadAll(*page.model()));
    QTableView *table = page.tableView();
    const QModelIndex modelCell = table->model()->index(1, LogEventModel::Model); // event 449: users
    Q_EMIT table->doubleClicked(modelCell);
    EXPECT_EQ(page.filterBar()->modelEdit()->text(), QStringLiteral("users"));
    ASSERT_TRUE(loadAll(*page.model()));
    Q_EMIT table->doubleClicked(table->model()->index(0, LogEventModel::Transfer)); // event 449: transfer A
    EXPECT_EQ(page.filterBar()->transferEdit()->text(), test::kTransferA);
    ASSERT_TRUE(loadAll(*page.model()));
    EXPECT_EQ(loadedIds(*page.model()), expectedIds([](const LogEvent &e) {
                  return e.transferId == test::kTransferA && e.modelName == QLatin1String("users");
              }));
}

TEST_F(LogsPageTest, FiltersFromTheBarWithTypedTextDebounced)
{
    appendEvents(450);
    LogsPage &page = openPage();
    LogFilterBar *bar = page.filterBar();
    bar->levelBox()->setCurrentIndex(bar->levelBox()->findData(QStringLiteral("warning")));
    EXPECT_EQ(page.model()->query().minimumLevel, QStringLiteral("warning")); // a choice applies at once
    bar->phaseBox()->setCurrentIndex(bar->phaseBox()->findData(QStringLiteral("read")));

    QTest::keyClicks(bar->textEdit(), QStringLiteral("needle"));
    EXPECT_TRUE(page.model()->query().text.isEmpty()) << "each keystroke started a query";
    EXPECT_TRUE(QTest::qWaitFor([&] { return page.model()->query().text == QLatin1String("needle"); }, 2000));
    ASSERT_TRUE(loadAll(*page.model()));
    const QList<qint64> expected = expectedIds([](const LogEvent &e) {
        return LogStore::levelRank(e.level) >= 2 && e.phase == QLatin1String("read") &&
               e.message.contains(QLatin1String("needle"));
    });
    ASSERT_FALSE(expected.isEmpty());
    EXPECT_EQ(loadedIds(*page.model()), expected);

    // Remembered for the next start.
    const QVariantMap saved = m_settings->filters(QStringLiteral("logs"));
    EXPECT_EQ(saved.value(QStringLiteral("text")).toString(), QStringLiteral("needle"));
    EXPECT_EQ(saved.value(QStringLiteral("level")).toString(), QStringLiteral("warning"));
}

TEST_F(LogsPageTest, FollowKeepsTheNewestInViewUnlessTheUserScrolledAway)
{
    appendEvents(450);
    LogsPage &page = openPage();
    page.model()->setFollowInterval(200);
    page.filterBar()->followButton()->click();
    ASSERT_TRUE(page.model()->isFollowing());
    QSignalSpy inserted(page.model(), &LogEventModel::newerEventsInserted);

    const LogEvent first = appendOne(sampleEvent(451));
    ASSERT_TRUE(inserted.wait(2000));
    QTableView *table = page.tableView();
    EXPECT_EQ(table->verticalScrollBar()->value(), 0);
    EXPECT_EQ(table->model()->index(table->rowAt(0), 0).data(LogEventModel::IdRole).toLongLong(), first.id);

    // Reading further down: new events arrive above without moving what the user reads.
    table->verticalScrollBar()->setValue(40);
    const qint64 reading = table->model()->index(table->rowAt(0), 0).data(LogEventModel::IdRole).toLongLong();
    appendOne(sampleEvent(452));
    appendOne(sampleEvent(453));
    ASSERT_TRUE(inserted.wait(2000));
    EXPECT_EQ(table->model()->index(table->rowAt(0), 0).data(LogEventModel::IdRole).toLongLong(), reading);
    EXPECT_EQ(table->model()->index(0, 0).data(LogEventModel::IdRole).toLongLong(), 453);
}

TEST_F(LogsPageTest, ExportWritesTheFilteredEventsAndSaysHowMany)
{
    appendEvents(450);
    LogsPage &page = openPage();
    page.filterBar()->setQuery([] {
        LogQuery query;
        query.minimumLevel = QStringLiteral("error");
        return query;
    }());
    const QString path = m_dir.filePath(QStringLiteral("errors.jsonl"));
    QSignalSpy finished(&page, &LogsPage::exportFinished);
    page.exportTo(path);
    ASSERT_TRUE(finished.wait(test::kLoadTimeoutMs));
    EXPECT_TRUE(finished.first().first().toBool());

    QList<qint64> expected = expectedIds([](const LogEvent &e) { return e.level == QLatin1String("error"); });
    std::reverse(expected.begin(), expected.end()); // oldest first, like `ferryctl logs`
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QList<qint64> ids;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            ids.append(QJsonDocument::fromJson(line)[QLatin1String("id")].toInteger());
    }
    EXPECT_EQ(ids, expected);
    EXPECT_TRUE(
        page.statusLabel()->text().startsWith(QStringLiteral("Exported %1 events").arg(expected.size())))
        << page.statusLabel()->text().toStdString();

    // A folder that is not there: reported, no file, no crash.
    page.exportTo(m_dir.filePath(QStringLiteral("missing/errors.jsonl")));
    ASSERT_TRUE(finished.wait(test::kLoadTimeoutMs));
    EXPECT_FALSE(finished.last().first().toBool());
    EXPECT_TRUE(page.errorLabel()->isVisible());
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("missing/errors.jsonl"))));
}

TEST_F(LogsPageTest, RemembersColumnWidths)
{
    appendEvents(10);
    {
        LogsPage &page = openPage();
        page.tableView()->horizontalHeader()->resizeSection(LogEventModel::Model, 211);
        m_page.reset();
    }
    LogsPage &again = openPage();
    EXPECT_EQ(again.tableView()->horizontalHeader()->sectionSize(LogEventModel::Model), 211);
}

TEST_F(LogsPageTest, ShowsAStateErrorReadablyInsteadOfCrashing)
{
    appendEvents(10);
    LogsPage &page = openPage();
    QSqlQuery rename(m_state->connection());
    ASSERT_TRUE(rename.exec(QStringLiteral("ALTER TABLE log_events RENAME TO log_events_gone")));
    QSignalSpy failed(page.model(), &LogEventModel::errorChanged);
    page.reload();
    ASSERT_TRUE(failed.wait(test::kLoadTimeoutMs));
    EXPECT_TRUE(page.errorLabel()->isVisible());
    EXPECT_FALSE(page.errorLabel()->text().isEmpty());
    EXPECT_TRUE(page.countLabel()->text().isEmpty()) << "still says it is loading";
    saveScreenshot(QStringLiteral("logs-page-error.png"));

    // The same on a dark palette: the red lightens so it still reads.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    page.setPalette(dark);
    EXPECT_TRUE(page.errorLabel()->styleSheet().contains(QStringLiteral("#ff8a80")));
    saveScreenshot(QStringLiteral("logs-page-error-dark.png"));
}

} // namespace
} // namespace ferry::ui
