// Checkpoints never skip a row: explicit windows, a window size changed between a failure and its retry, a first
// transfer into a table that already exists, a table dropped while its checkpoint remains, a rewind while a
// transfer runs.
#include "engine_fixture.h"

#include "rows/canonical_value.h"
#include "state/checkpoint_store.h"
#include "state/log_store.h"

#include <QSqlQuery>

namespace ferry::test {

namespace {

using CheckpointRulesTest = EngineTest;

QString canonical(const QDateTime &at)
{
    return QString::fromLatin1(CanonicalValue::timestamp(at));
}

TransferRequest explicitWindow(const QDateTime &start, const QDateTime &end)
{
    TransferRequest request;
    request.windowStart = canonical(start);
    request.windowEnd = canonical(end);
    return request;
}

} // namespace

TEST_P(CheckpointRulesTest, AnExplicitWindowAfterTheCheckpointLeavesItWhereItIs)
{
    insert(QStringLiteral("a1"), QStringLiteral("v"), day(1));
    insert(QStringLiteral("a3"), QStringLiteral("v"), day(3));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    ASSERT_EQ(checkpoint(), canonical(day(3)));

    insert(QStringLiteral("a5"), QStringLiteral("v"), day(5));
    insert(QStringLiteral("a10"), QStringLiteral("v"), day(10));
    ASSERT_EQ(transfer(explicitWindow(day(8), day(12))).status, QStringLiteral("SUCCESS"));
    EXPECT_TRUE(destinationNotes().contains(QStringLiteral("a10")));
    EXPECT_FALSE(destinationNotes().contains(QStringLiteral("a5")));
    // a5, dated before the window, is still to be delivered: the checkpoint did not jump over it.
    EXPECT_EQ(checkpoint(), canonical(day(3)));
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationCount(), 4);
    EXPECT_EQ(checkpoint(), canonical(day(10)));

    // A window that starts at or before the checkpoint covers the rows after it: the checkpoint moves.
    insert(QStringLiteral("a12"), QStringLiteral("v"), day(12));
    ASSERT_EQ(transfer(explicitWindow(day(9), day(13))).status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(checkpoint(), canonical(day(12)));
}

TEST_P(CheckpointRulesTest, AFirstTransferThatIsAnExplicitWindowCreatesNoCheckpoint)
{
    insert(QStringLiteral("a1"), QStringLiteral("v"), day(1));
    insert(QStringLiteral("a5"), QStringLiteral("v"), day(5));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer(explicitWindow(day(4), day(6))).status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes().keys(), QStringList{QStringLiteral("a5")});
    EXPECT_EQ(checkpoint(), QString());
    // The next transfer is still the backfill: a1 arrives.
    const TransferRecord next = transfer();
    ASSERT_EQ(next.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(next).mode, QStringLiteral("backfill"));
    EXPECT_EQ(destinationCount(), 2);
}

TEST_P(CheckpointRulesTest, ARunResumesWhereItStoppedAfterTheWindowSizeChanged)
{
    for (int n = 0; n < 10; ++n)
        insert(QStringLiteral("a%1").arg(n), QStringLiteral("v"), day(n).addSecs(3600));
    Json model = modelJson();
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = day(0).toSecsSinceEpoch();
    applyWorkspace(model);
    EngineHooks failFourth;
    failFourth.beforePublish = [](const QString &, int window) -> Status {
        if (window == 3)
            return Error{QStringLiteral("TEST-FAIL"), QStringLiteral("Injected"), QStringLiteral("injected failure"), {}, Blame::Ferry};
        return {};
    };
    ASSERT_EQ(transfer({}, failFourth).status, QStringLiteral("ERROR"));
    EXPECT_EQ(destinationCount(), 3);

    // Two-day windows now: the retry starts at the fourth day all the same, not at 2 days x 3 windows.
    model["max_transfer_time_window_seconds"] = 2 * 86400;
    applyWorkspace(model);
    const TransferRecord retry = transfer();
    ASSERT_EQ(retry.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(retry).cursorFrom, canonical(day(3)));
    EXPECT_EQ(destinationCount(), 10);
}

TEST_P(CheckpointRulesTest, AFirstTransferReplacesATableThatWasAlreadyThere)
{
    destinationQuery(QStringLiteral("CREATE TABLE events (id VARCHAR(64) PRIMARY KEY, note TEXT)"));
    destinationQuery(QStringLiteral("INSERT INTO events (id, note) VALUES ('zz', 'leftover of another tenant')"));
    insert(QStringLiteral("a1"), QStringLiteral("v"), day(1));
    insert(QStringLiteral("a2"), QStringLiteral("v"), day(2));
    Json model = modelJson();
    model["max_transfer_time_window_seconds"] = 86400; // several windows: still one rebuild
    model["min_start_time_epoch"] = day(0).toSecsSinceEpoch();
    applyWorkspace(model);
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes(), (QMap<QString, QString>{{QStringLiteral("a1"), QStringLiteral("v")},
                                                          {QStringLiteral("a2"), QStringLiteral("v")}}));
}

TEST_P(CheckpointRulesTest, ATableDroppedWhileItsCheckpointRemainsIsDeliveredAgainFromTheStart)
{
    insert(QStringLiteral("a1"), QStringLiteral("v"), day(1));
    insert(QStringLiteral("a2"), QStringLiteral("v"), day(2));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    destinationQuery(QStringLiteral("DROP TABLE events"));
    insert(QStringLiteral("a3"), QStringLiteral("v"), day(3));
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationCount(), 3);
    EXPECT_EQ(checkpoint(), canonical(day(3)));
    LogFilter filter;
    filter.transferId = record.id;
    filter.minimumLevel = QStringLiteral("warning");
    const Result<QList<LogEvent>> events = LogStore(m_state->connection()).list(filter);
    ASSERT_TRUE(events.ok());
    bool warned = false;
    for (const LogEvent &event : *events)
        warned = warned || (event.level == QLatin1String("warning") && event.message.contains(QStringLiteral("missing")));
    EXPECT_TRUE(warned);
}

TEST_P(CheckpointRulesTest, ARewindWhileATransferRunsIsNotOverwritten)
{
    if (GetParam() != DestinationVendor::Sqlite)
        GTEST_SKIP() << "checkpoints do not depend on the destination's vendor";
    for (int n = 0; n < 4; ++n)
        insert(QStringLiteral("a%1").arg(n), QStringLiteral("v"), day(n).addSecs(3600));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    insert(QStringLiteral("a10"), QStringLiteral("v"), day(10));
    insert(QStringLiteral("a11"), QStringLiteral("v"), day(11));
    Json model = modelJson();
    model["max_transfer_time_window_seconds"] = 86400;
    applyWorkspace(model);
    QString destinationId;
    QSqlQuery query(m_state->connection());
    query.exec(QStringLiteral("SELECT id FROM destinations WHERE name = 'acme'"));
    ASSERT_TRUE(query.next());
    destinationId = query.value(0).toString();
    query.finish(); // an open statement would hold a read snapshot on this thread's state connection
    const QString rewoundTo = canonical(day(1));
    EngineHooks rewindMidway;
    rewindMidway.beforePublish = [&](const QString &, int window) -> Status {
        if (window == 8) { // day 10's window: someone rewinds while it runs
            const Result<Checkpoint> rewound =
                CheckpointStore(m_state->connection()).rewind(destinationId, QStringLiteral("events"), rewoundTo);
            EXPECT_TRUE(rewound.ok()) << (rewound.ok() ? "" : rewound.error().toString().toStdString());
        }
        return {};
    };
    const TransferRecord record = transfer({}, rewindMidway);
    EXPECT_EQ(record.status, QStringLiteral("ERROR"));
    ASSERT_TRUE(modelOf(record).error.has_value());
    EXPECT_EQ(modelOf(record).error->code, QStringLiteral("FERRY-CHECKPOINT-MOVED"));
    EXPECT_EQ(checkpoint(), rewoundTo);
}

INSTANTIATE_TEST_SUITE_P(Destinations, CheckpointRulesTest,
                         ::testing::Values(DestinationVendor::Postgres, DestinationVendor::MySql, DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test
