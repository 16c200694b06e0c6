// A worker killed with SIGKILL in the middle of a windowed backfill, for each destination vendor: the
// destination holds whole windows only, the transfer stays RUNNING until a worker marks it ORPHANED, and the
// next transfer resumes at the first window the checkpoint does not cover, ending with exactly the source's
// rows.
#include "ferryctl_transfer_fixture.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace ferry::test {
namespace {

using namespace Qt::StringLiterals;
using FerryctlRecovery = FerryctlTransferTest;

// A decimal's text with no trailing zeros in its fraction: DECIMAL(38,9)'s 12.300000000, numeric's 12.30 and
// 12.3 are one value.
QString decimalText(QString value)
{
    if (value.contains(u'.')) {
        while (value.endsWith(u'0'))
            value.chop(1);
        if (value.endsWith(u'.'))
            value.chop(1);
    }
    return value == u"-0"_s ? u"0"_s : value;
}

// Ferry's canonical timestamp text (YYYY-MM-DDTHH:MM:SS.ffffffZ) of a UTC time as PostgreSQL, MariaDB or
// SQLite print it: `T` or a space, zero to six fraction digits, `Z`, `+00`, `+00:00` or no zone. Anything
// else comes back unchanged, so it differs from the source's text.
QString canonicalText(const QString &value)
{
    static const QRegularExpression utc(
        uR"(^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:Z|[+-]00(?::?00)?)?$)"_s);
    const QRegularExpressionMatch match = utc.match(value);
    if (!match.hasMatch())
        return value;
    return match.captured(1) + u'T' + match.captured(2) + u'.' + match.captured(3).leftJustified(6, u'0') +
           u'Z';
}

// Every row of `sql` (id, amount, updated_at as text) as "id|amount|updated_at" in a vendor-neutral spelling,
// sorted.
QStringList neutralRows(const QString &connection, const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(connection, false));
    query.setForwardOnly(true);
    query.setNumericalPrecisionPolicy(QSql::HighPrecision); // decimals as their text, never as doubles
    QStringList result;
    if (!query.exec(sql)) {
        ADD_FAILURE() << sql.toStdString() << ": " << query.lastError().text().toStdString();
        return result;
    }
    while (query.next()) {
        const auto field = [&](int i) { return query.isNull(i) ? u"<null>"_s : query.value(i).toString(); };
        result << field(0) + u'|' + decimalText(field(1)) + u'|' + canonicalText(field(2));
    }
    result.sort();
    return result;
}

// Why two sorted row lists differ: their counts and the first few rows only one side has.
std::string rowDifference(const QStringList &wanted, const QStringList &delivered)
{
    QStringList missing, extra;
    std::set_difference(wanted.begin(), wanted.end(), delivered.begin(), delivered.end(),
                        std::back_inserter(missing));
    std::set_difference(delivered.begin(), delivered.end(), wanted.begin(), wanted.end(),
                        std::back_inserter(extra));
    return u"source %1 row(s), destination %2; %3 source row(s) missing, e.g. %4; %5 row(s) not in the "
           u"source, e.g. %6"_s.arg(wanted.size())
               .arg(delivered.size())
               .arg(missing.size())
               .arg(missing.mid(0, 3).join(u", "_s))
               .arg(extra.size())
               .arg(extra.mid(0, 3).join(u", "_s))
               .toStdString();
}

} // namespace

void FerryctlTransferTest::killNineMidBackfill(const QList<KillNineDestination> &destinations,
                                               const QList<int> &thresholds)
{
    ASSERT_EQ(destinations.size(), thresholds.size());
    ASSERT_NO_FATAL_FAILURE(createSource());
    const QDateTime start = m_base.addDays(-10); // today 00:00 UTC minus 20 days
    const QList<qint64> cumulative = fillLargeSource(start);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_EQ(cumulative.size(), 21);
    ASSERT_EQ(cumulative.last(), 200000);
    const QStringList sourceRows = neutralRows(
        m_sourceConnection, u"SELECT id, amount::text, %1 FROM events WHERE tenant_id = 't_acme'"_s.arg(
                                canonicalSql(u"updated_at"_s)));
    ASSERT_EQ(sourceRows.size(), 200000);
    const QString sourceMax = sourceMaxCanonical();

    QList<Json> workspaceDestinations;
    for (const KillNineDestination &destination : destinations)
        workspaceDestinations << destination.json;
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({dailyModel(start)}, workspaceDestinations));
    const QString state = openSqlite(m_dir.filePath(u"state.db"_s));
    ASSERT_FALSE(state.isEmpty());

    for (qsizetype round = 0; round < destinations.size(); ++round) {
        const KillNineDestination &target = destinations[round];
        const QString destination = QString::fromStdString(target.json["name"].get<std::string>());
        const QString vendor = QString::fromStdString(target.json["vendor"].get<std::string>());
        const QString table = target.schema.isEmpty() ? u"events"_s : target.schema + u".events"_s;
        const int threshold = thresholds[round];
        const int delay = int(QRandomGenerator::global()->bounded(301));
        SCOPED_TRACE(u"%1 destination \"%2\": kill after %3 window(s) + %4 ms"_s.arg(vendor, destination)
                         .arg(threshold)
                         .arg(delay)
                         .toStdString());
        const QString first = createTransfer({u"--destination"_s, destination});

        QProcess worker;
        worker.start(QStringLiteral(FERRYCTL_PATH), withState({u"run"_s, u"--once"_s}));
        ASSERT_TRUE(worker.waitForStarted());
        QElapsedTimer waited;
        waited.start();
        int done = 0, planned = 0;
        auto poll = [&] {
            const QStringList progress =
                rows(state,
                     u"SELECT windows_done, windows_planned FROM transfer_models WHERE transfer_id = '%1'"_s
                         .arg(first))
                    .value(0);
            done = progress.value(0).toInt();
            planned = progress.value(1).toInt();
        };
        bool finished = false;
        while (done < threshold && !(finished = worker.waitForFinished(5)) && waited.elapsed() < 30000)
            poll();
        // The random pause never runs into the last windows, so the kill lands mid-run however fast the
        // machine is.
        QElapsedTimer paused;
        paused.start();
        while (!finished && paused.elapsed() < delay && done < planned - 3) {
            finished = worker.waitForFinished(5);
            poll();
        }
        if (finished) {
            FAIL() << "the worker ended before it could be killed (" << done << " window(s) done):\n"
                   << worker.readAllStandardOutput().toStdString()
                   << worker.readAllStandardError().toStdString();
        }
        ASSERT_GE(done, threshold) << "no progress within 30 s";
        worker.kill(); // SIGKILL
        ASSERT_TRUE(worker.waitForFinished(10000));

        Json killed = showJson(first);
        EXPECT_EQ(text(killed["status"]), u"RUNNING"_s)
            << "a killed worker cannot have finished its transfer";
        EXPECT_EQ(killed["model_metrics"][0]["windows_planned"].get<int>(), planned);
        EXPECT_GE(planned, 20);
        // An SQLite file exists once the first window is published: open it only now.
        const QString dst =
            target.connection.isEmpty() ? openSqlite(sqlitePath(destination)) : target.connection;
        ASSERT_FALSE(dst.isEmpty());
        const qint64 delivered =
            rows(dst, u"SELECT count(*) FROM %1"_s.arg(table)).value(0).value(0).toLongLong();
        const qsizetype whole = cumulative.indexOf(delivered);
        EXPECT_GE(whole, 0) << "the destination holds " << delivered
                            << " rows, which is not the rows of a whole number of "
                            << "windows: part of a window was published";
        Json checkpoint = firstOf(checkpoints(destination));
        ASSERT_TRUE(checkpoint["unfinished_run"].is_object()) << checkpoint.dump(2);
        const int covered = checkpoint["unfinished_run"]["windows_done"].get<int>();
        EXPECT_GE(covered, threshold);
        // The checkpoint moves right after a window is published, so the destination is at most one window
        // ahead.
        EXPECT_TRUE(whole == covered || whole == covered + 1)
            << whole << " window(s) at the destination, checkpoint covers " << covered;

        const CommandRun plan =
            ferryctl({u"transfer"_s, u"plan"_s, u"--destination"_s, destination, u"--json"_s});
        Json planJson = firstOf(parse(plan.out).value("models", Json()));
        EXPECT_EQ(planJson.value("resumed", false), true) << plan.text();
        EXPECT_EQ(text(firstOf(planJson.value("windows", Json())).value("start", Json())),
                  canonical(start.addDays(covered)))
            << plan.text();

        const CommandRun orphan = ferryctl({u"run"_s, u"--once"_s, u"--orphan-after"_s, u"0"_s});
        EXPECT_EQ(orphan.exitCode, 0) << orphan.text();
        EXPECT_TRUE(orphan.err.contains(u"orphaned "_s + first)) << orphan.text();
        Json orphaned = showJson(first);
        EXPECT_EQ(text(orphaned["status"]), u"ORPHANED"_s);
        EXPECT_EQ(text(orphaned["model_metrics"][0]["status"]), u"ORPHANED"_s);
        EXPECT_FALSE(orphaned["ended_at"].is_null());

        const QString second = createTransfer({u"--destination"_s, destination});
        runOnce();
        Json resumed = showJson(second);
        EXPECT_EQ(text(resumed["status"]), u"SUCCESS"_s) << resumed.dump(2);
        Json &metrics = resumed["model_metrics"][0];
        EXPECT_EQ(text(metrics["mode"]), u"backfill"_s);
        EXPECT_EQ(text(metrics["start_transfer_window_at"]), canonical(start.addDays(covered)))
            << "the next transfer should start at the first window the checkpoint does not cover";
        EXPECT_EQ(metrics["rows_transferred"].get<qint64>(), 200000 - cumulative.value(covered));
        EXPECT_EQ(resumed["rows_transferred"].get<qint64>(), 200000 - cumulative.value(covered));
        const int resumedWindows = metrics["windows_planned"].get<int>() + covered;
        EXPECT_TRUE(resumedWindows == planned || resumedWindows == planned + 1)
            << resumedWindows << " vs " << planned;

        // Compared in C++, not with the destination's SQL: every vendor prints decimals and times its own
        // way.
        const QString updatedAt = vendor == u"postgres"_s ? canonicalSql(u"updated_at"_s)
                                  : vendor == u"mysql"_s  ? u"CAST(updated_at AS CHAR)"_s
                                                          : u"updated_at"_s;
        const QStringList destinationRows =
            neutralRows(dst, u"SELECT id, amount, %1 FROM %2"_s.arg(updatedAt, table));
        EXPECT_EQ(destinationRows.size(), sourceRows.size());
        EXPECT_TRUE(destinationRows == sourceRows)
            << "the destination differs from the source: " << rowDifference(sourceRows, destinationRows);

        const QString otherTables =
            vendor == u"postgres"_s
                ? u"SELECT count(*) FROM pg_tables WHERE schemaname = '%1' AND tablename NOT IN ('events', "
                  u"'_transfer_status')"_s.arg(target.schema)
            : vendor == u"mysql"_s
                ? u"SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                  u"TABLE_NAME NOT IN ('events', '_transfer_status')"_s
                : u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ('events', "
                  u"'_transfer_status')"_s;
        EXPECT_EQ(rows(dst, otherTables), (QList<QStringList>{{u"0"_s}}))
            << "staging or build tables were left behind";
        EXPECT_EQ(text(firstOf(checkpoints(destination))["checkpoint"]), sourceMax);
    }
}

namespace {

// Three rounds, killed at different moments, into three schemas of one database.
TEST_F(FerryctlRecovery, KillNineMidBackfillLeavesWholeWindowsAndTheNextTransferResumes)
{
    FERRY_REQUIRE_POSTGRES();
    QString connection;
    const auto db = createPostgresDestination(connection);
    ASSERT_TRUE(db->isValid());
    QList<KillNineDestination> destinations;
    for (int round = 1; round <= 3; ++round)
        destinations << KillNineDestination{
            postgresDestination(u"kill %1"_s.arg(round), *db, u"k%1"_s.arg(round)), connection,
            u"k%1"_s.arg(round)};
    killNineMidBackfill(destinations, {2, 5, 9});
}

// Two rounds, each into its own file; every window is one SQLite transaction.
TEST_F(FerryctlRecovery, KillNineMidBackfillToSqliteLeavesWholeWindowsAndTheNextTransferResumes)
{
    FERRY_REQUIRE_POSTGRES();
    killNineMidBackfill(
        {{sqliteDestination(u"kill sqlite 1"_s), {}, {}}, {sqliteDestination(u"kill sqlite 2"_s), {}, {}}},
        {3, 8});
}

// Two rounds, each into its own database; the worker dies while a window streams into its staging table,
// which the next transfer must drop.
TEST_F(FerryctlRecovery, KillNineMidBackfillToMariaDbLeavesWholeWindowsAndTheNextTransferResumes)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_MYSQL();
    TemporaryMysqlDatabase first, second;
    ASSERT_TRUE(first.isValid()) << first.error().toStdString();
    ASSERT_TRUE(second.isValid()) << second.error().toStdString();
    const QString firstConnection = openMysql(first), secondConnection = openMysql(second);
    ASSERT_FALSE(firstConnection.isEmpty() || secondConnection.isEmpty());
    killNineMidBackfill({{mysqlDestination(u"kill maria 1"_s, first), firstConnection, {}},
                         {mysqlDestination(u"kill maria 2"_s, second), secondConnection, {}}},
                        {2, 7});
}

} // namespace
} // namespace ferry::test
