#include "engine_fixture.h"

#include "engine/worker_pool.h"
#include "state/transfer_store.h"
#include "workspace/workspace_applier.h"

#include <QDir>
#include <QElapsedTimer>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QWaitCondition>

#include <iostream>

namespace ferry::test {

bool eventually(const std::function<bool()> &done, int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > ms)
            return false;
        QThread::msleep(20);
    }
    return true;
}

QDateTime at(int dayNumber, int seconds)
{
    return QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).addDays(dayNumber).addSecs(seconds);
}

TransferRequest fullRefresh()
{
    TransferRequest request;
    request.fullRefresh = true;
    return request;
}

std::string destinationVendorName(const ::testing::TestParamInfo<DestinationVendor> &info)
{
    switch (info.param) {
    case DestinationVendor::Postgres: return "Postgres";
    case DestinationVendor::MySql: return "MySql";
    case DestinationVendor::Sqlite: break;
    }
    return "Sqlite";
}

void EngineTest::SetUp()
{
    FERRY_REQUIRE_POSTGRES();
    if (GetParam() == DestinationVendor::MySql)
        FERRY_REQUIRE_MYSQL();
    ASSERT_TRUE(m_dir.isValid());
    m_source = std::make_unique<TemporaryPostgresDatabase>();
    ASSERT_TRUE(m_source->isValid()) << m_source->error().toStdString();
    m_sourceConnection = QStringLiteral("src-") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase src = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_sourceConnection);
    src.setHostName(m_source->host());
    src.setPort(m_source->port());
    src.setUserName(m_source->userName());
    src.setPassword(qEnvironmentVariable("PGPASSWORD"));
    src.setDatabaseName(m_source->name());
    ASSERT_TRUE(src.open()) << src.lastError().text().toStdString();
    sourceExec(QStringLiteral("CREATE TABLE events (id text NOT NULL, tenant_id text NOT NULL, amount numeric(12,2), note text, "
                              "updated_at timestamptz NOT NULL)"));
    sourceExec(QStringLiteral("CREATE INDEX events_tenant_updated ON events (tenant_id, updated_at)"));

    m_destinationConnection = QStringLiteral("dst-") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase dst;
    switch (GetParam()) {
    case DestinationVendor::Postgres:
        m_destPg = std::make_unique<TemporaryPostgresDatabase>();
        ASSERT_TRUE(m_destPg->isValid()) << m_destPg->error().toStdString();
        dst = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_destinationConnection);
        dst.setHostName(m_destPg->host());
        dst.setPort(m_destPg->port());
        dst.setUserName(m_destPg->userName());
        dst.setPassword(qEnvironmentVariable("PGPASSWORD"));
        dst.setDatabaseName(m_destPg->name());
        break;
    case DestinationVendor::MySql:
        m_destMy = std::make_unique<TemporaryMysqlDatabase>();
        ASSERT_TRUE(m_destMy->isValid()) << m_destMy->error().toStdString();
        dst = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), m_destinationConnection);
        dst.setHostName(m_destMy->host());
        dst.setPort(m_destMy->port());
        dst.setUserName(m_destMy->userName());
        dst.setPassword(TestServers::mysqlPassword());
        dst.setDatabaseName(m_destMy->name());
        break;
    case DestinationVendor::Sqlite:
        dst = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_destinationConnection);
        dst.setDatabaseName(m_dir.filePath(QStringLiteral("destination.db")));
        break;
    }
    ASSERT_TRUE(dst.open()) << dst.lastError().text().toStdString();

    if (m_postgresState) {
        m_stateDb = std::make_unique<TemporaryPostgresDatabase>();
        ASSERT_TRUE(m_stateDb->isValid()) << m_stateDb->error().toStdString();
    }
    const Result<StateLocation> location = StateLocation::parse(
        m_stateDb ? m_stateDb->url() : QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("state.db")));
    ASSERT_TRUE(location.ok());
    Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*location);
    ASSERT_TRUE(state.ok()) << state.error().toString().toStdString();
    m_state = *state;
}

void EngineTest::TearDown()
{
    m_state.reset();
    for (const QString &name : {m_sourceConnection, m_destinationConnection}) {
        if (name.isEmpty())
            continue;
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

void EngineTest::sourceExec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_sourceConnection, false));
    ASSERT_TRUE(query.exec(sql)) << sql.toStdString() << ": " << query.lastError().text().toStdString();
}

void EngineTest::insert(const QString &id, const QString &note, const QDateTime &updatedAt, const QString &tenant, double amount)
{
    QSqlQuery query(QSqlDatabase::database(m_sourceConnection, false));
    query.prepare(QStringLiteral("INSERT INTO events (id, tenant_id, amount, note, updated_at) VALUES (?, ?, ?, ?, ?::timestamptz)"));
    query.addBindValue(id);
    query.addBindValue(tenant);
    query.addBindValue(amount);
    query.addBindValue(note);
    query.addBindValue(updatedAt.toUTC().toString(Qt::ISODateWithMs));
    ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
}

Json EngineTest::modelJson() const
{
    auto column = [](const char *source, const char *destination, const char *type, bool pk = false, bool lm = false) {
        return Json{{"name_in_source", source}, {"name_in_destination", destination}, {"data_type", type},
                    {"is_primary_key", pk}, {"is_last_modified", lm}};
    };
    return Json{{"model_name", "events"},
                {"source_table", "events"},
                {"organization_column", "tenant_id"},
                {"columns", Json::array({column("id", "id", "string", true), column("amount", "amount", "decimal"),
                                         column("note", "note", "string"),
                                         column("updated_at", "updated_at", "timestamp", false, true)})}};
}

Json EngineTest::destinationJson() const
{
    Json json{{"name", "acme"}, {"recipient", "acme"}};
    switch (GetParam()) {
    case DestinationVendor::Postgres:
        json.update(Json{{"vendor", "postgres"}, {"host", m_destPg->host().toStdString()}, {"port", m_destPg->port()},
                         {"database", m_destPg->name().toStdString()}, {"username", m_destPg->userName().toStdString()},
                         {"password_env", "PGPASSWORD"}, {"ssl_mode", "disable"}});
        break;
    case DestinationVendor::MySql:
        json.update(Json{{"vendor", "mysql"}, {"host", m_destMy->host().toStdString()}, {"port", m_destMy->port()},
                         {"database", m_destMy->name().toStdString()}, {"username", m_destMy->userName().toStdString()},
                         {"password_env", "FERRY_TEST_MYSQL_PASSWORD"}, {"ssl_mode", "disable"}});
        break;
    case DestinationVendor::Sqlite:
        json.update(Json{{"vendor", "sqlite"}, {"path", m_dir.filePath(QStringLiteral("destination.db")).toStdString()}});
        break;
    }
    if (m_destinationOverride.is_object())
        json.update(m_destinationOverride);
    for (auto it = json.begin(); it != json.end();) // an override's null removes the key (password_env)
        it = it->is_null() ? json.erase(it) : std::next(it);
    return json;
}

Json EngineTest::sourceJson() const
{
    Json source{{"name", "app"}, {"vendor", "postgres"}, {"host", m_source->host().toStdString()}, {"port", m_source->port()},
                {"database", m_source->name().toStdString()}, {"username", m_source->userName().toStdString()},
                {"password_env", "PGPASSWORD"}, {"ssl_mode", "disable"}};
    if (m_sourceOverride.is_object())
        source.update(m_sourceOverride);
    return source;
}

void EngineTest::applyWorkspace(const Json &model, bool allowTypeChanges)
{
    const QString folder = m_dir.filePath(QStringLiteral("workspace"));
    QDir(folder).removeRecursively();
    WorkspaceFiles::write(folder, QStringLiteral("sources/app.json"), sourceJson());
    WorkspaceFiles::write(folder, QStringLiteral("models/") + QString::fromStdString(model["model_name"].get<std::string>()) +
                                      QStringLiteral(".json"), model);
    for (const Json &extra : std::as_const(m_extraModels))
        WorkspaceFiles::write(folder, QStringLiteral("models/") + QString::fromStdString(extra["model_name"].get<std::string>()) +
                                          QStringLiteral(".json"), extra);
    WorkspaceFiles::write(folder, QStringLiteral("recipients/acme.json"), WorkspaceFiles::recipient(QStringLiteral("acme"), m_tenant));
    WorkspaceFiles::write(folder, QStringLiteral("destinations/acme.json"), destinationJson());
    WorkspaceApplier applier(m_state, {allowTypeChanges});
    const auto outcome = applier.apply(folder);
    ASSERT_TRUE(outcome.ok()) << outcome.error().toString().toStdString();
    QStringList problems;
    for (const ValidationIssue &issue : outcome->report.issues())
        problems << issue.toString();
    ASSERT_FALSE(outcome->report.hasErrors()) << problems.join(QLatin1Char('\n')).toStdString();
}

TransferRecord EngineTest::transfer(const TransferRequest &extra, const EngineHooks &hooks)
{
    TransferRequest request = extra;
    request.destinationName = QStringLiteral("acme");
    request.recipientName = QStringLiteral("acme");
    TransferStore store(m_state->connection());
    // The destination id as applied, so the runner finds it the way a real request does.
    QSqlQuery query(m_state->connection());
    query.exec(QStringLiteral("SELECT id FROM destinations WHERE name = 'acme'"));
    if (query.next())
        request.destinationId = query.value(0).toString();
    const Result<QString> id = store.enqueue(request, m_now);
    EXPECT_TRUE(id.ok());
    query.finish(); // an open statement would hold a read snapshot on this thread's state connection
    // The production path: a pool's worker claims it, its housekeeping thread heartbeats and passes kills on.
    WorkerPool::Options options;
    options.workers = 1;
    options.processPrefix = QStringLiteral("engine-test:");
    options.once = true;
    options.schedule = false;
    options.pollMilliseconds = 20;
    options.clock = [this] { return m_now; };
    // Hooks run on this thread (the worker waits for them), as when the runner ran here: they may use the
    // fixture's connections, which belong to this thread.
    QMutex mutex;
    QWaitCondition changed;
    std::function<void()> call;
    if (hooks.beforePublish) {
        options.hooks.beforePublish = [&](const QString &model, int window) {
            Status result;
            QMutexLocker lock(&mutex);
            while (call) // another lane's hook is running
                changed.wait(&mutex);
            call = [&] { result = hooks.beforePublish(model, window); };
            changed.wakeAll();
            while (call)
                changed.wait(&mutex);
            return result;
        };
    }
    options.hooks.afterBatch = hooks.afterBatch; // on the worker's thread: it must not use this thread's connections
    options.hooks.progressIntervalMs = hooks.progressIntervalMs;
    WorkerPool pool(m_state, options);
    {
        QMutexLocker lock(&m_progressMutex);
        m_progress.clear();
    }
    QElapsedTimer started;
    started.start();
    QObject::connect(&pool, &WorkerPool::transferProgress, &pool,
                     [this, &started](const QString &, const ModelMetrics &metrics) {
                         QMutexLocker lock(&m_progressMutex);
                         m_progress << ProgressReport{started.elapsed(), metrics};
                     },
                     Qt::DirectConnection);
    // Only this transfer: the worker claims nothing after it.
    QObject::connect(&pool, &WorkerPool::transferFinished, &pool,
                     [&pool, transferId = *id](const QString &finished, const QString &) {
                         if (finished == transferId)
                             pool.stop(WorkerPool::Stop::Drain);
                     },
                     Qt::DirectConnection);
    pool.start();
    QElapsedTimer elapsed;
    elapsed.start();
    while (!pool.wait(0)) {
        QMutexLocker lock(&mutex);
        if (call) {
            const std::function<void()> hook = call;
            lock.unlock();
            hook();
            lock.relock();
            call = nullptr;
            changed.wakeAll();
        } else {
            changed.wait(&mutex, 10);
        }
        if (elapsed.elapsed() > 300000) {
            ADD_FAILURE() << "transfer " << id->toStdString() << " did not end within 5 minutes";
            pool.stop(WorkerPool::Stop::Kill);
        }
    }
    EXPECT_FALSE(pool.fatalError().has_value()) << pool.fatalError().value_or(Error{}).toString().toStdString();
    const Result<TransferRecord> record = store.load(*id);
    EXPECT_TRUE(record.ok());
    // A failed transfer says why in the test output (some tests expect failures; their assertions decide).
    if (record.ok() && record->status != QLatin1String("SUCCESS")) {
        for (const ModelMetrics &metrics : record->modelMetrics) {
            if (metrics.error)
                std::cerr << "  [transfer " << record->status.toStdString() << "] model " << metrics.modelName.toStdString()
                          << " failed in " << metrics.errorPhase.toStdString() << ": "
                          << metrics.error->toString().toStdString() << "\n";
        }
    }
    return record.ok() ? *record : TransferRecord{};
}

QList<EngineTest::ProgressReport> EngineTest::progressReports() const
{
    QMutexLocker lock(&m_progressMutex);
    return m_progress;
}

ModelMetrics EngineTest::modelOf(const TransferRecord &record, const QString &model) const
{
    for (const ModelMetrics &metrics : record.modelMetrics) {
        if (metrics.modelName == model)
            return metrics;
    }
    ADD_FAILURE() << "no metrics for model " << model.toStdString();
    return {};
}

QStringList EngineTest::sourceQuery(const QString &sql)
{
    return firstColumn(m_sourceConnection, sql);
}

QStringList EngineTest::destinationQuery(const QString &sql)
{
    return firstColumn(m_destinationConnection, sql);
}

QStringList EngineTest::firstColumn(const QString &connection, const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(connection, false));
    QStringList values;
    if (!query.exec(sql)) {
        ADD_FAILURE() << sql.toStdString() << ": " << query.lastError().text().toStdString();
        return values;
    }
    while (query.next())
        values << query.value(0).toString();
    return values;
}

QMap<QString, QString> EngineTest::destinationNotes(const QString &table, const QString &noteColumn)
{
    const QChar mark = GetParam() == DestinationVendor::MySql ? QLatin1Char('`') : QLatin1Char('"');
    auto quote = [&](QString name) -> QString { return mark + name.replace(mark, QString(mark) + mark) + mark; };
    QSqlQuery query(QSqlDatabase::database(m_destinationConnection, false));
    QMap<QString, QString> notes;
    const QString sql = QStringLiteral("SELECT id, %1 FROM %2").arg(quote(noteColumn), quote(table));
    if (!query.exec(sql)) {
        ADD_FAILURE() << sql.toStdString() << ": " << query.lastError().text().toStdString();
        return notes;
    }
    while (query.next())
        notes.insert(query.value(0).toString(), query.value(1).toString());
    return notes;
}

qint64 EngineTest::destinationCount(const QString &table)
{
    return destinationNotes(table).size();
}

QStringList EngineTest::destinationColumns(const QString &table)
{
    switch (GetParam()) {
    case DestinationVendor::Postgres:
        return destinationQuery(QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_name = '%1' "
                                               "ORDER BY ordinal_position").arg(table));
    case DestinationVendor::MySql:
        return destinationQuery(QStringLiteral("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                                               "DATABASE() AND TABLE_NAME = '%1' ORDER BY ORDINAL_POSITION").arg(table));
    case DestinationVendor::Sqlite:
        break;
    }
    QStringList names;
    QSqlQuery query(QSqlDatabase::database(m_destinationConnection, false));
    query.exec(QStringLiteral("PRAGMA table_info(\"%1\")").arg(table));
    while (query.next())
        names << query.value(1).toString();
    return names;
}

QString EngineTest::destinationColumnType(const QString &column, const QString &table)
{
    switch (GetParam()) {
    case DestinationVendor::Postgres:
        return destinationQuery(QStringLiteral("SELECT data_type FROM information_schema.columns WHERE table_name = '%1' "
                                               "AND column_name = '%2'").arg(table, column)).value(0);
    case DestinationVendor::MySql:
        return destinationQuery(QStringLiteral("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                                               "DATABASE() AND TABLE_NAME = '%1' AND COLUMN_NAME = '%2'").arg(table, column)).value(0);
    case DestinationVendor::Sqlite:
        break;
    }
    QSqlQuery query(QSqlDatabase::database(m_destinationConnection, false));
    query.exec(QStringLiteral("PRAGMA table_info(\"%1\")").arg(table));
    while (query.next()) {
        if (query.value(1).toString() == column)
            return query.value(2).toString();
    }
    return {};
}

bool EngineTest::destinationIndexExists(const QString &index)
{
    switch (GetParam()) {
    case DestinationVendor::Postgres:
        return !destinationQuery(QStringLiteral("SELECT indexname FROM pg_indexes WHERE indexname = '%1'").arg(index)).isEmpty();
    case DestinationVendor::MySql:
        return !destinationQuery(QStringLiteral("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                                                "DATABASE() AND INDEX_NAME = '%1'").arg(index)).isEmpty();
    case DestinationVendor::Sqlite:
        break;
    }
    return !destinationQuery(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name = '%1'").arg(index)).isEmpty();
}

QString EngineTest::checkpoint(const QString &model)
{
    QSqlQuery query(m_state->connection());
    query.prepare(QStringLiteral("SELECT cursor_value FROM checkpoints WHERE model_name = ?"));
    query.addBindValue(model);
    query.exec();
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace ferry::test
