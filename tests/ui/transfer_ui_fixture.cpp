#include "transfer_ui_fixture.h"

#include "demo/demo_workspace.h"
#include "engine/transfer_request_builder.h"
#include "engine/worker_pool.h"
#include "settings/app_settings.h"
#include "state/workspace_store.h"
#include "views/main_window.h"
#include "views/transfers_page.h"
#include "models/transfer_history_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QWidget>

namespace ferry::ui {

void TransferUiFixture::SetUp()
{
    ASSERT_TRUE(m_dir.isValid());
    Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(location());
    ASSERT_TRUE(state.ok()) << state.error().toString().toStdString();
    m_state = *state;
    const Result<bool> demo = DemoWorkspace::ensureApplied(m_state);
    ASSERT_TRUE(demo.ok()) << demo.error().toString().toStdString();
    const Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
    ASSERT_TRUE(workspace.ok());
    m_workspace = *workspace;
}

void TransferUiFixture::TearDown()
{
    m_state.reset();
}

StateLocation TransferUiFixture::location() const
{
    StateLocation location;
    location.sqlitePath = m_dir.filePath(QStringLiteral("state.db"));
    return location;
}

QString TransferUiFixture::enqueue(const QString &destination, const QStringList &models,
                                   const QMap<QString, QString> &tags, bool fullRefresh)
{
    TransferOptions options;
    options.destination = destination;
    options.models = models;
    options.tags = tags;
    options.fullRefresh = fullRefresh;
    const Result<TransferRequest> request = TransferRequestBuilder::build(m_workspace, options);
    EXPECT_TRUE(request.ok()) << request.error().toString().toStdString();
    if (!request)
        return {};
    const Result<QString> id = TransferStore(m_state->connection()).enqueue(*request);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : QString();
}

void TransferUiFixture::runQueue()
{
    WorkerPool::Options options;
    options.workers = 1;
    options.once = true;
    options.schedule = false;
    options.processPrefix = QStringLiteral("ui-test:%1:").arg(QCoreApplication::applicationPid());
    WorkerPool pool(m_state, options);
    pool.start();
    while (!pool.wait(10))
        QCoreApplication::processEvents();
    QCoreApplication::processEvents();
}

QString TransferUiFixture::status(const QString &id)
{
    const Result<TransferRecord> loaded = TransferStore(m_state->connection()).load(id);
    return loaded.ok() ? loaded->status : loaded.error().toString();
}

TransferRecord TransferUiFixture::record(const QString &id)
{
    const Result<TransferRecord> loaded = TransferStore(m_state->connection()).load(id);
    EXPECT_TRUE(loaded.ok());
    return loaded.ok() ? *loaded : TransferRecord{};
}

void TransferUiFixture::breakDestination(const QString &name)
{
    const Destination *destination = m_workspace.destination(name);
    ASSERT_NE(destination, nullptr);
    const QString path = destination->connection.path.value_or(QString());
    QFile::remove(path);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
}

qint64 TransferUiFixture::destinationRows(const QString &name, const QString &table)
{
    const Destination *destination = m_workspace.destination(name);
    if (!destination)
        return -1;
    qint64 rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("destination-count"));
        db.setDatabaseName(destination->connection.path.value_or(QString()));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT count(*) FROM \"%1\"").arg(table)) && query.next())
                rows = query.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("destination-count"));
    return rows;
}

std::unique_ptr<MainWindow> TransferUiFixture::openWindow()
{
    MainWindow::Options options;
    options.location = location();
    options.applyDemoWhenEmpty = false;
    options.settings = std::make_shared<AppSettings>(m_dir.filePath(QStringLiteral("ferry.ini")));
    auto window = std::make_unique<MainWindow>(options);
    window->showPage(MainWindow::Page::Transfers);
    window->show();
    QSignalSpy shown(window.get(), &MainWindow::workspaceShown);
    window->open();
    EXPECT_TRUE(shown.wait(kWaitMs)) << "the workspace was not shown";
    EXPECT_TRUE(QTest::qWaitFor([&] { return window->transfersPage()->model()->hasFirstPage(); }, kWaitMs));
    return window;
}

void TransferUiFixture::saveScreenshot(QWidget *widget, const QString &name)
{
    const QDir folder(QStringLiteral(FERRY_SCREENSHOT_DIR));
    ASSERT_TRUE(folder.mkpath(QStringLiteral(".")));
    // Layouts settle on posted events: a picture taken before them shows stale geometry.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
    EXPECT_TRUE(widget->grab().save(folder.filePath(name + QStringLiteral(".png"))));
}

} // namespace ferry::ui
