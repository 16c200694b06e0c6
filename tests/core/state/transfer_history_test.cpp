// The history reads of TransferStore (page, count, changedSince, summary, activities), on SQLite and PostgreSQL,
// over transfers written the way the engine writes them (enqueue, claim, saveModel, finish, cancel).
#include "transfer_history_fixture.h"

namespace ferry::test {
namespace {

TEST_P(TransferHistory, KeysetPagesAreNewestFirstAndCoverEveryTransferOnce)
{
    // Two transfers share each submitted_at: the id breaks the tie, in both the order and the key.
    QList<QPair<QDateTime, QString>> rows;
    for (int i = 0; i < 9; ++i)
        rows << qMakePair(minute(i / 2), enqueue(QStringLiteral("D"), minute(i / 2)));
    std::sort(rows.begin(), rows.end(), [](const auto &x, const auto &y) { return x > y; });
    QStringList expected;
    for (const auto &row : std::as_const(rows))
        expected << row.second;
    EXPECT_EQ(pageIds({}, 100), expected);

    QStringList paged;
    std::optional<TransferPageKey> after;
    for (int round = 0; round < 10; ++round) {
        const Result<QList<TransferSummary>> page = store().page({}, after, 4);
        ASSERT_TRUE(page.ok());
        if (page->isEmpty())
            break;
        EXPECT_LE(page->size(), 4);
        for (const TransferSummary &summary : *page)
            paged << summary.id;
        after = TransferPageKey{page->last().submittedAt, page->last().id};
    }
    EXPECT_EQ(paged, expected);
    EXPECT_EQ(countOf({}), 9);
}

TEST_P(TransferHistory, SummaryCarriesTheRowItsTagsAndItsModelsCounts)
{
    const QString id = enqueue(QStringLiteral("Acme PG"), minute(1), {{QStringLiteral("env"), QStringLiteral("prod")},
                                                                      {QStringLiteral("ticket"), QStringLiteral("SUP-12")}});
    Result<TransferSummary> pending = store().summary(id);
    ASSERT_TRUE(pending.ok());
    EXPECT_EQ(pending->status, QStringLiteral("PENDING"));
    EXPECT_EQ(pending->destinationName, QStringLiteral("Acme PG"));
    EXPECT_EQ(pending->destinationId, QStringLiteral("Acme PG-id"));
    EXPECT_EQ(pending->recipientName, QStringLiteral("Acme"));
    EXPECT_EQ(pending->submittedAt, minute(1));
    EXPECT_EQ(pending->tags.value(QStringLiteral("env")), QStringLiteral("prod"));
    EXPECT_EQ(pending->tags.value(QStringLiteral("ticket")), QStringLiteral("SUP-12"));
    EXPECT_EQ(pending->modelCount, 0);
    EXPECT_FALSE(pending->durationMs().has_value());
    EXPECT_TRUE(pending->updatedAt.isValid());

    claim(id);
    saveModel(id, QStringLiteral("events"), QStringLiteral("SUCCESS"), 3, 3, 300);
    saveModel(id, QStringLiteral("users"), QStringLiteral("RUNNING"), 1, 4, 50);
    const Error failure{QStringLiteral("FERRY-DST-VALUE"), QStringLiteral("Value out of range"), QStringLiteral("x"), {},
                        Blame::Destination};
    saveModel(id, QStringLiteral("orders"), QStringLiteral("ERROR"), 0, 2, 7, failure);
    Result<TransferSummary> running = store().summary(id);
    ASSERT_TRUE(running.ok());
    EXPECT_EQ(running->status, QStringLiteral("RUNNING"));
    EXPECT_EQ(running->workerId, QStringLiteral("w1"));
    EXPECT_EQ(running->modelCount, 3);
    EXPECT_EQ(running->modelsSucceeded, 1);
    EXPECT_EQ(running->modelsFailed, 1);
    EXPECT_EQ(running->modelsRunning, 1);
    EXPECT_EQ(running->windowsDone, 4);
    EXPECT_EQ(running->windowsPlanned, 9);
    EXPECT_EQ(running->rowsRead, 357);
    EXPECT_TRUE(running->durationMs().has_value());

    finish(id, QStringLiteral("PARTIAL_FAILURE"), failure, 350);
    Result<TransferSummary> ended = store().summary(id);
    ASSERT_TRUE(ended.ok());
    EXPECT_EQ(ended->status, QStringLiteral("PARTIAL_FAILURE"));
    EXPECT_EQ(ended->rowsTransferred, 350);
    EXPECT_EQ(ended->bytesTransferred, 3500);
    EXPECT_EQ(ended->errorCode, QStringLiteral("FERRY-DST-VALUE"));
    EXPECT_EQ(ended->errorTitle, QStringLiteral("Value out of range"));
    ASSERT_TRUE(ended->durationMs().has_value());
    EXPECT_EQ(*ended->durationMs(), ended->startedAt.msecsTo(ended->endedAt));

    const Result<TransferSummary> unknown = store().summary(QStringLiteral("no-such-id"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, QStringLiteral("FERRY-TRANSFER-UNKNOWN"));
}

TEST_P(TransferHistory, FiltersSelectAndCountTheSameTransfers)
{
    const QString a = enqueue(QStringLiteral("A"), minute(1), {{QStringLiteral("env"), QStringLiteral("prod")}});
    const QString b = enqueue(QStringLiteral("B"), minute(2), {{QStringLiteral("env"), QStringLiteral("staging")}},
                              QStringLiteral("Globex"));
    const QString c = enqueue(QStringLiteral("A"), minute(3), {{QStringLiteral("rare_tag"), QStringLiteral("x1")}});
    const QString d = enqueue(QStringLiteral("B"), minute(4), {}, QStringLiteral("Globex"));
    claim(c);
    finish(c, QStringLiteral("ERROR"),
           Error{QStringLiteral("FERRY-SRC-AUTH"), QStringLiteral("Source refused the password"),
                 QStringLiteral("The Server said 100% NO"), {}, Blame::Source});
    claim(d);
    finish(d, QStringLiteral("SUCCESS"));

    auto check = [&](const TransferQuery &query, const QStringList &expected) {
        EXPECT_EQ(pageIds(query), expected);
        EXPECT_EQ(countOf(query), expected.size());
    };
    TransferQuery query;
    EXPECT_TRUE(query.isEmpty());
    check(query, {d, c, b, a});
    query.statuses = QStringList{QStringLiteral("ERROR"), QStringLiteral("PENDING")};
    EXPECT_FALSE(query.isEmpty());
    check(query, {c, b, a});
    query = {};
    query.destinationId = QStringLiteral("A-id");
    check(query, {c, a});
    query = {};
    query.recipientName = QStringLiteral("Globex");
    check(query, {d, b});
    query = {};
    query.tagKey = QStringLiteral("env");
    check(query, {b, a});
    query.tagValue = QStringLiteral("prod");
    check(query, {a});
    query = {};
    query.tagKey = QStringLiteral("rare_tag");
    check(query, {c});
    query = {};
    query.submittedFrom = minute(2);
    query.submittedTo = minute(4);
    check(query, {c, b});
    query = {};
    query.text = a.mid(3, 6).toUpper(); // a piece of the id, in the other case
    check(query, {a});
    query.text = QStringLiteral("STAGING"); // a tag value
    check(query, {b});
    query.text = QStringLiteral("src-auth"); // the error code
    check(query, {c});
    query.text = QStringLiteral("refused the"); // the error title
    check(query, {c});
    query.text = QStringLiteral("server said 100%"); // the message; '%' is a character, not a wildcard
    check(query, {c});
    query.text = QStringLiteral("100%%");
    check(query, {});
    query.text = QStringLiteral("_");
    check(query, {});
    query = {};
    query.statuses = QStringList{QStringLiteral("PENDING")};
    query.destinationId = QStringLiteral("B-id");
    query.tagKey = QStringLiteral("env");
    check(query, {b});
    // Filters and keyset together: the page after b.
    query = {};
    query.recipientName = QStringLiteral("Acme");
    EXPECT_EQ(pageIds(query, 1, TransferPageKey{minute(3), c}), QStringList{a});
}

// A tag thousands of transfers carry is paged by walking the history (TransferSummaryReader::TagPlan): same rows.
TEST_P(TransferHistory, ACommonTagPagesLikeARareOne)
{
    QSqlQuery query(m_state->connection());
    ASSERT_TRUE(query.exec(QStringLiteral(
        "INSERT INTO transfers (id, destination_id, destination_name, recipient_name, status, submitted_at, updated_at) "
        "WITH RECURSIVE n(i) AS (SELECT 10000 UNION ALL SELECT i + 1 FROM n WHERE i < 16999) "
        "SELECT 'bulk-' || i, 'd', 'D', 'R', 'SUCCESS', %1, %1 FROM n").arg(m_url.startsWith(QLatin1String("sqlite"))
                                                                           ? QStringLiteral("'2026-01-01T00:00:00.000Z'")
                                                                           : QStringLiteral("TIMESTAMPTZ '2026-01-01 00:00:00+00'"))))
        << query.lastError().text().toStdString();
    ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO transfer_tags (transfer_id, tag_key, tag_value) SELECT id, 'env', "
                                          "CASE WHEN id < 'bulk-16000' THEN 'prod' ELSE 'dev' END FROM transfers")));
    TransferQuery common;
    common.tagKey = QStringLiteral("env");
    common.tagValue = QStringLiteral("prod");
    const QStringList page = pageIds(common, 3);
    EXPECT_EQ(page, (QStringList{QStringLiteral("bulk-15999"), QStringLiteral("bulk-15998"), QStringLiteral("bulk-15997")}));
    EXPECT_EQ(pageIds(common, 2, TransferPageKey{QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC), QStringLiteral("bulk-10001")}),
              QStringList{QStringLiteral("bulk-10000")});
    EXPECT_EQ(countOf(common), 6000);
    common.tagValue.clear();
    EXPECT_EQ(pageIds(common, 1), QStringList{QStringLiteral("bulk-16999")});
    EXPECT_EQ(countOf(common), 7000);
}

TEST_P(TransferHistory, ChangedSinceSeesEveryKindOfWrite)
{
    const QString a = enqueue(QStringLiteral("A"), minute(1));
    const QString b = enqueue(QStringLiteral("A"), minute(2));
    const QString c = enqueue(QStringLiteral("A"), minute(3));
    auto changedAfterNow = [&](const std::function<void()> &write) {
        QThread::msleep(30);
        const QDateTime since = QDateTime::currentDateTimeUtc();
        QThread::msleep(30);
        write();
        const Result<QList<TransferSummary>> changed = store().changedSince(since);
        EXPECT_TRUE(changed.ok());
        QStringList ids;
        for (const TransferSummary &summary : *changed) {
            ids << summary.id;
            EXPECT_GE(summary.updatedAt, since);
        }
        return ids;
    };
    EXPECT_EQ(changedAfterNow([] {}), QStringList());
    EXPECT_EQ(changedAfterNow([&] { ASSERT_TRUE(store().cancel(a).ok()); }), QStringList{a});
    QString d;
    const QStringList afterEnqueue = changedAfterNow([&] { d = enqueue(QStringLiteral("A"), minute(0)); });
    EXPECT_EQ(afterEnqueue, QStringList{d});
    claim(b);
    EXPECT_EQ(changedAfterNow([&] { ASSERT_TRUE(*store().heartbeat(b, QStringLiteral("w1"), QDateTime::currentDateTimeUtc())); }),
              QStringList{b});
    EXPECT_EQ(changedAfterNow([&] { saveModel(b, QStringLiteral("events"), QStringLiteral("RUNNING"), 0, 1, 10); }),
              QStringList{b});
    EXPECT_EQ(changedAfterNow([&] { ASSERT_TRUE(store().cancel(b).ok()); }), QStringList{b}); // a kill request
    EXPECT_EQ(changedAfterNow([&] { finish(b, QStringLiteral("KILLED")); }), QStringList{b});
    claim(c, QStringLiteral("dead-worker"));
    EXPECT_EQ(changedAfterNow([&] {
                  ASSERT_TRUE(store().orphanStale(QDateTime::currentDateTimeUtc().addSecs(60), QDateTime::currentDateTimeUtc()).ok());
              }),
              QStringList{c});
    // Newest change first, at most `limit`.
    const Result<QList<TransferSummary>> all = store().changedSince(minute(0), 2);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2);
    EXPECT_EQ(all->at(0).id, c);
    EXPECT_EQ(all->at(1).id, b);
}

TEST_P(TransferHistory, QueueChangesAreLogged)
{
    const QString a = enqueue(QStringLiteral("A"), minute(1), {{QStringLiteral("ticket"), QStringLiteral("SUP-1")}});
    const QString b = enqueue(QStringLiteral("A"), minute(2));
    const QString c = enqueue(QStringLiteral("A"), minute(3));
    ASSERT_TRUE(store().cancel(a).ok());
    claim(b);
    ASSERT_TRUE(store().cancel(b).ok());
    ASSERT_TRUE(store().cancel(b).ok()); // asked twice, logged once
    claim(c, QStringLiteral("dead-worker"));
    // w1 is this process's own worker (b runs there): only c is orphaned.
    const Result<QStringList> orphanedIds = store().orphanStale(QDateTime::currentDateTimeUtc().addSecs(60),
                                                                QDateTime::currentDateTimeUtc(), QStringLiteral("w1"));
    ASSERT_TRUE(orphanedIds.ok());
    EXPECT_EQ(*orphanedIds, QStringList{c});
    auto messages = [&](const QString &id) {
        LogQuery query;
        query.transferId = id;
        const Result<QList<LogEvent>> events = LogStore(m_state->connection()).newerThan(query, 0, 100);
        EXPECT_TRUE(events.ok());
        QStringList lines;
        for (const LogEvent &event : *events) {
            EXPECT_EQ(event.category, QStringLiteral("queue"));
            lines << event.level + QLatin1Char(' ') + event.message;
        }
        return lines;
    };
    EXPECT_EQ(messages(a), (QStringList{QStringLiteral("info queued for A (user, tags ticket=SUP-1)"),
                                       QStringLiteral("info cancelled before it ran")}));
    EXPECT_EQ(messages(b), (QStringList{QStringLiteral("info queued for A (user)"),
                                       QStringLiteral("warning kill requested: the transfer stops at its next batch")}));
    const QStringList orphaned = messages(c);
    ASSERT_EQ(orphaned.size(), 2);
    EXPECT_TRUE(orphaned[1].startsWith(QStringLiteral("warning marked ORPHANED: worker dead-worker"))) << orphaned[1].toStdString();
}

TEST_P(TransferHistory, DestinationAndModelActivity)
{
    QSqlQuery query(m_state->connection());
    for (const char *name : {"A", "B"}) {
        query.prepare(QStringLiteral("INSERT INTO destinations (id, name, definition, created_at, updated_at) VALUES "
                                     "(?, ?, '{}', ?, ?)"));
        query.addBindValue(QString(QLatin1String(name) + QStringLiteral("-id")));
        query.addBindValue(QString(QLatin1String(name)));
        query.addBindValue(StateDatabase::toDatabaseTime(m_state->connection(), minute(0)));
        query.addBindValue(StateDatabase::toDatabaseTime(m_state->connection(), minute(0)));
        ASSERT_TRUE(query.exec());
    }
    const QString ok = enqueue(QStringLiteral("A"), minute(1));
    claim(ok);
    saveModel(ok, QStringLiteral("events"), QStringLiteral("SUCCESS"), 1, 1, 40);
    saveModel(ok, QStringLiteral("users"), QStringLiteral("SUCCESS"), 1, 1, 5);
    finish(ok, QStringLiteral("SUCCESS"), std::nullopt, 45);
    const QString failed = enqueue(QStringLiteral("A"), minute(2));
    claim(failed);
    saveModel(failed, QStringLiteral("events"), QStringLiteral("SUCCESS"), 1, 1, 3);
    saveModel(failed, QStringLiteral("users"), QStringLiteral("ERROR"), 0, 1, 0,
              Error{QStringLiteral("FERRY-SRC-QUERY"), QStringLiteral("Query failed"), QStringLiteral("m"), {}, Blame::Source});
    finish(failed, QStringLiteral("PARTIAL_FAILURE"));
    const QString pending = enqueue(QStringLiteral("A"), minute(3));

    const Result<QList<DestinationActivity>> destinations = store().destinationActivity();
    ASSERT_TRUE(destinations.ok()) << destinations.error().toString().toStdString();
    ASSERT_EQ(destinations->size(), 2);
    const DestinationActivity &a = destinations->at(0);
    EXPECT_EQ(a.destinationId, QStringLiteral("A-id"));
    ASSERT_TRUE(a.latest.has_value());
    EXPECT_EQ(a.latest->id, pending);
    ASSERT_TRUE(a.latestSuccess.has_value());
    EXPECT_EQ(a.latestSuccess->id, ok);
    EXPECT_EQ(a.latestSuccess->rowsTransferred, 45);
    EXPECT_EQ(a.pending, 1);
    EXPECT_EQ(a.running, 0);
    const DestinationActivity &b = destinations->at(1);
    EXPECT_EQ(b.destinationId, QStringLiteral("B-id"));
    EXPECT_FALSE(b.latest.has_value());
    EXPECT_FALSE(b.latestSuccess.has_value());

    const Result<QList<ModelActivity>> models = store().modelActivity(QStringLiteral("A-id"));
    ASSERT_TRUE(models.ok()) << models.error().toString().toStdString();
    ASSERT_EQ(models->size(), 2);
    const ModelActivity &events = models->at(0);
    EXPECT_EQ(events.modelName, QStringLiteral("events"));
    EXPECT_EQ(events.lastStatus, QStringLiteral("SUCCESS"));
    EXPECT_EQ(events.lastTransferId, failed);
    EXPECT_EQ(events.lastSuccessTransferId, failed);
    EXPECT_EQ(events.lastSuccessRows, 3);
    EXPECT_TRUE(events.lastErrorCode.isEmpty());
    const ModelActivity &users = models->at(1);
    EXPECT_EQ(users.modelName, QStringLiteral("users"));
    EXPECT_EQ(users.lastStatus, QStringLiteral("ERROR"));
    EXPECT_EQ(users.lastTransferId, failed);
    EXPECT_EQ(users.lastErrorCode, QStringLiteral("FERRY-SRC-QUERY"));
    EXPECT_EQ(users.lastErrorTitle, QStringLiteral("Query failed"));
    EXPECT_EQ(users.lastSuccessTransferId, ok);
    EXPECT_EQ(users.lastSuccessRows, 5);
    EXPECT_TRUE(store().modelActivity(QStringLiteral("B-id"))->isEmpty());
}

INSTANTIATE_TEST_SUITE_P(States, TransferHistory, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres),
                         backendName);

} // namespace
} // namespace ferry::test
