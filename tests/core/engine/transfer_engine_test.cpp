// The engine against real servers: a PostgreSQL source and each destination vendor.
#include "engine_fixture.h"

#include "state/checkpoint_store.h"
#include "state/log_store.h"

#include <QSqlQuery>

namespace ferry::test {

TEST_P(EngineTest, BackfillDeliversExactlyTheRecipientsRows)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    insert(QStringLiteral("a2"), QStringLiteral("v1"), at(2, 123));
    insert(QStringLiteral("g1"), QStringLiteral("other tenant"), at(2), QStringLiteral("t_globex"));
    insert(QStringLiteral("a3"), QStringLiteral("tab\there, \"quotes\", back\\slash, newline\nend"), at(3));
    applyWorkspace(modelJson());

    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(record.rowsTransferred, 3);
    const ModelMetrics metrics = modelOf(record);
    EXPECT_EQ(metrics.mode, QStringLiteral("backfill"));
    EXPECT_EQ(metrics.rowsRead, 3);
    const QMap<QString, QString> notes = destinationNotes();
    EXPECT_EQ(notes.keys(), (QStringList{QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a3")}));
    EXPECT_EQ(notes.value(QStringLiteral("a3")), QStringLiteral("tab\there, \"quotes\", back\\slash, newline\nend"));
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-03-04T00:00:00.000000Z"));
    EXPECT_EQ(destinationQuery(QStringLiteral("SELECT rows_transferred FROM _transfer_status WHERE data_model_name = 'events'")),
              QStringList{QStringLiteral("3")});
    EXPECT_EQ(destinationColumns(), (QStringList{QStringLiteral("id"), QStringLiteral("amount"), QStringLiteral("note"),
                                                 QStringLiteral("updated_at")}));
}

TEST_P(EngineTest, IncrementalPicksUpInsertsAndUpdatesOnly)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    insert(QStringLiteral("a2"), QStringLiteral("v1"), at(2));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));

    sourceExec(QStringLiteral("UPDATE events SET note = 'v2', updated_at = '2026-03-05T10:00:00.654321Z' WHERE id = 'a1'"));
    insert(QStringLiteral("a3"), QStringLiteral("v1"), at(4, 60));
    const TransferRecord second = transfer();
    EXPECT_EQ(second.status, QStringLiteral("SUCCESS"));
    const ModelMetrics metrics = modelOf(second);
    EXPECT_EQ(metrics.mode, QStringLiteral("incremental"));
    EXPECT_EQ(metrics.rowsRead, 3); // a2 sits at the checkpoint, inside the lookback: read again, upserted
    // The incremental window starts at the checkpoint minus the source's lookback (PostgreSQL: 30 s).
    EXPECT_EQ(metrics.cursorFrom, QStringLiteral("2026-03-02T23:59:30.000000Z"));
    const QMap<QString, QString> notes = destinationNotes();
    EXPECT_EQ(notes.value(QStringLiteral("a1")), QStringLiteral("v2"));
    EXPECT_EQ(notes.value(QStringLiteral("a2")), QStringLiteral("v1"));
    EXPECT_EQ(notes.value(QStringLiteral("a3")), QStringLiteral("v1"));
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-03-05T10:00:00.654321Z")); // full source precision
}

TEST_P(EngineTest, LateRowInsideTheLookbackArrivesAndOneBeforeItDoesNot)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(3));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    insert(QStringLiteral("late"), QStringLiteral("v1"), at(3, -10));   // committed late, 10 s behind the newest
    insert(QStringLiteral("older"), QStringLiteral("v1"), at(3, -3600)); // outside the 30 s lookback
    const TransferRecord second = transfer();
    EXPECT_EQ(second.status, QStringLiteral("SUCCESS"));
    const QMap<QString, QString> notes = destinationNotes();
    EXPECT_TRUE(notes.contains(QStringLiteral("late")));
    EXPECT_FALSE(notes.contains(QStringLiteral("older")));
    EXPECT_EQ(modelOf(second).rowsRead, 2); // a1 again (inside the lookback, upserted, not doubled) and late
    EXPECT_EQ(notes.size(), 2);
}

TEST_P(EngineTest, RowUpdatedTwiceBetweenTransfersEndsAtItsLatestVersion)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    sourceExec(QStringLiteral("UPDATE events SET note = 'v2', updated_at = '2026-03-04T00:00:00Z' WHERE id = 'a1'"));
    sourceExec(QStringLiteral("UPDATE events SET note = 'v3', updated_at = '2026-03-06T00:00:00Z' WHERE id = 'a1'"));
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("a1"), QStringLiteral("v3")}}));
}

TEST_P(EngineTest, DuplicateKeysInOneWindowKeepTheLatestRow)
{
    // The source repeats a key (no constraint there): the backfill, built aside, keeps the latest row...
    insert(QStringLiteral("d1"), QStringLiteral("old"), at(1));
    insert(QStringLiteral("d1"), QStringLiteral("new"), at(2));
    insert(QStringLiteral("d1"), QStringLiteral("middle"), at(1, 60));
    applyWorkspace(modelJson());
    const TransferRecord backfill = transfer();
    ASSERT_EQ(backfill.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("d1"), QStringLiteral("new")}}));
    // Into MariaDB and SQLite, whose tables are keyed while they load, a backfill reads in key order, then
    // last-modified order: a repeated key's latest row comes last and is the one kept, in one read. PostgreSQL
    // reads unordered and compares last-modified values as it builds its key.
    const auto events = LogStore(m_state->connection()).list({backfill.id, {}, 0, 1000});
    ASSERT_TRUE(events.ok());
    int readAgain = 0;
    for (const LogEvent &event : *events)
        readAgain += event.message.contains(QLatin1String("reading them again in last-modified order")) ? 1 : 0;
    EXPECT_EQ(readAgain, 0);
    EXPECT_EQ(modelOf(backfill).rowsRead, 3);
    EXPECT_EQ(backfill.rowsTransferred, 3);
    // ...and so does an incremental window merged into the table.
    insert(QStringLiteral("d2"), QStringLiteral("first"), at(4));
    insert(QStringLiteral("d2"), QStringLiteral("second"), at(4, 5));
    insert(QStringLiteral("d2"), QStringLiteral("zeroth"), at(3, 60));
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes().value(QStringLiteral("d2")), QStringLiteral("second"));
}

TEST_P(EngineTest, AnOlderRowNeverOverwritesANewerOne)
{
    insert(QStringLiteral("a1"), QStringLiteral("newer"), at(5));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    // The source goes back in time for a1 (a replica lagging, a restore) and a reload covers that time.
    sourceExec(QStringLiteral("UPDATE events SET note = 'older', updated_at = '2026-03-02T00:00:00Z' WHERE id = 'a1'"));
    TransferRequest reload;
    reload.windowStart = QStringLiteral("2026-03-01T00:00:00.000000Z");
    reload.windowEnd = QStringLiteral("2026-03-04T00:00:00.000000Z");
    const TransferRecord record = transfer(reload);
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(record).rowsRead, 1);
    EXPECT_EQ(destinationNotes().value(QStringLiteral("a1")), QStringLiteral("newer"));
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-03-06T00:00:00.000000Z")); // an explicit window never moves it back
}

TEST_P(EngineTest, AWindowReadInManyBatchesBecomesVisibleOnlyWhenPublished)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    // Enough rows for several batches: a writer may merge the first batches while later ones are still read, but
    // inside the window's transaction. A repeated key has its newest row first and an older one last.
    insert(QStringLiteral("dup"), QStringLiteral("newest"), at(6));
    sourceExec(QStringLiteral("INSERT INTO events (id, tenant_id, note, amount, updated_at) "
                              "SELECT 'b' || g, 't_acme', repeat('x', 300), g, TIMESTAMPTZ '2026-03-04' + g * INTERVAL '1 second' "
                              "FROM generate_series(1, 4000) AS g"));
    insert(QStringLiteral("dup"), QStringLiteral("older"), at(5));
    sourceExec(QStringLiteral("UPDATE events SET note = 'v2', updated_at = '2026-03-05T12:00:00Z' WHERE id = 'a1'"));
    qint64 visibleBeforePublish = -1;
    EngineHooks look;
    look.beforePublish = [&](const QString &, int) {
        visibleBeforePublish = destinationCount();
        return Status();
    };
    const TransferRecord record = transfer({}, look);
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(record).rowsRead, 4003);
    EXPECT_EQ(visibleBeforePublish, 1);
    EXPECT_EQ(destinationCount(), 4002);
    const QMap<QString, QString> notes = destinationNotes();
    EXPECT_EQ(notes.value(QStringLiteral("dup")), QStringLiteral("newest"));
    EXPECT_EQ(notes.value(QStringLiteral("a1")), QStringLiteral("v2"));
    EXPECT_EQ(notes.value(QStringLiteral("b4000")), QString(300, QLatin1Char('x')));
}

TEST_P(EngineTest, TenDaysAtOneDayAreTenWindowsWithACheckpointAfterEach)
{
    for (int d = 0; d < 10; ++d) {
        insert(QStringLiteral("r%1a").arg(d), QStringLiteral("v"), at(d, 3600));
        insert(QStringLiteral("r%1b").arg(d), QStringLiteral("v"), at(d, 7200));
    }
    Json model = modelJson();
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = at(0).toSecsSinceEpoch();
    applyWorkspace(model);
    m_now = at(10);
    QStringList seen;
    EngineHooks hooks;
    hooks.beforePublish = [&](const QString &, int) {
        // Before window N publishes, the state says N windows are done and the checkpoint is window N-1's newest.
        QSqlQuery query(m_state->connection());
        query.exec(QStringLiteral("SELECT run_windows_done, cursor_value FROM checkpoints WHERE model_name = 'events'"));
        seen << (query.next() ? QStringLiteral("%1 %2").arg(query.value(0).toInt()).arg(query.value(1).toString()) : QStringLiteral("none"));
        return Status();
    };
    const TransferRecord record = transfer({}, hooks);
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    const ModelMetrics metrics = modelOf(record);
    EXPECT_EQ(metrics.windowsPlanned, 10);
    EXPECT_EQ(metrics.windowsDone, 10);
    ASSERT_EQ(seen.size(), 10);
    EXPECT_EQ(seen[0], QStringLiteral("0 "));
    EXPECT_EQ(seen[1], QStringLiteral("1 2026-03-01T02:00:00.000000Z"));
    EXPECT_EQ(seen[9], QStringLiteral("9 2026-03-09T02:00:00.000000Z"));
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-03-10T02:00:00.000000Z"));
    EXPECT_EQ(destinationCount(), 20);
}

TEST_P(EngineTest, FailureInWindowFourOfTenKeepsThreeAndTheNextTransferResumesAtFour)
{
    for (int d = 0; d < 10; ++d)
        insert(QStringLiteral("r%1").arg(d), QStringLiteral("v"), at(d, 3600));
    Json model = modelJson();
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = at(0).toSecsSinceEpoch();
    applyWorkspace(model);
    m_now = at(10);
    EngineHooks failInFour;
    failInFour.beforePublish = [](const QString &, int window) {
        return window == 3 ? Status(Error{QStringLiteral("FERRY-TEST-INJECTED"), QStringLiteral("Injected"),
                                          QStringLiteral("failure injected in window 4"), {}, Blame::Destination})
                           : Status();
    };
    const TransferRecord failed = transfer({}, failInFour);
    EXPECT_EQ(failed.status, QStringLiteral("ERROR"));
    const ModelMetrics failure = modelOf(failed);
    EXPECT_EQ(failure.windowsDone, 3);
    EXPECT_EQ(failure.errorPhase, QStringLiteral("publish"));
    ASSERT_TRUE(failure.error.has_value());
    EXPECT_EQ(failure.error->code, QStringLiteral("FERRY-TEST-INJECTED"));
    EXPECT_EQ(destinationNotes().keys(), (QStringList{QStringLiteral("r0"), QStringLiteral("r1"), QStringLiteral("r2")}));

    const TransferRecord resumed = transfer();
    ASSERT_EQ(resumed.status, QStringLiteral("SUCCESS"));
    const ModelMetrics metrics = modelOf(resumed);
    EXPECT_EQ(metrics.cursorFrom, QStringLiteral("2026-03-04T00:00:00.000000Z")); // window 4's start
    EXPECT_EQ(metrics.windowsPlanned, 7);
    EXPECT_EQ(metrics.rowsRead, 7);
    EXPECT_EQ(destinationCount(), 10);
    // The run finished: the next transfer is a plain incremental from the checkpoint.
    const auto stored = CheckpointStore(m_state->connection()).forDestination(failed.destinationId);
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->size(), 1);
    EXPECT_FALSE(stored->first().hasUnfinishedRun());
}

INSTANTIATE_TEST_SUITE_P(Destinations, EngineTest,
                         ::testing::Values(DestinationVendor::Postgres, DestinationVendor::MySql, DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test

namespace ferry::test {

TEST_P(EngineTest, EveryLogicalTypeArrivesIntact)
{
    sourceExec(QStringLiteral("ALTER TABLE events ADD COLUMN flag boolean, ADD COLUMN data bytea, ADD COLUMN day date, "
                              "ADD COLUMN doc jsonb, ADD COLUMN big bigint, ADD COLUMN small integer, ADD COLUMN ratio "
                              "double precision, ADD COLUMN created timestamptz"));
    sourceExec(QStringLiteral("INSERT INTO events VALUES ('t1', 't_acme', 1234567.89, 'caf\u00e9 \u2713 \U0001F680', "
                              "'2026-03-02T10:00:00.123456Z', true, '\\x00ff0a095c22'::bytea, '2026-02-28', '{\"k\": [1, \"two\"]}', "
                              "9007199254740993, -2147483648, 0.1, '1999-12-31T23:59:59.999999Z')"));
    Json model = modelJson();
    auto column = [](const char *name, const char *type) {
        return Json{{"name_in_source", name}, {"name_in_destination", name}, {"data_type", type}};
    };
    for (const Json &extra : {column("flag", "boolean"), column("data", "bytes"), column("day", "date"), column("doc", "json"),
                              column("big", "bigint"), column("small", "integer"), column("ratio", "float"),
                              column("created", "timestamp")})
        model["columns"].push_back(extra);
    applyWorkspace(model);
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));

    const bool pg = GetParam() == DestinationVendor::Postgres, my = GetParam() == DestinationVendor::MySql;
    const QString hex = pg ? QStringLiteral("encode(data, 'hex')") : QStringLiteral("lower(hex(data))");
    const QString flag = pg ? QStringLiteral("flag::int") : QStringLiteral("flag");
    const QString created = pg ? QStringLiteral("to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')")
                          : my ? QStringLiteral("CAST(created AS CHAR)")
                               : QStringLiteral("created");
    // MariaDB's JSON is utf8mb4_bin; Ferry's text columns are utf8mb4_nopad_bin, which CONCAT will not mix.
    const QString doc = my ? QStringLiteral("CAST(doc AS CHAR)") : pg ? QStringLiteral("doc::text") : QStringLiteral("doc");
    const QString amount = pg ? QStringLiteral("amount::text") : my ? QStringLiteral("CAST(amount AS CHAR)") : QStringLiteral("amount");
    const QStringList values = destinationQuery(
        QStringLiteral("SELECT %1 FROM events").arg(QStringList{hex, flag, QStringLiteral("note"), created, doc, amount,
                                                                 QStringLiteral("big"), QStringLiteral("small"),
                                                                 QStringLiteral("ratio"), QStringLiteral("day")}
                                                         .join(QStringLiteral(" || '|' || "))
                                                         .replace(QStringLiteral(" || '|' || "),
                                                                  my ? QStringLiteral(", '|', ") : QStringLiteral(" || '|' || "))
                                                         .prepend(my ? QStringLiteral("CONCAT(") : QString())
                                                         .append(my ? QStringLiteral(")") : QString())));
    ASSERT_EQ(values.size(), 1);
    const QStringList parts = values.first().split(QLatin1Char('|'));
    ASSERT_EQ(parts.size(), 10) << values.first().toStdString();
    EXPECT_EQ(parts[0], QStringLiteral("00ff0a095c22"));
    EXPECT_EQ(parts[1], QStringLiteral("1"));
    EXPECT_EQ(parts[2], QStringLiteral("caf\u00e9 \u2713 \U0001F680"));
    EXPECT_EQ(QString(parts[3]).replace(QLatin1Char('T'), QLatin1Char(' ')).remove(QLatin1Char('Z')),
              QStringLiteral("1999-12-31 23:59:59.999999"));
    EXPECT_EQ(QString(parts[4]).remove(QLatin1Char(' ')), QStringLiteral("{\"k\":[1,\"two\"]}"));
    EXPECT_EQ(parts[5].toDouble(), 1234567.89);
    EXPECT_EQ(parts[6], QStringLiteral("9007199254740993"));
    EXPECT_EQ(parts[7], QStringLiteral("-2147483648"));
    EXPECT_DOUBLE_EQ(parts[8].toDouble(), 0.1);
    EXPECT_EQ(parts[9], QStringLiteral("2026-02-28"));
}

// Source columns of other types than the destination's (a smallint for an integer column, varchar, json for
// jsonb, a timestamp without time zone): between two PostgreSQL databases they travel as COPY text, not binary
// (which the destination would refuse or misread), and arrive exactly, in a backfill and in an incremental.
TEST_P(EngineTest, SourceColumnsOfNeighbouringTypesArriveIntact)
{
    sourceExec(QStringLiteral("ALTER TABLE events ALTER COLUMN note TYPE varchar(40), ADD COLUMN small smallint, ADD COLUMN doc "
                              "json, ADD COLUMN local timestamp"));
    sourceExec(QStringLiteral("INSERT INTO events VALUES ('t1', 't_acme', 12.5, 'caf\u00e9\ttab', '2026-03-02T10:00:00.123456Z', "
                              "-32768, '{\"k\": [1, \"two\"]}', '1999-12-31 23:59:59.999999')"));
    Json model = modelJson();
    auto column = [](const char *name, const char *type) {
        return Json{{"name_in_source", name}, {"name_in_destination", name}, {"data_type", type}};
    };
    for (const Json &extra : {column("small", "integer"), column("doc", "json"), column("local", "timestamp")})
        model["columns"].push_back(extra);
    applyWorkspace(model);
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    sourceExec(QStringLiteral("INSERT INTO events VALUES ('t2', 't_acme', NULL, 'second', '2026-03-03T10:00:00Z', 7, NULL, NULL)"));
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));

    const bool pg = GetParam() == DestinationVendor::Postgres, my = GetParam() == DestinationVendor::MySql;
    const QString local = pg ? QStringLiteral("to_char(local AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')")
                        : my ? QStringLiteral("CAST(local AS CHAR)")
                             : QStringLiteral("local");
    const QString doc = my ? QStringLiteral("CAST(doc AS CHAR)") : pg ? QStringLiteral("doc::text") : QStringLiteral("doc");
    const QString sep = my ? QStringLiteral(", '|', ") : QStringLiteral(" || '|' || ");
    const QStringList values = destinationQuery(
        (my ? QStringLiteral("SELECT CONCAT(%1) FROM events ORDER BY id") : QStringLiteral("SELECT %1 FROM events ORDER BY id"))
            .arg(QStringList{QStringLiteral("id"), QStringLiteral("note"), QStringLiteral("small"), doc, local}.join(sep)));
    ASSERT_EQ(values.size(), 2);
    const QStringList first = values[0].split(QLatin1Char('|'));
    ASSERT_EQ(first.size(), 5) << values[0].toStdString();
    EXPECT_EQ(first[1], QStringLiteral("caf\u00e9\ttab"));
    EXPECT_EQ(first[2], QStringLiteral("-32768"));
    EXPECT_EQ(QString(first[3]).remove(QLatin1Char(' ')), QStringLiteral("{\"k\":[1,\"two\"]}"));
    EXPECT_EQ(QString(first[4]).replace(QLatin1Char('T'), QLatin1Char(' ')).remove(QLatin1Char('Z')),
              QStringLiteral("1999-12-31 23:59:59.999999"));
    EXPECT_EQ(destinationQuery(QStringLiteral("SELECT note FROM events WHERE id = 't2'")), QStringList{QStringLiteral("second")});
}

} // namespace ferry::test
