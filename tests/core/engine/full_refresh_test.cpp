// Full refresh, schema evolution, isolation, hostile names, failures and kills: the engine against real servers.
#include "engine_fixture.h"

#include "engine/dispatcher.h"
#include "engine/worker_pool.h"
#include "state/log_store.h"
#include "state/workspace_store.h"
#include "state/transfer_store.h"

#include <QSqlQuery>
#include <QThread>

namespace ferry::test {

class EngineRefreshTest : public EngineTest
{
protected:
    void backfillThree()
    {
        insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
        insert(QStringLiteral("a2"), QStringLiteral("v1"), at(2));
        insert(QStringLiteral("a3"), QStringLiteral("v1"), at(3));
        applyWorkspace(modelJson());
        ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
        // The recipient's own index on the table: it survives a reload, not a recreate.
        destinationQuery(GetParam() == DestinationVendor::MySql ? QStringLiteral("CREATE INDEX recipient_note ON events (note(20))")
                                                                : QStringLiteral("CREATE INDEX recipient_note ON events (note)"));
        ASSERT_TRUE(destinationIndexExists(QStringLiteral("recipient_note")));
    }
};

TEST_P(EngineRefreshTest, FullRefreshWithTheSameSchemaReloadsTheTableInPlace)
{
    backfillThree();
    sourceExec(QStringLiteral("DELETE FROM events WHERE id = 'a2'"));
    sourceExec(QStringLiteral("UPDATE events SET note = 'v2', updated_at = '2026-03-01T12:00:00Z' WHERE id = 'a3'"));
    const TransferRecord record = transfer(fullRefresh());
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(record).mode, QStringLiteral("full_refresh"));
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("a1"), QStringLiteral("v1")},
                                                          {QStringLiteral("a3"), QStringLiteral("v2")}}));
    EXPECT_TRUE(destinationIndexExists(QStringLiteral("recipient_note"))); // truncate path: same table
    // The rebuilt table's newest row is the checkpoint, even though it moved back in time.
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-03-02T00:00:00.000000Z"));
    EXPECT_TRUE(destinationQuery(QStringLiteral("SELECT data_model_name FROM _transfer_status")).contains(QStringLiteral("events")));
}

TEST_P(EngineRefreshTest, FullRefreshAfterATypeChangeDropsAndRecreatesTheTable)
{
    backfillThree();
    Json model = modelJson();
    model["columns"][1]["data_type"] = "float"; // amount was decimal
    applyWorkspace(model, true);
    const TransferRecord record = transfer(fullRefresh());
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationCount(), 3);
    EXPECT_FALSE(destinationIndexExists(QStringLiteral("recipient_note"))); // drop path: a new table
    const QString type = destinationColumnType(QStringLiteral("amount")).toLower();
    EXPECT_TRUE(type == QLatin1String("double precision") || type == QLatin1String("double") || type == QLatin1String("real"))
        << type.toStdString();
    // No table built aside is left behind.
    const QStringList tables = GetParam() == DestinationVendor::Sqlite
                                   ? destinationQuery(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"))
                                   : destinationQuery(QStringLiteral("SELECT table_name FROM information_schema.tables WHERE "
                                                                     "table_name LIKE '\\_ferry%'"));
    for (const QString &table : tables)
        EXPECT_FALSE(table.startsWith(QLatin1String("_ferry"))) << table.toStdString();
}

TEST_P(EngineRefreshTest, AnAddedColumnIsAppendedAndFilledFromThenOn)
{
    backfillThree();
    sourceExec(QStringLiteral("ALTER TABLE events ADD COLUMN region text"));
    sourceExec(QStringLiteral("UPDATE events SET region = 'eu', note = 'v2', updated_at = '2026-03-05T00:00:00Z' WHERE id = 'a1'"));
    Json model = modelJson();
    model["columns"].push_back(Json{{"name_in_source", "region"}, {"name_in_destination", "region"}, {"data_type", "string"}});
    applyWorkspace(model);
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationColumns(), (QStringList{QStringLiteral("id"), QStringLiteral("amount"), QStringLiteral("note"),
                                                 QStringLiteral("updated_at"), QStringLiteral("region")}));
    EXPECT_EQ(destinationQuery(QStringLiteral("SELECT region FROM events WHERE id = 'a1'")), QStringList{QStringLiteral("eu")});
    EXPECT_EQ(destinationQuery(QStringLiteral("SELECT COUNT(*) FROM events WHERE region IS NULL")), QStringList{QStringLiteral("2")});
    EXPECT_TRUE(destinationIndexExists(QStringLiteral("recipient_note")));
}

TEST_P(EngineRefreshTest, ATenantValueThatLooksLikeSqlMatchesNothing)
{
    m_tenant = QStringLiteral("t_acme' OR '1'='1");
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    insert(QStringLiteral("g1"), QStringLiteral("v1"), at(1), QStringLiteral("t_globex"));
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(record.rowsTransferred, 0);
    EXPECT_EQ(destinationCount(), 0);
}

TEST_P(EngineRefreshTest, NamesWithQuotesStayIdentifiers)
{
    sourceExec(QStringLiteral("ALTER TABLE events RENAME TO \"ev\"\"ents`x\""));
    sourceExec(QStringLiteral("ALTER TABLE \"ev\"\"ents`x\" RENAME COLUMN note TO \"no\"\"te'; DROP TABLE x; --\""));
    QSqlQuery insertRow(QSqlDatabase::database(m_sourceConnection, false));
    ASSERT_TRUE(insertRow.exec(QStringLiteral("INSERT INTO \"ev\"\"ents`x\" VALUES ('q1', 't_acme', 1, 'quoted', '2026-03-02T00:00:00Z')")));
    Json model = modelJson();
    model["model_name"] = "acme's \"events\"";
    model["source_table"] = "ev\"ents`x";
    model["columns"][2]["name_in_source"] = "no\"te'; DROP TABLE x; --";
    model["columns"][2]["name_in_destination"] = "the \"note\" `x`";
    applyWorkspace(model);
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes(QStringLiteral("acme's \"events\""), QStringLiteral("the \"note\" `x`")),
              (QMap<QString, QString>{{QStringLiteral("q1"), QStringLiteral("quoted")}}));
    // A second run merges through the same quoted names.
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
}

// A destination that changes hands (its recipient's id_in_provider_system changes): the next transfer rebuilds
// every model from the start, so the destination holds exactly the new tenant's rows, its history included.
TEST_P(EngineRefreshTest, ADestinationThatChangesHandsHoldsOnlyTheNewTenantsRows)
{
    insert(QStringLiteral("a1"), QStringLiteral("acme"), at(1), QStringLiteral("t_acme"));
    insert(QStringLiteral("g1"), QStringLiteral("globex, old"), at(1), QStringLiteral("t_globex"));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    ASSERT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("a1"), QStringLiteral("acme")}}));
    insert(QStringLiteral("g2"), QStringLiteral("globex, new"), at(3), QStringLiteral("t_globex"));

    m_tenant = QStringLiteral("t_globex");
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("g1"), QStringLiteral("globex, old")},
                                                          {QStringLiteral("g2"), QStringLiteral("globex, new")}}));
}

// A destination that is the source's own database and schema, written to the state database behind validation's
// back (as an older Ferry could): the transfer refuses before it connects, and the source keeps its rows.
TEST_P(EngineRefreshTest, ADestinationThatIsItsSourceIsRefusedAtRunTime)
{
    if (GetParam() != DestinationVendor::Postgres)
        GTEST_SKIP() << "the source is PostgreSQL";
    insert(QStringLiteral("a1"), QStringLiteral("kept"), at(1));
    applyWorkspace(modelJson());
    {
        QSqlQuery query(m_state->connection());
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT definition FROM sources WHERE name = 'app'")) && query.next());
        const Json source = Json::parse(query.value(0).toString().toStdString());
        query.finish();
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT definition FROM destinations WHERE name = 'acme'")) && query.next());
        Json destination = Json::parse(query.value(0).toString().toStdString());
        query.finish();
        destination["database"] = source["database"];
        destination["host"] = "localhost"; // the source says 127.0.0.1: the same server
        query.prepare(QStringLiteral("UPDATE destinations SET definition = ? WHERE name = 'acme'"));
        query.addBindValue(QString::fromStdString(destination.dump()));
        ASSERT_TRUE(query.exec());
    }
    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("ERROR"));
    ASSERT_TRUE(record.error.has_value());
    EXPECT_EQ(record.error->code, QStringLiteral("FERRY-CONFIG-DESTINATION-IS-SOURCE"));
    EXPECT_TRUE(record.error->message.contains(QStringLiteral("writes where source \"app\" reads"))) << record.error->message.toStdString();
    EXPECT_EQ(sourceQuery(QStringLiteral("SELECT note FROM events WHERE id = 'a1'")), QStringList{QStringLiteral("kept")});
}

TEST_P(EngineRefreshTest, AnUnreachableSourceIsAClearErrorAndPublishesNothing)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    m_sourceOverride = Json{{"port", 1}, {"connect_timeout_seconds", 2}};
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("ERROR"));
    const ModelMetrics metrics = modelOf(record);
    ASSERT_TRUE(metrics.error.has_value());
    EXPECT_EQ(metrics.error->code, QStringLiteral("FERRY-SRC-CONNECT"));
    EXPECT_EQ(metrics.error->blame, Blame::Source);
    EXPECT_EQ(metrics.errorPhase, QStringLiteral("connect"));
    EXPECT_TRUE(destinationColumns().isEmpty()); // not even an empty table
    EXPECT_TRUE(checkpoint().isEmpty());
}

TEST_P(EngineRefreshTest, AnUnreachableDestinationIsAClearError)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    m_destinationOverride = GetParam() == DestinationVendor::Sqlite ? Json{{"path", "/proc/ferry-no/such.db"}}
                                                                    : Json{{"port", 1}, {"connect_timeout_seconds", 2}};
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("ERROR"));
    const ModelMetrics metrics = modelOf(record);
    ASSERT_TRUE(metrics.error.has_value());
    EXPECT_EQ(metrics.error->code, QStringLiteral("FERRY-DST-CONNECT"));
    EXPECT_EQ(metrics.error->blame, Blame::Destination);
    EXPECT_EQ(metrics.errorPhase, QStringLiteral("connect"));
    EXPECT_TRUE(checkpoint().isEmpty());
}

TEST_P(EngineRefreshTest, AWrongDestinationPasswordNeverReachesAMessageOrTheLog)
{
    if (GetParam() == DestinationVendor::Sqlite)
        GTEST_SKIP() << "SQLite has no password";
    qputenv("FERRY_TEST_WRONG_PASSWORD", "wr0ng-S3cret-value");
    m_destinationOverride = Json{{"password_env", "FERRY_TEST_WRONG_PASSWORD"}};
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("ERROR"));
    ASSERT_TRUE(modelOf(record).error.has_value());
    EXPECT_EQ(modelOf(record).error->code, QStringLiteral("FERRY-DST-AUTH"));
    const auto events = LogStore(m_state->connection()).list({record.id, {}, 0, 1000});
    ASSERT_TRUE(events.ok());
    QString everything = modelOf(record).error->toString() + record.error->toString();
    for (const LogEvent &event : *events)
        everything += event.message + event.fields;
    EXPECT_FALSE(everything.contains(QLatin1String("wr0ng-S3cret-value")));
}

TEST_P(EngineRefreshTest, AppendModeAddsEveryRowAndAReloadedWindowIsReplacedNotDoubled)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    insert(QStringLiteral("a1"), QStringLiteral("v2"), at(2));
    Json model = modelJson();
    model["write_mode"] = "append";
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = at(0).toSecsSinceEpoch();
    applyWorkspace(model);
    m_now = at(4);
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationQuery(QStringLiteral("SELECT COUNT(*) FROM events")), QStringList{QStringLiteral("2")});
    TransferRequest reload;
    reload.windowStart = QString::fromLatin1("2026-03-01T00:00:00.000000Z");
    reload.windowEnd = QString::fromLatin1("2026-03-05T00:00:00.000000Z");
    ASSERT_EQ(transfer(reload).status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationQuery(QStringLiteral("SELECT COUNT(*) FROM events")), QStringList{QStringLiteral("2")});
}

TEST_P(EngineRefreshTest, AKilledTransferStopsAtABatchBoundaryAndTheNextResumes)
{
    for (int d = 0; d < 6; ++d)
        insert(QStringLiteral("r%1").arg(d), QStringLiteral("v"), at(d, 60));
    Json model = modelJson();
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = at(0).toSecsSinceEpoch();
    applyWorkspace(model);
    m_now = at(6);
    QString transferId;
    EngineHooks killAfterTwo;
    killAfterTwo.beforePublish = [&](const QString &, int window) {
        if (window == 1) {
            // A user kills the running transfer from elsewhere (another thread, another process).
            QSqlQuery query(m_state->connection());
            query.exec(QStringLiteral("SELECT id FROM transfers WHERE status = 'RUNNING'"));
            if (query.next())
                TransferStore(m_state->connection()).cancel(query.value(0).toString());
            QThread::msleep(1500); // the pool passes a kill on within half a second: while window 2 waits here
        }
        return Status();
    };
    const TransferRecord killed = transfer({}, killAfterTwo);
    EXPECT_EQ(killed.status, QStringLiteral("KILLED"));
    // A destination staging window 2 in a statement still open (PostgreSQL's COPY) has it interrupted by the kill;
    // the others publish it and stop at window 3's first batch. Either way nothing is half-published.
    const int done = modelOf(killed).windowsDone;
    EXPECT_TRUE(done == 1 || done == 2) << done;
    EXPECT_EQ(destinationCount(), done);
    const TransferRecord resumed = transfer();
    ASSERT_EQ(resumed.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(resumed).cursorFrom, QStringLiteral("2026-03-%1T00:00:00.000000Z").arg(done + 1, 2, 10, QLatin1Char('0')));
    EXPECT_EQ(destinationCount(), 6);
}

TEST_P(EngineRefreshTest, ACancelledPendingTransferNeverRuns)
{
    applyWorkspace(modelJson());
    TransferStore store(m_state->connection());
    TransferRequest request;
    request.destinationName = QStringLiteral("acme");
    request.recipientName = QStringLiteral("acme");
    request.destinationId = QStringLiteral("acme-id");
    const Result<QString> id = store.enqueue(request);
    ASSERT_TRUE(id.ok()) << id.error().toString().toStdString();
    EXPECT_EQ(*store.cancel(*id), QStringLiteral("CANCELLED"));
    WorkerPool::Options options;
    options.once = true;
    options.schedule = false;
    options.processPrefix = QStringLiteral("refresh-test:");
    WorkerPool pool(m_state, options);
    std::atomic<int> started{0};
    QObject::connect(&pool, &WorkerPool::transferStarted, &pool, [&started] { ++started; }, Qt::DirectConnection);
    pool.start();
    ASSERT_TRUE(pool.wait(20000));
    EXPECT_EQ(started, 0);
    EXPECT_EQ(store.load(*id)->status, QStringLiteral("CANCELLED"));
}

INSTANTIATE_TEST_SUITE_P(Destinations, EngineRefreshTest,
                         ::testing::Values(DestinationVendor::Postgres, DestinationVendor::MySql, DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test

namespace ferry::test {

TEST_P(EngineRefreshTest, CursorWarningsReachTheTransferLogWithTheirFix)
{
    sourceExec(QStringLiteral("DROP INDEX events_tenant_updated"));
    sourceExec(QStringLiteral("ALTER TABLE events ALTER COLUMN updated_at DROP NOT NULL, ALTER COLUMN updated_at TYPE timestamp"));
    insert(QStringLiteral("a1"), QStringLiteral("v1"), QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC));
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    // A timestamp without time zone is read as UTC: the row's instant is unchanged.
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-03-02T10:00:00.000000Z"));
    const auto events = LogStore(m_state->connection()).list({record.id, QStringLiteral("warning"), 0, 100});
    ASSERT_TRUE(events.ok());
    QStringList warnings;
    for (const LogEvent &event : *events)
        warnings << event.message;
    ASSERT_EQ(warnings.size(), 3) << warnings.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(warnings.filter(QStringLiteral("without time zone")).size() == 1);
    EXPECT_TRUE(warnings.filter(QStringLiteral("nullable")).size() == 1);
    EXPECT_TRUE(warnings.filter(QStringLiteral("no index starting with (tenant_id, updated_at)")).size() == 1);
    for (const QString &warning : warnings)
        EXPECT_TRUE(warning.contains(QLatin1String("Fix:"))) << warning.toStdString();
}

} // namespace ferry::test

#include "engine/source_check.h"
#include "state/workspace_store.h"

namespace ferry::test {

TEST_P(EngineRefreshTest, SourceCheckFindsAMissingColumnAndLintsTheCursor)
{
    if (GetParam() != DestinationVendor::Sqlite)
        GTEST_SKIP() << "a source check does not involve the destination";
    sourceExec(QStringLiteral("DROP INDEX events_tenant_updated"));
    applyWorkspace(modelJson());
    const auto workspace = WorkspaceStore(m_state->connection()).load();
    ASSERT_TRUE(workspace.ok());
    // A second model reading a column the table lacks.
    Workspace withBroken = *workspace;
    Model model = withBroken.models.first();
    model.name = QStringLiteral("broken");
    model.columns[2].nameInSource = QStringLiteral("no_such_column");
    withBroken.models << model;
    const auto checks = SourceCheck::run(withBroken, QStringLiteral("app"));
    ASSERT_TRUE(checks.ok()) << checks.error().toString().toStdString();
    ASSERT_EQ(checks->size(), 2);
    for (const ModelCheck &check : *checks) {
        if (check.model == QLatin1String("broken")) {
            ASSERT_TRUE(check.error.has_value());
            EXPECT_EQ(check.error->code, QStringLiteral("FERRY-SRC-QUERY"));
            EXPECT_TRUE(check.error->message.contains(QLatin1String("no_such_column")));
        } else {
            EXPECT_FALSE(check.error.has_value());
            ASSERT_EQ(check.warnings.size(), 1);
            EXPECT_TRUE(check.warnings.first().contains(QLatin1String("no index")));
        }
    }
    m_sourceOverride = Json{{"port", 1}, {"connect_timeout_seconds", 2}};
    applyWorkspace(modelJson());
    const auto unreachable = SourceCheck::run(*WorkspaceStore(m_state->connection()).load(), QStringLiteral("app"));
    ASSERT_FALSE(unreachable.ok());
    EXPECT_EQ(unreachable.error().code, QStringLiteral("FERRY-SRC-CONNECT"));
}

} // namespace ferry::test

namespace ferry::test {

TEST_P(EngineRefreshTest, ASchemaTenantedSourceReadsTheRecipientsSchemaOnly)
{
    for (const char *schema : {"t_acme", "t_globex"}) {
        sourceExec(QStringLiteral("CREATE SCHEMA %1").arg(QLatin1String(schema)));
        sourceExec(QStringLiteral("CREATE TABLE %1.orders (id text PRIMARY KEY, amount numeric, note text, updated_at "
                                  "timestamptz NOT NULL)").arg(QLatin1String(schema)));
        sourceExec(QStringLiteral("INSERT INTO %1.orders VALUES ('%1-1', 1, 'from %1', '2026-03-02T00:00:00Z')").arg(QLatin1String(schema)));
    }
    m_sourceOverride = Json{{"tenancy", "schema_tenanted"}};
    Json model = modelJson();
    model["model_name"] = "orders";
    model["source_table"] = "orders";
    model.erase("organization_column");
    applyWorkspace(model);
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes(QStringLiteral("orders")),
              (QMap<QString, QString>{{QStringLiteral("t_acme-1"), QStringLiteral("from t_acme")}}));
    // Plans and source checks estimate rows with no tenant parameter to bind.
    const auto checks = SourceCheck::run(*WorkspaceStore(m_state->connection()).load(), QStringLiteral("app"));
    ASSERT_TRUE(checks.ok()) << checks.error().toString().toStdString();
    ASSERT_EQ(checks->size(), 1);
    EXPECT_FALSE(checks->first().error.has_value()) << checks->first().error->toString().toStdString();
}

} // namespace ferry::test

namespace ferry::test {

TEST_P(EngineRefreshTest, TransfersRunOnAPostgresStateDatabaseToo)
{
    if (GetParam() != DestinationVendor::Sqlite)
        GTEST_SKIP() << "the state database's vendor does not depend on the destination's";
    TemporaryPostgresDatabase stateDb;
    ASSERT_TRUE(stateDb.isValid()) << stateDb.error().toStdString();
    const Result<StateLocation> location = StateLocation::parse(stateDb.url());
    ASSERT_TRUE(location.ok());
    Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*location);
    ASSERT_TRUE(state.ok()) << state.error().toString().toStdString();
    m_state = *state;
    insert(QStringLiteral("a1"), QStringLiteral("v1"), QDateTime(QDate(2026, 3, 2), QTime(10, 0, 0, 123), Qt::UTC));
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-03-02T10:00:00.123000Z"));

    // Claims hold the destination's limit on PostgreSQL state too (under its advisory locks).
    TransferStore store(m_state->connection());
    TransferRequest request;
    request.destinationId = record.destinationId;
    request.destinationName = QStringLiteral("acme");
    request.recipientName = QStringLiteral("acme");
    const Result<QString> first = store.enqueue(request), second = store.enqueue(request);
    ASSERT_TRUE(first.ok() && second.ok());
    const Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
    ASSERT_TRUE(workspace.ok());
    Dispatcher dispatcher(m_state);
    EXPECT_EQ(dispatcher.tryClaim(*workspace, *first, QStringLiteral("w1"))->outcome, Dispatcher::Outcome::Claimed);
    EXPECT_EQ(dispatcher.tryClaim(*workspace, *second, QStringLiteral("w2"))->outcome, Dispatcher::Outcome::Waiting);
    EXPECT_EQ(dispatcher.tryClaim(*workspace, *first, QStringLiteral("w2"))->outcome, Dispatcher::Outcome::NotPending);
    m_state.reset();
}

} // namespace ferry::test
