// ferryctl transfer / run / logs / checkpoint as a user runs them: real processes against a real PostgreSQL
// source and real destinations, checking what lands there and what the command line reports.
#include "ferryctl_transfer_fixture.h"

#include <QFile>
#include <QSet>
#include <QSqlDatabase>

#include <algorithm>

namespace ferry::test {
namespace {

using namespace Qt::StringLiterals;

const QStringList kTransferFields = {u"id"_s,
                                     u"status"_s,
                                     u"destination"_s,
                                     u"recipient"_s,
                                     u"is_full_refresh"_s,
                                     u"models"_s,
                                     u"tags"_s,
                                     u"submitted_at"_s,
                                     u"started_at"_s,
                                     u"ended_at"_s,
                                     u"start_transfer_window_at"_s,
                                     u"end_transfer_window_at"_s,
                                     u"rows_transferred"_s,
                                     u"volume_transferred_in_mb"_s,
                                     u"model_metrics"_s};
const QStringList kModelFields = {u"model_name"_s,
                                  u"status"_s,
                                  u"mode"_s,
                                  u"rows_transferred"_s,
                                  u"windows_done"_s,
                                  u"windows_planned"_s,
                                  u"start_transfer_window_at"_s,
                                  u"end_transfer_window_at"_s,
                                  u"most_recent_last_updated_at"_s,
                                  u"error"_s};

using FerryctlTransfer = FerryctlTransferTest;

TEST_F(FerryctlTransfer, CreateRunShowDeliversExactlyTheTenantsRows)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({modelJson(u"events"_s)},
                       {sqliteDestination(u"acme db"_s), sqliteDestination(u"globex db"_s, u"globex"_s)}));

    const QString id = createTransfer({u"--destination"_s, u"acme db"_s});
    ASSERT_FALSE(id.isEmpty());
    EXPECT_EQ(text(showJson(id)["status"]), u"PENDING"_s);
    const QString ran = runOnce();
    EXPECT_TRUE(ran.contains(id + u" SUCCESS"_s)) << ran.toStdString();

    Json shown = showJson(id);
    for (const QString &field : kTransferFields)
        EXPECT_TRUE(shown.contains(field.toStdString()))
            << "show --json lacks \"" << field.toStdString() << "\"\n"
            << shown.dump(2);
    const QList<QStringList> expected = sourceTenantRows();
    ASSERT_EQ(expected.size(), 122);
    EXPECT_EQ(text(shown["id"]), id);
    EXPECT_EQ(text(shown["status"]), u"SUCCESS"_s);
    EXPECT_EQ(text(shown["destination"]), u"acme db"_s);
    EXPECT_EQ(text(shown["recipient"]), u"acme"_s);
    EXPECT_EQ(shown["is_full_refresh"], false);
    EXPECT_EQ(shown["rows_transferred"], 122);
    EXPECT_TRUE(shown["volume_transferred_in_mb"].is_number());
    for (const char *time : {"submitted_at", "started_at", "ended_at"})
        EXPECT_TRUE(text(shown[time]).endsWith(u'Z'))
            << time << " is not RFC 3339 UTC: " << shown[time].dump();
    EXPECT_LE(text(shown["started_at"]), text(shown["ended_at"]));
    ASSERT_TRUE(shown["model_metrics"].is_array());
    ASSERT_EQ(shown["model_metrics"].size(), 1u) << shown.dump(2);
    Json &model = shown["model_metrics"][0];
    for (const QString &field : kModelFields)
        EXPECT_TRUE(model.contains(field.toStdString()))
            << "model_metrics[0] lacks \"" << field.toStdString() << "\"";
    EXPECT_EQ(text(model["model_name"]), u"events"_s);
    EXPECT_EQ(text(model["status"]), u"SUCCESS"_s);
    EXPECT_EQ(text(model["mode"]), u"backfill"_s);
    EXPECT_EQ(model["rows_transferred"], 122);
    EXPECT_EQ(model["windows_done"], model["windows_planned"]);
    EXPECT_EQ(text(model["start_transfer_window_at"]), u"1970-01-01T00:00:00.000000Z"_s);
    EXPECT_EQ(text(model["most_recent_last_updated_at"]), sourceMaxCanonical());
    EXPECT_TRUE(model["error"].is_null());

    // The destination holds exactly the tenant's rows, value for value; no other tenant's row, not even
    // near-misses.
    QList<QStringList> delivered =
        sqliteRows(u"acme db"_s, u"SELECT id, amount, note, updated_at FROM events"_s);
    std::sort(delivered.begin(), delivered.end());
    QList<QStringList> wanted = expected;
    std::sort(wanted.begin(), wanted.end());
    EXPECT_EQ(delivered, wanted);
    const QList<QStringList> status = sqliteRows(
        u"acme db"_s,
        u"SELECT data_model_name, transfer_id, rows_transferred, most_recent_last_updated_at FROM _transfer_status"_s);
    EXPECT_EQ(status, (QList<QStringList>{{u"events"_s, id, u"122"_s, sourceMaxCanonical()}}));
    EXPECT_FALSE(QFile::exists(sqlitePath(u"globex db"_s)))
        << "a transfer to acme db touched globex's destination";
    const CommandRun plain = ferryctl({u"transfer"_s, u"show"_s, id});
    EXPECT_EQ(plain.exitCode, 0);
    for (const QString &part : {id, u"SUCCESS"_s, u"acme db"_s, u"122"_s, u"model events"_s})
        EXPECT_TRUE(plain.out.contains(part)) << "show lacks " << part.toStdString() << "\n" << plain.text();
}

TEST_F(FerryctlTransfer, MariaDbDestinationReceivesTheTenantsRows)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_MYSQL();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    TemporaryMysqlDatabase mysql;
    ASSERT_TRUE(mysql.isValid()) << mysql.error().toStdString();
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({modelJson(u"events"_s)}, {mysqlDestination(u"acme maria"_s, mysql)}));
    const QString id = createTransfer({u"--destination"_s, u"acme maria"_s});
    runOnce();
    EXPECT_EQ(text(showJson(id)["status"]), u"SUCCESS"_s);

    const QString connection = openMysql(mysql);
    ASSERT_FALSE(connection.isEmpty());
    QList<QStringList> delivered = rows(connection, u"SELECT id, note FROM events"_s);
    QList<QStringList> wanted = sourceRows(u"SELECT id, note FROM events WHERE tenant_id = 't_acme'"_s);
    std::sort(delivered.begin(), delivered.end());
    std::sort(wanted.begin(), wanted.end());
    EXPECT_EQ(delivered, wanted);
}

TEST_F(FerryctlTransfer, ListFiltersByStatusDestinationRecipientAndTag)
{
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({modelJson(u"events"_s)},
                       {sqliteDestination(u"acme db"_s), sqliteDestination(u"globex db"_s, u"globex"_s)}));
    const QString prod = createTransfer(
        {u"--destination"_s, u"acme db"_s, u"--tag"_s, u"env=prod"_s, u"--tag"_s, u"team=data"_s});
    const QString dev = createTransfer({u"--destination"_s, u"acme db"_s, u"--tag"_s, u"env=dev"_s});
    const QString globex = createTransfer({u"--destination"_s, u"globex db"_s});
    const CommandRun cancelled = ferryctl({u"transfer"_s, u"cancel"_s, dev});
    ASSERT_EQ(cancelled.exitCode, 0) << cancelled.text();

    EXPECT_EQ(listIds({}), (QStringList{globex, dev, prod})) << "newest first";
    EXPECT_EQ(listIds({u"--status"_s, u"CANCELLED"_s}), QStringList{dev});
    EXPECT_EQ(listIds({u"--status"_s, u"pending"_s}), (QStringList{globex, prod}));
    EXPECT_EQ(listIds({u"--status"_s, u"SUCCESS"_s}), QStringList());
    EXPECT_EQ(listIds({u"--destination"_s, u"acme db"_s}), (QStringList{dev, prod}));
    EXPECT_EQ(listIds({u"--recipient"_s, u"globex"_s}), QStringList{globex});
    EXPECT_EQ(listIds({u"--tag"_s, u"env=prod"_s}), QStringList{prod});
    EXPECT_EQ(listIds({u"--tag"_s, u"env=prod"_s, u"--tag"_s, u"team=data"_s}), QStringList{prod});
    EXPECT_EQ(listIds({u"--tag"_s, u"env=dev"_s, u"--tag"_s, u"team=data"_s}), QStringList());
    EXPECT_EQ(listIds({u"--tag"_s, u"env=prod"_s, u"--destination"_s, u"globex db"_s}), QStringList());
    EXPECT_EQ(ferryctl({u"transfer"_s, u"list"_s, u"--tag"_s, u"env"_s}).exitCode, 2);

    const CommandRun listed = ferryctl({u"transfer"_s, u"list"_s, u"--json"_s});
    Json array = parse(listed.out);
    ASSERT_EQ(array.size(), 3u) << listed.text();
    for (Json item : array) {
        for (const QString &field : kTransferFields)
            EXPECT_TRUE(item.contains(field.toStdString()))
                << "list --json lacks \"" << field.toStdString() << "\"";
    }
    const CommandRun table = ferryctl({u"transfer"_s, u"list"_s, u"--destination"_s, u"acme db"_s});
    EXPECT_EQ(table.exitCode, 0);
    EXPECT_TRUE(table.out.contains(prod) && table.out.contains(dev) && table.out.contains(u"CANCELLED"_s))
        << table.text();
    EXPECT_FALSE(table.out.contains(globex)) << table.text();

    Json shown = showJson(prod);
    EXPECT_EQ(shown["tags"], (Json{{"env", "prod"}, {"team", "data"}})) << shown.dump(2);
    EXPECT_EQ(showJson(globex)["tags"], Json::object());
    const CommandRun plain = ferryctl({u"transfer"_s, u"show"_s, prod});
    EXPECT_TRUE(plain.out.contains(u"env=prod"_s) && plain.out.contains(u"team=data"_s)) << plain.text();
}

TEST_F(FerryctlTransfer, CancelStopsAPendingTransferAndRefusesAFinishedOne)
{
    // The source (127.0.0.1:1) is unreachable: the transfer that does run ends ERROR, which is a finished
    // status too.
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    const QString pending = createTransfer({u"--destination"_s, u"acme db"_s});
    const QString other = createTransfer({u"--destination"_s, u"acme db"_s});
    const CommandRun cancel = ferryctl({u"transfer"_s, u"cancel"_s, pending});
    EXPECT_EQ(cancel.exitCode, 0) << cancel.text();
    EXPECT_TRUE(cancel.out.contains(u"cancelled"_s)) << cancel.text();
    Json shown = showJson(pending);
    EXPECT_EQ(text(shown["status"]), u"CANCELLED"_s);
    EXPECT_TRUE(shown["started_at"].is_null());
    EXPECT_FALSE(shown["ended_at"].is_null());

    runOnce(1); // `other` runs and fails on the source
    shown = showJson(pending);
    EXPECT_EQ(text(shown["status"]), u"CANCELLED"_s) << "run --once ran a cancelled transfer";
    EXPECT_TRUE(shown["started_at"].is_null()) << "run --once started a cancelled transfer";
    EXPECT_TRUE(shown["model_metrics"].empty()) << shown.dump(2);
    // Its log is the queue's two events, nothing of a run.
    const QStringList logLines = ferryctl({u"logs"_s, u"--transfer"_s, pending}).out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(logLines.size(), 2) << logLines.join(u'\n').toStdString();
    EXPECT_TRUE(logLines[0].endsWith(u": queued for acme db (user)"_s)) << logLines[0].toStdString();
    EXPECT_TRUE(logLines[1].endsWith(u": cancelled before it ran"_s)) << logLines[1].toStdString();
    Json failed = showJson(other);
    EXPECT_EQ(text(failed["status"]), u"ERROR"_s);
    Json sourceError = firstOf(failed["model_metrics"]).value("error", Json());
    EXPECT_EQ(text(sourceError.value("error_code", Json())), u"FERRY-SRC-CONNECT"_s) << failed.dump(2);
    EXPECT_EQ(text(sourceError.value("blame", Json())), u"source"_s) << failed.dump(2);
    EXPECT_EQ(text(sourceError.value("phase", Json())), u"connect"_s) << failed.dump(2);

    for (const QString &finished : {pending, other}) {
        const CommandRun again = ferryctl({u"transfer"_s, u"cancel"_s, finished});
        EXPECT_EQ(again.exitCode, 1) << again.text();
        EXPECT_TRUE(again.err.contains(finished)) << again.text();
    }
    EXPECT_EQ(text(showJson(other)["status"]), u"ERROR"_s) << "cancel changed a finished transfer";
    EXPECT_EQ(ferryctl({u"transfer"_s, u"cancel"_s, u"00000000-0000-0000-0000-000000000000"_s}).exitCode, 2);
}

TEST_F(FerryctlTransfer, BadInputExitsTwoNamesTheProblemAndEnqueuesNothing)
{
    Json acme = sqliteDestination(u"acme db"_s);
    acme["products"] = Json::array({"core"}); // events only, not users
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s), modelJson(u"users"_s, u"public.users"_s)},
                                           {acme}, {WorkspaceFiles::product(u"core"_s, {u"events"_s})}));

    const QString d = u"--destination"_s, ws = u"--window-start"_s, we = u"--window-end"_s;
    struct Case
    {
        QStringList arguments;
        QStringList mentions;
    };
    const QList<Case> cases = {
        {{d, u"acme_db"_s}, {u"\"acme_db\""_s, u"did you mean \"acme db\""_s}},
        {{d, u"nowhere"_s}, {u"\"nowhere\""_s}},
        {{}, {u"--destination"_s}},
        {{d, u"acme db"_s, u"--model"_s, u"users"_s}, {u"\"users\""_s, u"acme db"_s}},
        {{d, u"acme db"_s, u"--model"_s, u"evnts"_s}, {u"\"evnts\""_s, u"did you mean \"events\""_s}},
        {{d, u"acme db"_s, u"--tag"_s, u"env"_s}, {u"\"env\""_s}},
        {{d, u"acme db"_s, u"--tag"_s, u"env=pr/od"_s}, {u"env=pr/od"_s}},
        {{d, u"acme db"_s, u"--tag"_s, u"=prod"_s}, {u"=prod"_s}},
        {{d, u"acme db"_s, ws, u"2026-01-01T00:00:00Z"_s}, {u"--window-end"_s}},
        {{d, u"acme db"_s, we, u"2026-01-01T00:00:00Z"_s}, {u"--window-start"_s}},
        {{d, u"acme db"_s, ws, u"yesterday"_s, we, u"2026-01-01T00:00:00Z"_s}, {u"\"yesterday\""_s}},
        {{d, u"acme db"_s, ws, u"2026-01-01T00:00:00Z"_s, we, u"2026-02-30T00:00:00Z"_s},
         {u"2026-02-30T00:00:00Z"_s}},
        {{d, u"acme db"_s, ws, u"2026-02-01T00:00:00Z"_s, we, u"2026-01-01T00:00:00Z"_s},
         {u"2026-02-01T00:00:00Z"_s}},
    };
    for (const Case &c : cases) {
        const CommandRun run = ferryctl(QStringList{u"transfer"_s, u"create"_s} + c.arguments);
        const std::string label = c.arguments.join(u' ').toStdString();
        EXPECT_EQ(run.exitCode, 2) << label << "\n" << run.text();
        EXPECT_TRUE(run.out.isEmpty()) << label << ": printed something that looks like an id\n"
                                       << run.text();
        for (const QString &mention : c.mentions)
            EXPECT_TRUE(run.err.contains(mention))
                << label << ": the message does not name " << mention.toStdString() << "\n"
                << run.text();
    }
    const QString unknown = u"11111111-2222-3333-4444-555555555555"_s;
    for (const QString &command : {u"show"_s, u"cancel"_s}) {
        const CommandRun run = ferryctl({u"transfer"_s, command, unknown});
        EXPECT_EQ(run.exitCode, 2) << run.text();
        EXPECT_TRUE(run.err.contains(unknown)) << run.text();
    }
    EXPECT_EQ(listIds({}), QStringList()) << "bad input enqueued a transfer";
}

TEST_F(FerryctlTransfer, PlanShowsModeWindowsSqlEstimatesAndDdlAndWritesNothing)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    Json model = modelJson(u"events"_s);
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = m_base.toSecsSinceEpoch();
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({model}, {sqliteDestination(u"acme db"_s)}));
    const QStringList plan = {u"transfer"_s, u"plan"_s, u"--destination"_s, u"acme db"_s};
    Json checkpointsBefore = checkpoints(u"acme db"_s);

    const QString before = canonical(QDateTime::currentDateTimeUtc());
    const CommandRun first = ferryctl(plan + QStringList{u"--json"_s});
    const QString after = canonical(QDateTime::currentDateTimeUtc());
    ASSERT_EQ(first.exitCode, 0) << first.text();
    Json json = parse(first.out);
    ASSERT_EQ(json["models"].size(), 1u) << first.out.toStdString();
    Json &events = json["models"][0];
    EXPECT_EQ(text(events["mode"]), u"backfill"_s);
    EXPECT_TRUE(events["checkpoint"].is_null());
    // Daily windows from min_start_time_epoch to now, contiguous, the last one cut at the transfer's start.
    Json &windows = events["windows"];
    ASSERT_TRUE(windows.is_array() && !windows.empty()) << events.dump(2);
    EXPECT_EQ(text(windows[0]["start"]), canonical(m_base));
    const QString end = text(windows.back()["end"]);
    EXPECT_TRUE(before <= end && end <= after)
        << end.toStdString() << " not within [" << before.toStdString() << ", " << after.toStdString() << "]";
    const qint64 span =
        QDateTime::fromString(end, Qt::ISODateWithMs).toSecsSinceEpoch() - m_base.toSecsSinceEpoch();
    EXPECT_EQ(qint64(windows.size()), (span + 86399) / 86400)
        << "window count for " << span << " s in 1-day windows";
    EXPECT_GE(windows.size(), 11u);
    qint64 estimated = 0;
    for (size_t i = 0; i < windows.size(); ++i) {
        if (i > 0) {
            EXPECT_EQ(windows[i]["start"], windows[i - 1]["end"])
                << "window " << i << " does not start where the previous ends";
        }
        if (i + 1 < windows.size()) {
            EXPECT_EQ(text(windows[i]["end"]), canonical(m_base.addDays(qint64(i) + 1)));
        }
        ASSERT_TRUE(windows[i]["estimated_rows"].is_number()) << windows[i].dump();
        estimated += windows[i]["estimated_rows"].get<qint64>();
    }
    EXPECT_GT(estimated, 0);
    // The tenant is shown, bound as a value, never pasted into the statement.
    EXPECT_EQ(text(events["tenant"]), u"t_acme"_s);
    const QString sql = text(events["source_query"]);
    EXPECT_TRUE(sql.contains(u"$1"_s) && sql.contains(u"\"tenant_id\""_s) && sql.contains(u"\"events\""_s))
        << sql.toStdString();
    EXPECT_FALSE(sql.contains(u"t_acme"_s)) << "the tenant is pasted into the SQL: " << sql.toStdString();
    EXPECT_FALSE(events["table_exists"].get<bool>());
    QString ddl;
    for (Json statement : events["destination_ddl"])
        ddl += text(statement) + u'\n';
    EXPECT_TRUE(ddl.contains(u"CREATE TABLE \"events\""_s)) << ddl.toStdString();
    EXPECT_TRUE(events["warnings"].empty())
        << events["warnings"].dump() << " (the events table is indexed and NOT NULL)";

    const CommandRun textPlan = ferryctl(plan);
    ASSERT_EQ(textPlan.exitCode, 0) << textPlan.text();
    for (const QString &part : {u"backfill"_s, u"tenant t_acme"_s, u"windows: "_s, u"estimated rows: "_s,
                                u"CREATE TABLE \"events\""_s})
        EXPECT_TRUE(textPlan.out.contains(part)) << "plan text lacks " << part.toStdString() << "\n"
                                                 << textPlan.text();

    // Nothing was written: no table at the destination, nothing enqueued, checkpoints as they were.
    if (QFile::exists(sqlitePath(u"acme db"_s))) {
        EXPECT_EQ(sqliteRows(u"acme db"_s, u"SELECT name FROM sqlite_master"_s), QList<QStringList>());
    }
    EXPECT_EQ(listIds({}), QStringList());
    EXPECT_EQ(checkpoints(u"acme db"_s), checkpointsBefore);

    // After a transfer: incremental from the checkpoint, no CREATE TABLE; a full refresh says what it
    // replaces.
    const QString id = createTransfer({u"--destination"_s, u"acme db"_s});
    runOnce();
    ASSERT_EQ(text(showJson(id)["status"]), u"SUCCESS"_s);
    Json checkpointsAfterRun = checkpoints(u"acme db"_s);
    Json incremental = parse(ferryctl(plan + QStringList{u"--json"_s}).out)["models"][0];
    EXPECT_EQ(text(incremental["mode"]), u"incremental"_s);
    EXPECT_EQ(text(incremental["checkpoint"]), sourceMaxCanonical());
    EXPECT_TRUE(incremental["table_exists"].get<bool>());
    for (Json statement : incremental["destination_ddl"])
        EXPECT_FALSE(text(statement).startsWith(u"CREATE TABLE \"events\""_s))
            << text(statement).toStdString();

    const CommandRun refresh = ferryctl(plan + QStringList{u"--full-refresh"_s});
    EXPECT_EQ(refresh.exitCode, 0) << refresh.text();
    EXPECT_TRUE(refresh.out.contains(u"replaces the 122 row(s)"_s)) << refresh.text();
    Json refreshJson = parse(ferryctl(plan + QStringList{u"--full-refresh"_s, u"--json"_s}).out)["models"][0];
    EXPECT_EQ(text(refreshJson["mode"]), u"full_refresh"_s);
    EXPECT_EQ(refreshJson["rows_replaced"], 122);
    EXPECT_EQ(text(refreshJson["windows"][0]["start"]), canonical(m_base));

    EXPECT_EQ(listIds({}), QStringList{id}) << "plan enqueued a transfer";
    EXPECT_EQ(checkpoints(u"acme db"_s), checkpointsAfterRun) << "plan moved a checkpoint";
    EXPECT_EQ(sqliteRows(u"acme db"_s, u"SELECT count(*), max(transfer_id) FROM events, _transfer_status"_s),
              (QList<QStringList>{{u"122"_s, id}}));
}

TEST_F(FerryctlTransfer, PlanDoesNotCreateTheSqliteDestinationFile)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    const CommandRun plan = ferryctl({u"transfer"_s, u"plan"_s, u"--destination"_s, u"acme db"_s});
    EXPECT_EQ(plan.exitCode, 0) << plan.text();
    EXPECT_TRUE(plan.out.contains(u"nothing has been written"_s)) << plan.text();
    EXPECT_FALSE(QFile::exists(sqlitePath(u"acme db"_s)))
        << "`transfer plan` says nothing has been written, yet it created the destination's SQLite file at "
        << sqlitePath(u"acme db"_s).toStdString()
        << ": TransferPreview::build opens a DestinationWriter, and DatabaseConnection::open mkpaths the "
           "folder and "
           "opens the file read-write, switching it to WAL";
}

TEST_F(FerryctlTransfer, PlanWarnsAboutAnUnindexedNullableZonelessCursor)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(
        sourceExec(u"CREATE TABLE events_lint (id text PRIMARY KEY, tenant_id text, amount numeric, "
                   "note text, updated_at timestamp without time zone)"_s));
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({modelJson(u"events"_s), modelJson(u"lint"_s, u"public.events_lint"_s)},
                       {sqliteDestination(u"acme db"_s)}));
    const CommandRun run =
        ferryctl({u"transfer"_s, u"plan"_s, u"--destination"_s, u"acme db"_s, u"--json"_s});
    ASSERT_EQ(run.exitCode, 0) << run.text();
    Json json = parse(run.out);
    QMap<QString, Json> warnings;
    for (Json model : json["models"])
        warnings.insert(text(model["model_name"]), model["warnings"]);
    EXPECT_TRUE(warnings.value(u"events"_s).empty()) << warnings.value(u"events"_s).dump();
    Json lint = warnings.value(u"lint"_s);
    ASSERT_EQ(lint.size(), 3u) << lint.dump(2);
    const QStringList topics = {u"index"_s, u"nullable"_s, u"time zone"_s};
    for (const QString &topic : topics) {
        bool found = false;
        for (Json warning : lint) {
            const QString message = text(warning);
            if (message.contains(topic)) {
                found = true;
                EXPECT_TRUE(message.contains(u"Fix:"_s)) << "no Fix: in " << message.toStdString();
            }
        }
        EXPECT_TRUE(found) << "no warning about " << topic.toStdString() << " in " << lint.dump(2);
    }
    const CommandRun plain =
        ferryctl({u"transfer"_s, u"plan"_s, u"--destination"_s, u"acme db"_s, u"--model"_s, u"lint"_s});
    EXPECT_EQ(plain.out.count(u"warning: "_s), 3) << plain.text();
    EXPECT_EQ(plain.out.count(u"Fix:"_s), 3) << plain.text();
}

TEST_F(FerryctlTransfer, ModelSubsetIncrementalAndFullRefresh)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({modelJson(u"events"_s), modelJson(u"notes"_s)}, {sqliteDestination(u"acme db"_s)}));
    const QString tables = u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s;

    // --model: only that model moves.
    const QString only = createTransfer({u"--destination"_s, u"acme db"_s, u"--model"_s, u"events"_s});
    runOnce();
    Json shown = showJson(only);
    EXPECT_EQ(shown["models"], Json::array({"events"}));
    ASSERT_EQ(shown["model_metrics"].size(), 1u) << shown.dump(2);
    EXPECT_EQ(text(shown["model_metrics"][0]["model_name"]), u"events"_s);
    EXPECT_EQ(sqliteRows(u"acme db"_s, tables), (QList<QStringList>{{u"_transfer_status"_s}, {u"events"_s}}));

    // Incremental: a changed row and a new row arrive, a deleted source row stays (only a full refresh
    // removes it).
    ASSERT_NO_FATAL_FAILURE(sourceExec(u"DELETE FROM events WHERE id = 'acme-0001'"_s));
    ASSERT_NO_FATAL_FAILURE(sourceExec(
        u"UPDATE events SET note = 'changed', updated_at = now() - interval '1 minute' WHERE id = 'acme-0002'"_s));
    ASSERT_NO_FATAL_FAILURE(sourceExec(
        u"INSERT INTO events VALUES ('acme-9999', 't_acme', 9.99, 'new', now() - interval '1 minute'), "
        "('globex-9999', 't_globex', 1, 'new', now() - interval '1 minute')"_s));
    // The incremental re-reads from the checkpoint minus the source's 30 s lookback: the newest row comes
    // again.
    const QString reread =
        sourceValue(u"SELECT count(*) FROM events WHERE tenant_id = 't_acme' AND updated_at >= "
                    "timestamptz '%1' - interval '30 seconds'"_s.arg(
                        text(firstOf(checkpoints(u"acme db"_s))["checkpoint"])));
    const QString incremental = createTransfer({u"--destination"_s, u"acme db"_s});
    runOnce();
    shown = showJson(incremental);
    ASSERT_EQ(text(shown["status"]), u"SUCCESS"_s) << shown.dump(2);
    QMap<QString, Json> metrics;
    for (Json m : shown["model_metrics"])
        metrics.insert(text(m["model_name"]), m);
    EXPECT_EQ(text(metrics.value(u"events"_s)["mode"]), u"incremental"_s);
    EXPECT_EQ(text(metrics.value(u"events"_s)["rows_transferred"]), reread)
        << "the changed row, the new one and the lookback";
    EXPECT_EQ(reread, u"3"_s);
    EXPECT_EQ(text(metrics.value(u"notes"_s)["mode"]), u"backfill"_s);
    EXPECT_EQ(metrics.value(u"notes"_s)["rows_transferred"], 122);
    const QString notes =
        u"SELECT id, note FROM events WHERE id IN ('acme-0001', 'acme-0002', 'acme-9999', 'globex-9999') ORDER BY id"_s;
    EXPECT_EQ(sqliteRows(u"acme db"_s, notes), (QList<QStringList>{{u"acme-0001"_s, u"note 1"_s},
                                                                   {u"acme-0002"_s, u"changed"_s},
                                                                   {u"acme-9999"_s, u"new"_s}}));

    // Full refresh of one model: the table is rebuilt to equal the source; the other model is left alone.
    const QString refresh =
        createTransfer({u"--destination"_s, u"acme db"_s, u"--full-refresh"_s, u"--model"_s, u"events"_s});
    runOnce();
    shown = showJson(refresh);
    EXPECT_EQ(text(shown["status"]), u"SUCCESS"_s) << shown.dump(2);
    EXPECT_EQ(shown["is_full_refresh"], true);
    EXPECT_EQ(text(shown["model_metrics"][0]["mode"]), u"full_refresh"_s);
    EXPECT_EQ(shown["rows_transferred"], 122);
    QList<QStringList> delivered =
        sqliteRows(u"acme db"_s, u"SELECT id, amount, note, updated_at FROM events"_s);
    std::sort(delivered.begin(), delivered.end());
    EXPECT_EQ(delivered, sourceTenantRows())
        << "after a full refresh the table equals the tenant's source rows";
    EXPECT_EQ(sqliteRows(u"acme db"_s, u"SELECT count(*) FROM notes"_s), (QList<QStringList>{{u"122"_s}}));
    EXPECT_EQ(
        sqliteRows(u"acme db"_s, u"SELECT data_model_name, transfer_id FROM _transfer_status ORDER BY 1"_s),
        (QList<QStringList>{{u"events"_s, refresh}, {u"notes"_s, incremental}}));
}

TEST_F(FerryctlTransfer, ExplicitWindowReloadsExactlyThatRangeAndKeepsTheCheckpoint)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    createTransfer({u"--destination"_s, u"acme db"_s});
    runOnce();
    const QString max = sourceMaxCanonical();
    // A fix at the source that does not touch updated_at: only an explicit window brings it over.
    ASSERT_NO_FATAL_FAILURE(sourceExec(u"UPDATE events SET note = 'fixed ' || id"_s));
    const QDateTime from = m_base.addDays(1), to = m_base.addDays(3);
    const QString window =
        u"updated_at >= %1 AND updated_at < %2"_s.arg(timestampLiteral(from), timestampLiteral(to));
    const QString inWindow =
        sourceValue(u"SELECT count(*) FROM events WHERE tenant_id = 't_acme' AND %1"_s.arg(window));
    ASSERT_GT(inWindow.toInt(), 0);

    const QString id =
        createTransfer({u"--destination"_s, u"acme db"_s, u"--window-start"_s, from.toString(Qt::ISODate),
                        u"--window-end"_s, to.toString(Qt::ISODate)});
    runOnce();
    Json shown = showJson(id);
    EXPECT_EQ(text(shown["status"]), u"SUCCESS"_s) << shown.dump(2);
    EXPECT_EQ(text(shown["start_transfer_window_at"]), canonical(from));
    EXPECT_EQ(text(shown["end_transfer_window_at"]), canonical(to));
    EXPECT_EQ(text(shown["rows_transferred"]), inWindow);
    EXPECT_EQ(text(shown["model_metrics"][0]["start_transfer_window_at"]), canonical(from));
    const QString fixedAtDestination =
        sqliteRows(u"acme db"_s, u"SELECT count(*) FROM events WHERE note = 'fixed ' || id"_s)
            .value(0)
            .value(0);
    EXPECT_EQ(fixedAtDestination, inWindow) << "exactly the rows of the window were reloaded";
    EXPECT_EQ(text(firstOf(checkpoints(u"acme db"_s))["checkpoint"]), max)
        << "an explicit window inside the checkpoint leaves it";
}

TEST_F(FerryctlTransfer, ListRejectsAnUnknownStatus)
{
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    createTransfer({u"--destination"_s, u"acme db"_s});
    const CommandRun typo = ferryctl({u"transfer"_s, u"list"_s, u"--status"_s, u"PENDNG"_s});
    EXPECT_EQ(typo.exitCode, 2)
        << "`transfer list --status PENDNG` is bad input (SPEC section 2 lists the statuses); an empty list "
           "with exit 0 would hide the typo from scripts\n"
        << typo.text();
    EXPECT_TRUE(typo.err.contains(u"PENDNG"_s)) << typo.text();
}

} // namespace
} // namespace ferry::test
