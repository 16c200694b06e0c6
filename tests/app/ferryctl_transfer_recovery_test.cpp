// ferryctl checkpoint / logs, failures at the destination, a cancelled transfer and two workers sharing a
// state database: what the command line reports and what the destination holds afterwards. A worker killed
// with SIGKILL mid-backfill is in ferryctl_transfer_kill_test.cpp.
#include "ferryctl_transfer_fixture.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QThread>
#include <QUuid>

namespace ferry::test {
namespace {

using namespace Qt::StringLiterals;
using FerryctlRecovery = FerryctlTransferTest;

TEST_F(FerryctlRecovery, CheckpointListShowsTheExactMaximumAndRewindReReadsFromThere)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    const QStringList list = {u"checkpoint"_s, u"list"_s, u"--destination"_s, u"acme db"_s};
    EXPECT_TRUE(ferryctl(list).out.contains(u"none"_s));

    const QString first = createTransfer({u"--destination"_s, u"acme db"_s});
    runOnce();
    ASSERT_EQ(text(showJson(first)["status"]), u"SUCCESS"_s);
    const QString max = sourceMaxCanonical();
    ASSERT_TRUE(max.endsWith(u"Z"_s) && max.size() == 27) << max.toStdString();
    EXPECT_NE(max.mid(20, 6), u"000000"_s) << "the fixture's newest row should have microseconds";
    const CommandRun listed = ferryctl(list);
    EXPECT_EQ(listed.exitCode, 0) << listed.text();
    EXPECT_TRUE(listed.out.contains(u"events"_s) && listed.out.contains(max))
        << "expected " << max.toStdString() << "\n"
        << listed.text();
    Json json = checkpoints(u"acme db"_s);
    ASSERT_EQ(json.size(), 1u) << json.dump(2);
    EXPECT_EQ(text(json[0]["model_name"]), u"events"_s);
    EXPECT_EQ(text(json[0]["checkpoint"]), max);
    EXPECT_EQ(text(json[0]["transfer_id"]), first);

    // Rewind to five days after m_base: the next transfer re-reads from there minus the source's 30 s
    // lookback.
    const QDateTime to = m_base.addDays(5);
    const QString toText = to.toString(Qt::ISODate); // 2026-...T00:00:00Z
    const CommandRun rewind = ferryctl({u"checkpoint"_s, u"rewind"_s, u"--destination"_s, u"acme db"_s,
                                        u"--model"_s, u"events"_s, u"--to"_s, toText});
    ASSERT_EQ(rewind.exitCode, 0) << rewind.text();
    EXPECT_TRUE(rewind.out.contains(max) && rewind.out.contains(canonical(to))) << rewind.text();
    EXPECT_EQ(text(checkpoints(u"acme db"_s)[0]["checkpoint"]), canonical(to));
    const QString reread = sourceValue(
        u"SELECT count(*) FROM events WHERE tenant_id = 't_acme' AND updated_at >= %1 - interval '30 seconds'"_s
            .arg(timestampLiteral(to)));
    ASSERT_GT(reread.toInt(), 0);
    ASSERT_LT(reread.toInt(), 122);

    const QString second = createTransfer({u"--destination"_s, u"acme db"_s});
    runOnce();
    Json shown = showJson(second);
    EXPECT_EQ(text(shown["status"]), u"SUCCESS"_s);
    Json &model = shown["model_metrics"][0];
    EXPECT_EQ(text(model["mode"]), u"incremental"_s);
    EXPECT_EQ(text(model["start_transfer_window_at"]), canonical(to.addSecs(-30)));
    EXPECT_EQ(text(model["rows_transferred"]), reread)
        << "the incremental after the rewind should re-send exactly the rows from the rewound time on";
    EXPECT_EQ(text(checkpoints(u"acme db"_s)[0]["checkpoint"]), max)
        << "the checkpoint is back at the newest row";
    EXPECT_EQ(sqliteRows(u"acme db"_s, u"SELECT count(*), count(DISTINCT id) FROM events"_s),
              (QList<QStringList>{{u"122"_s, u"122"_s}}));

    // Forward is refused and changes nothing; so is a time that does not parse, or an unknown destination.
    Json before = checkpoints(u"acme db"_s);
    const QStringList rewindEvents = {u"checkpoint"_s, u"rewind"_s, u"--destination"_s, u"acme db"_s,
                                      u"--model"_s,    u"events"_s, u"--to"_s};
    const CommandRun forward = ferryctl(rewindEvents + QStringList{m_base.addDays(30).toString(Qt::ISODate)});
    EXPECT_EQ(forward.exitCode, 2) << forward.text();
    EXPECT_TRUE(forward.err.contains(max)) << forward.text();
    const CommandRun garbage = ferryctl(rewindEvents + QStringList{u"last tuesday"_s});
    EXPECT_EQ(garbage.exitCode, 2) << garbage.text();
    EXPECT_TRUE(garbage.err.contains(u"last tuesday"_s)) << garbage.text();
    const CommandRun nowhere = ferryctl({u"checkpoint"_s, u"rewind"_s, u"--destination"_s, u"nowhere"_s,
                                         u"--model"_s, u"events"_s, u"--to"_s, toText});
    EXPECT_EQ(nowhere.exitCode, 2) << nowhere.text();
    EXPECT_TRUE(nowhere.err.contains(u"nowhere"_s)) << nowhere.text();
    EXPECT_EQ(checkpoints(u"acme db"_s), before);
}

TEST_F(FerryctlRecovery, LogsShowEachPhaseAsTextOrJsonAndFilterByLevel)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    Json broken{{"name", "acme closed"},
                {"recipient", "acme"},
                {"vendor", "postgres"},
                {"host", "127.0.0.1"},
                {"port", 1},
                {"database", "x"},
                {"username", "ferry"},
                {"password_env", "PGPASSWORD"},
                {"ssl_mode", "disable"}};
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s), broken}));
    const QString ok = createTransfer({u"--destination"_s, u"acme db"_s});
    const QString bad = createTransfer({u"--destination"_s, u"acme closed"_s});
    runOnce(1);

    const CommandRun logs = ferryctl({u"logs"_s, u"--transfer"_s, ok});
    EXPECT_EQ(logs.exitCode, 0) << logs.text();
    for (const QString &phase : {u"connect"_s, u"plan"_s, u"publish"_s, u"cleanup"_s})
        EXPECT_TRUE(logs.out.contains(u" %1: "_s.arg(phase))) << "no " << phase.toStdString() << " line\n"
                                                              << logs.text();
    const QStringList lines = logs.out.split(u'\n', Qt::SkipEmptyParts);
    EXPECT_GE(lines.size(), 4);
    for (const QString &line : lines)
        EXPECT_TRUE(line.contains(ok.left(8)) && !line.contains(bad.left(8))) << line.toStdString();

    const CommandRun json = ferryctl({u"logs"_s, u"--transfer"_s, ok, u"--json"_s});
    QSet<QString> phases;
    qint64 lastId = 0;
    for (const QString &line : json.out.split(u'\n', Qt::SkipEmptyParts)) {
        Json event = parse(line);
        ASSERT_TRUE(event.is_object()) << line.toStdString();
        for (const char *field : {"id", "at", "level", "transfer_id", "phase", "message"})
            EXPECT_TRUE(event.contains(field)) << field << " missing in " << line.toStdString();
        EXPECT_EQ(text(event["transfer_id"]), ok);
        EXPECT_GT(event["id"].get<qint64>(), lastId) << "events oldest first";
        lastId = event["id"].get<qint64>();
        phases << text(event["phase"]);
    }
    for (const QString &phase : {u"connect"_s, u"plan"_s, u"publish"_s, u"cleanup"_s})
        EXPECT_TRUE(phases.contains(phase)) << "no " << phase.toStdString() << " event in --json";

    const CommandRun errors = ferryctl({u"logs"_s, u"--level"_s, u"error"_s, u"--json"_s});
    EXPECT_EQ(errors.exitCode, 0) << errors.text();
    const QStringList errorLines = errors.out.split(u'\n', Qt::SkipEmptyParts);
    EXPECT_FALSE(errorLines.isEmpty()) << "the failed transfer logged no error";
    bool badSeen = false;
    for (const QString &line : errorLines) {
        Json event = parse(line);
        EXPECT_EQ(text(event["level"]), u"error"_s) << line.toStdString();
        EXPECT_NE(text(event["transfer_id"]), ok)
            << "the successful transfer has an error event: " << line.toStdString();
        badSeen = badSeen || text(event["transfer_id"]) == bad;
    }
    EXPECT_TRUE(badSeen) << errors.text();
    EXPECT_EQ(ferryctl({u"logs"_s, u"--transfer"_s, ok, u"--level"_s, u"error"_s}).out, QString());
    EXPECT_FALSE(ferryctl({u"logs"_s, u"--transfer"_s, bad, u"--level"_s, u"warning"_s}).out.isEmpty())
        << "warning includes errors";
    EXPECT_EQ(ferryctl({u"logs"_s, u"--level"_s, u"loud"_s}).exitCode, 2);
}

TEST_F(FerryctlRecovery, DestinationFailuresCarryCodeBlameAndPhaseAndNoPassword)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    const QString wrongPassword = u"Wr0ng-Passw0rd-"_s + QUuid::createUuid().toString(QUuid::Id128).left(10);
    const QString unsetVariable =
        u"FERRY_TEST_UNSET_"_s + QUuid::createUuid().toString(QUuid::Id128).left(10).toUpper();
    QString unused;
    const auto real =
        createPostgresDestination(unused); // a real server, so the wrong password is really refused
    ASSERT_TRUE(real->isValid());
    Json closed = postgresDestination(u"closed port"_s, *real);
    closed["port"] = 1; // loopback port 1 refuses at once
    Json wrong = postgresDestination(u"wrong password"_s, *real);
    wrong["password_env"] = "FERRY_TEST_WRONG_PASSWORD";
    Json unset = postgresDestination(u"unset password"_s, *real);
    unset["password_env"] = unsetVariable.toStdString();
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {closed, wrong, unset}));

    QMap<QString, QString> ids;
    for (const QString &name : {u"closed port"_s, u"wrong password"_s, u"unset password"_s})
        ids.insert(name, createTransfer({u"--destination"_s, name}));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"FERRY_TEST_WRONG_PASSWORD"_s, wrongPassword);
    env.remove(unsetVariable);
    const CommandRun run =
        ferryctl({u"--verbose"_s, u"run"_s, u"--once"_s}, env); // verbose logs must not leak either
    EXPECT_EQ(run.exitCode, 1) << run.text();

    struct Expected
    {
        QString destination, code, blame, mentions;
    };
    const QList<Expected> expected = {
        {u"closed port"_s, u"FERRY-DST-CONNECT"_s, u"destination"_s, u"127.0.0.1:1"_s},
        {u"wrong password"_s, u"FERRY-DST-AUTH"_s, QString(), u"FERRY_TEST_WRONG_PASSWORD"_s},
        {u"unset password"_s, u"FERRY-DST-PASSWORD-ENV"_s, u"config"_s, unsetVariable},
    };
    QString everything = run.all();
    for (const Expected &e : expected) {
        SCOPED_TRACE(e.destination.toStdString());
        const QString id = ids.value(e.destination);
        Json shown = showJson(id);
        EXPECT_EQ(text(shown["status"]), u"ERROR"_s);
        ASSERT_EQ(shown["model_metrics"].size(), 1u) << shown.dump(2);
        Json &error = shown["model_metrics"][0]["error"];
        ASSERT_TRUE(error.is_object()) << shown.dump(2);
        EXPECT_EQ(text(shown["model_metrics"][0]["status"]), u"ERROR"_s);
        EXPECT_EQ(text(error["error_code"]), e.code) << error.dump(2);
        if (!e.blame.isEmpty()) {
            EXPECT_EQ(text(error["blame"]), e.blame) << error.dump(2);
        }
        EXPECT_EQ(text(error["phase"]), u"connect"_s) << error.dump(2);
        for (const char *field : {"title", "message"})
            EXPECT_FALSE(text(error[field]).isEmpty()) << field;
        const QString explained = text(error["message"]) + u' ' + text(error["hint"]);
        EXPECT_TRUE(explained.contains(e.mentions))
            << "the error should name " << e.mentions.toStdString() << ": " << error.dump(2);
        EXPECT_EQ(text(shown["error"]["error_code"]), e.code) << "the transfer's own error";
        everything += ferryctl({u"transfer"_s, u"show"_s, id}).all() +
                      ferryctl({u"transfer"_s, u"show"_s, id, u"--json"_s}).all();
        everything += ferryctl({u"logs"_s, u"--transfer"_s, id}).all() +
                      ferryctl({u"logs"_s, u"--transfer"_s, id, u"--json"_s}).all();
    }
    everything += ferryctl({u"transfer"_s, u"list"_s, u"--json"_s}).all() + ferryctl({u"logs"_s}).all();
    EXPECT_TRUE(everything.contains(u"FERRY-DST-AUTH"_s)); // the outputs were collected
    EXPECT_FALSE(everything.contains(wrongPassword)) << "the wrong password leaked into ferryctl's output";
    const QString sourcePassword = qEnvironmentVariable("PGPASSWORD");
    EXPECT_FALSE(!sourcePassword.isEmpty() && everything.contains(sourcePassword))
        << "the source's password leaked";
}

// `transfer cancel` of a RUNNING transfer asks its worker to stop: it ends KILLED at a window boundary, whole
// windows stay published, and the next transfer resumes where the checkpoint stands.
TEST_F(FerryctlRecovery, CancelOfARunningTransferKillsItAndTheNextOneResumes)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    const QDateTime start = m_base.addDays(-10);
    fillLargeSource(start);
    ASSERT_FALSE(HasFatalFailure());
    // Six-hour windows: about 80 of them, so a kill (noticed within half a second) lands mid-run on a fast
    // machine too.
    Json model = dailyModel(start);
    model["max_transfer_time_window_seconds"] = 6 * 3600;
    QString dst;
    const auto destinationDb = createPostgresDestination(dst);
    ASSERT_TRUE(destinationDb->isValid());
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({model}, {postgresDestination(u"acme pg"_s, *destinationDb)}));
    const QString state = openSqlite(m_dir.filePath(u"state.db"_s));
    const QString id = createTransfer({u"--destination"_s, u"acme pg"_s});

    QProcess worker;
    worker.start(QStringLiteral(FERRYCTL_PATH), withState({u"run"_s, u"--once"_s}));
    ASSERT_TRUE(worker.waitForStarted());
    int done = 0;
    bool finished = false;
    QElapsedTimer waited;
    waited.start();
    while (done < 3 && !(finished = worker.waitForFinished(5)) && waited.elapsed() < 30000)
        done = rows(state, u"SELECT windows_done FROM transfer_models WHERE transfer_id = '%1'"_s.arg(id))
                   .value(0)
                   .value(0)
                   .toInt();
    ASSERT_FALSE(finished) << "the transfer ended before it could be cancelled";
    const CommandRun cancel = ferryctl({u"transfer"_s, u"cancel"_s, id});
    EXPECT_EQ(cancel.exitCode, 0) << cancel.text();
    EXPECT_TRUE(cancel.out.contains(u"kill requested"_s)) << cancel.text();
    ASSERT_TRUE(worker.waitForFinished(30000)) << "the worker did not stop";
    EXPECT_EQ(worker.exitCode(), 1) << "run --once ran a transfer that did not succeed";

    Json killed = showJson(id);
    EXPECT_EQ(text(killed["status"]), u"KILLED"_s) << killed.dump(2);
    EXPECT_EQ(text(killed["model_metrics"][0]["status"]), u"KILLED"_s);
    EXPECT_FALSE(killed["ended_at"].is_null());
    const int windows = killed["model_metrics"][0]["windows_done"].get<int>();
    EXPECT_LT(windows, killed["model_metrics"][0]["windows_planned"].get<int>())
        << "the kill came too late to test anything";
    const qint64 delivered = rows(dst, u"SELECT count(*) FROM events"_s).value(0).value(0).toLongLong();
    const QString published =
        sourceValue(u"SELECT count(*) FROM events WHERE tenant_id = 't_acme' AND updated_at < %1"_s.arg(
            timestampLiteral(start.addSecs(windows * 6 * 3600))));
    EXPECT_EQ(QString::number(delivered), published)
        << "the destination should hold exactly the " << windows << " published window(s)";
    EXPECT_EQ(firstOf(checkpoints(u"acme pg"_s))["unfinished_run"].value("windows_done", -1), windows);

    const QString next = createTransfer({u"--destination"_s, u"acme pg"_s});
    runOnce();
    Json resumed = showJson(next);
    EXPECT_EQ(text(resumed["status"]), u"SUCCESS"_s);
    EXPECT_EQ(text(resumed["model_metrics"][0]["start_transfer_window_at"]),
              canonical(start.addSecs(windows * 6 * 3600)));
    EXPECT_EQ(rows(dst, u"SELECT count(*) FROM events"_s), (QList<QStringList>{{u"200000"_s}}));
}

// SPEC section 2, Dispatch: a transfer starts only when no other transfer of the same model to the same
// destination runs, and the destination's max_concurrent_transfers (default 1) holds across workers sharing a
// state database.
TEST_F(FerryctlRecovery, TwoWorkersNeverRunTwoTransfersToOneDestinationAtOnce)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    const QDateTime start = m_base.addDays(-10);
    fillLargeSource(start);
    ASSERT_FALSE(HasFatalFailure());
    QString dst;
    const auto destinationDb = createPostgresDestination(dst);
    ASSERT_TRUE(destinationDb->isValid());
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({dailyModel(start)}, {postgresDestination(u"acme pg"_s, *destinationDb)}));
    const QString first = createTransfer({u"--destination"_s, u"acme pg"_s});
    const QString second = createTransfer({u"--destination"_s, u"acme pg"_s});
    const QString state = openSqlite(m_dir.filePath(u"state.db"_s));
    ASSERT_FALSE(state.isEmpty());

    QProcess workers[2];
    for (QProcess &worker : workers) {
        worker.start(QStringLiteral(FERRYCTL_PATH), withState({u"run"_s, u"--once"_s}));
        ASSERT_TRUE(worker.waitForStarted());
    }
    bool done[2] = {false, false};
    int mostRunning = 0;
    QElapsedTimer waited;
    waited.start();
    while (!(done[0] && done[1]) && waited.elapsed() < 90000) {
        for (int i = 0; i < 2; ++i)
            done[i] = done[i] || workers[i].waitForFinished(5);
        const QList<QStringList> running =
            rows(state, u"SELECT count(*) FROM transfers WHERE status = 'RUNNING'"_s);
        mostRunning = qMax(mostRunning, running.value(0).value(0).toInt());
    }
    ASSERT_TRUE(done[0] && done[1]) << "the workers did not finish within 90 s";

    Json a = showJson(first), b = showJson(second);
    EXPECT_EQ(text(a["status"]), u"SUCCESS"_s) << a.dump(2);
    EXPECT_EQ(text(b["status"]), u"SUCCESS"_s) << b.dump(2);
    const bool overlap =
        text(a["started_at"]) < text(b["ended_at"]) && text(b["started_at"]) < text(a["ended_at"]);
    EXPECT_LE(mostRunning, 1)
        << "two workers ran two transfers of model events to destination \"acme pg\" at the "
           "same time, beyond its max_concurrent_transfers of 1 (TransferStore::claim must check what runs)";
    EXPECT_FALSE(overlap) << "transfer " << first.toStdString() << " ran "
                          << text(a["started_at"]).toStdString() << " to "
                          << text(a["ended_at"]).toStdString() << ", transfer " << second.toStdString()
                          << " ran " << text(b["started_at"]).toStdString() << " to "
                          << text(b["ended_at"]).toStdString();
    const QString hashSql =
        u"SELECT count(*), md5(string_agg(id || '|' || amount::text || '|' || %1, ',' ORDER BY id)) FROM %2"_s;
    EXPECT_EQ(rows(dst, hashSql.arg(canonicalSql(u"updated_at"_s), u"events"_s)),
              sourceRows(hashSql.arg(canonicalSql(u"updated_at"_s), u"events WHERE tenant_id = 't_acme'"_s)));
}

// SPEC section 6 documents `ferryctl run [--once] [--workers N]`.
TEST_F(FerryctlRecovery, RunAcceptsTheWorkersOption)
{
    ASSERT_NO_FATAL_FAILURE(
        applyWorkspace({FerryctlTransferTest::modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    const CommandRun run = ferryctl({u"run"_s, u"--once"_s, u"--workers"_s, u"2"_s});
    EXPECT_EQ(run.exitCode, 0) << "SPEC section 6 documents `ferryctl run [--once] [--workers N]`\n"
                               << run.text();
}

} // namespace
} // namespace ferry::test
