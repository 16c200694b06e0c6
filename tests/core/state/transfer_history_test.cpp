// The history reads of TransferStore (page, count, changedSince, summary, activities), on SQLite and PostgreSQL,
// over transfers written the way the engine writes them (enqueue, claim, saveModel, finish, cancel).
#include "state_test_fixture.h"

#include "support/qt_printers.h"

#include "state/log_store.h"
#include "state/transfer_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

namespace ferry::test {
namespace {

QDateTime minute(int n)
{
    return QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).addSecs(60 * n);
}

class TransferHistory : public StateBackendTest
{
protected:
    void SetUp() override
    {
        StateBackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_state = openState();
        ASSERT_TRUE(m_state);
    }

    TransferStore store() { return TransferStore(m_state->connection()); }

    QString enqueue(const QString &destination, const QDateTime &at, const QMap<QString, QString> &tags = {},
                    const QString &recipient = QStringLiteral("Acme"))
    {
        TransferRequest request;
        request.destinationId = destination + QStringLiteral("-id");
        request.destinationName = destination;
        request.recipientName = recipient;
        request.tags = tags;
        const Result<QString> id = store().enqueue(request, at);
        EXPECT_TRUE(id.ok()) << (id ? "" : id.error().toString().toStdString());
        return id ? *id : QString();
    }

    // What the dispatcher does when it claims a transfer.
    void claim(const QString &id, const QString &worker = QStringLiteral("w1"))
    {
        QSqlQuery query(m_state->connection());
        query.prepare(QStringLiteral("UPDATE transfers SET status = 'RUNNING', started_at = ?, worker_id = ? WHERE id = ?"));
        query.addBindValue(StateDatabase::toDatabaseTime(m_state->connection(), QDateTime::currentDateTimeUtc()));
        query.addBindValue(worker);
        query.addBindValue(id);
        ASSERT_TRUE(query.exec());
    }

    void saveModel(const QString &id, const QString &model, const QString &status, int done, int planned, qint64 rows,
                   const std::optional<Error> &error = std::nullopt)
    {
        ModelMetrics metrics;
        metrics.modelName = model;
        metrics.status = status;
        metrics.windowsDone = done;
        metrics.windowsPlanned = planned;
        metrics.rowsRead = rows;
        metrics.rowsWritten = rows;
        metrics.error = error;
        const Result<bool> saved = store().saveModel(id, QStringLiteral("w1"), metrics);
        ASSERT_TRUE(saved.ok());
        ASSERT_TRUE(*saved);
    }

    void finish(const QString &id, const QString &status, const std::optional<Error> &error = std::nullopt,
                qint64 rows = 0)
    {
        const Result<bool> finished = store().finish(id, QStringLiteral("w1"), status, rows, rows * 10, error,
                                                     QDateTime::currentDateTimeUtc());
        ASSERT_TRUE(finished.ok());
        ASSERT_TRUE(*finished);
    }

    QStringList pageIds(const TransferQuery &query, int limit = 100, const std::optional<TransferPageKey> &after = {})
    {
        const Result<QList<TransferSummary>> page = store().page(query, after, limit);
        EXPECT_TRUE(page.ok()) << (page ? "" : page.error().toString().toStdString());
        QStringList ids;
        if (page) {
            for (const TransferSummary &summary : *page)
                ids << summary.id;
        }
        return ids;
    }

    qint64 countOf(const TransferQuery &query)
    {
        const Result<qint64> count = store().count(query);
        EXPECT_TRUE(count.ok()) << (count ? "" : count.error().toString().toStdString());
        return count ? *count : -1;
    }

    std::shared_ptr<StateDatabase> m_state;
};

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

// Text search (TransferQuery::text) matches a substring of the id, a tag value, or the error code, title or message
// of the transfer or of one of its models, case-insensitively, '%' and '_' literal: whichever way it runs (the
// search index for a rare text of 3 characters or more, a walk of the history for a common one, a scan of the
// search documents for a short one), it finds what a look at every field finds.
TEST_P(TransferHistory, TextSearchFindsWhatALookAtEveryFieldFinds)
{
    const bool sqlite = GetParam() == StateBackend::Sqlite;
    const QString at = sqlite ? QStringLiteral("'2026-01-01T00:00:00.000Z'")
                              : QStringLiteral("TIMESTAMPTZ '2026-01-01 00:00:00+00'");
    // 6,000 transfers written by plain SQL (another process, an older Ferry): every one tagged env=prod (more than
    // the index pages), an error on one in 500, a model error on one in 700.
    QSqlQuery query(m_state->connection());
    ASSERT_TRUE(query.exec(QStringLiteral(
        "INSERT INTO transfers (id, destination_id, destination_name, recipient_name, status, submitted_at, updated_at, "
        "error_code, error_title, error_message) "
        "WITH RECURSIVE n(i) AS (SELECT 10000 UNION ALL SELECT i + 1 FROM n WHERE i < 15999) "
        "SELECT 'bulk-' || i, 'd', 'D', 'R', CASE WHEN i % 500 = 0 THEN 'ERROR' ELSE 'SUCCESS' END, %1, %1, "
        "CASE WHEN i % 500 = 0 THEN 'FERRY-SRC-AUTH' END, CASE WHEN i % 500 = 0 THEN 'Source refused the password' END, "
        "CASE WHEN i % 500 = 0 THEN 'password authentication failed for user \"app\"' END FROM n").arg(at)))
        << query.lastError().text().toStdString();
    ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO transfer_tags (transfer_id, tag_key, tag_value) SELECT id, 'env', "
                                          "'prod' FROM transfers")))
        << query.lastError().text().toStdString();
    ASSERT_TRUE(query.exec(QStringLiteral(
        "INSERT INTO transfer_models (transfer_id, model_name, status, error_code, error_title, error_message) "
        "SELECT id, 'orders', 'ERROR', 'FERRY-DST-VALUE', 'Value out of range', 'column amount cannot hold 1e40' "
        "FROM transfers WHERE CAST(substr(id, 6) AS INTEGER) % 700 = 0")))
        << query.lastError().text().toStdString();
    // And a few the engine writes.
    const QString a = enqueue(QStringLiteral("A"), minute(1), {{QStringLiteral("ticket"), QStringLiteral("SUP-12")},
                                                               {QStringLiteral("incident"), QStringLiteral("INC-0042")}});
    const QString b = enqueue(QStringLiteral("B"), minute(2));
    claim(b);
    finish(b, QStringLiteral("ERROR"),
           Error{QStringLiteral("FERRY-SRC-AUTH"), QStringLiteral("Source refused the password"),
                 QStringLiteral("The Server said 100% NO"), {}, Blame::Source});
    const QString c = enqueue(QStringLiteral("C"), minute(3));
    claim(c);
    saveModel(c, QStringLiteral("events"), QStringLiteral("SUCCESS"), 1, 1, 10);
    saveModel(c, QStringLiteral("users"), QStringLiteral("ERROR"), 0, 1, 0,
              Error{QStringLiteral("FERRY-DST-QUOTA"), QStringLiteral("Destination full"),
                    QStringLiteral("disk quota exceeded on volume_7"), {}, Blame::Destination});
    finish(c, QStringLiteral("PARTIAL_FAILURE")); // no error of its own: only its model's

    // What each transfer's searchable fields hold, read back from the tables.
    QMap<QString, QStringList> fields;
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT id, error_code, error_title, error_message FROM transfers")));
    while (query.next())
        fields[query.value(0).toString()] << query.value(0).toString() << query.value(1).toString()
                                          << query.value(2).toString() << query.value(3).toString();
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT transfer_id, tag_value FROM transfer_tags")));
    while (query.next())
        fields[query.value(0).toString()] << query.value(1).toString();
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT transfer_id, error_code, error_title, error_message FROM transfer_models")));
    while (query.next())
        fields[query.value(0).toString()] << query.value(1).toString() << query.value(2).toString()
                                          << query.value(3).toString();
    query.finish();
    const QStringList history = pageIds({}, 100000);
    ASSERT_EQ(history.size(), 6003);
    auto expected = [&](const QString &text) {
        QStringList ids;
        for (const QString &id : history) {
            const QStringList &values = fields[id];
            if (std::any_of(values.cbegin(), values.cend(),
                            [&](const QString &value) { return value.contains(text, Qt::CaseInsensitive); }))
                ids << id;
        }
        return ids;
    };
    const QStringList texts{
        QStringLiteral("prod"),            // every bulk transfer's tag: more than a page of the index
        QStringLiteral("PROD"),
        QStringLiteral("inc-0042"),        // rare, a tag value
        QStringLiteral("SUP-12"),          // a tag value
        QStringLiteral("quota exceeded"),  // only a model's error message
        QStringLiteral("hold 1e40"),       // models' error messages
        QStringLiteral("fErRy-dSt"),       // models' error codes
        QStringLiteral("src-auth"),        // error codes
        QStringLiteral("refused the"),     // error titles
        QStringLiteral("user \"app\""),    // a double quote (a phrase's delimiter in FTS5 queries)
        QStringLiteral("100% no"),         // '%' is a character
        QStringLiteral("100%%"),
        QStringLiteral("e_7"),             // '_' is a character
        QStringLiteral("k-1234"),          // a piece of one id
        a.mid(9, 10).toUpper(),            // a piece of a UUID, in the other case
        QStringLiteral("-12345"),
        QStringLiteral("ul"),              // two characters: in every bulk id
        QStringLiteral("_7"),              // two characters, one of them '_'
        QStringLiteral("zq"),              // two characters found nowhere
        QStringLiteral("%"),
        QStringLiteral("-"),
        QStringLiteral("NEAR(x y) OR *"),  // FTS5 query syntax is text
        QStringLiteral("no such text anywhere"),
    };
    for (const QString &text : texts) {
        TransferQuery search;
        search.text = text;
        const QStringList want = expected(text);
        EXPECT_EQ(pageIds(search, 100000), want) << text.toStdString();
        EXPECT_EQ(countOf(search), want.size()) << text.toStdString();
        // Keyset pages of 7 (a common text: the walk; a rarer one: the index) give the same rows in order.
        if (want.size() > 7 && want.size() < 100) {
            QStringList paged;
            std::optional<TransferPageKey> after;
            for (int round = 0; round < 20; ++round) {
                const Result<QList<TransferSummary>> page = store().page(search, after, 7);
                ASSERT_TRUE(page.ok());
                if (page->isEmpty())
                    break;
                for (const TransferSummary &summary : *page)
                    paged << summary.id;
                after = TransferPageKey{page->last().submittedAt, page->last().id};
            }
            EXPECT_EQ(paged, want) << text.toStdString();
        }
    }
    EXPECT_EQ(expected(QStringLiteral("inc-0042")), QStringList{a});
    EXPECT_EQ(expected(QStringLiteral("quota exceeded")), QStringList{c});
    EXPECT_EQ(expected(QStringLiteral("prod")).size(), 6000);
    EXPECT_EQ(expected(QStringLiteral("hold 1e40")).size(), 8);
    // With the other filters.
    TransferQuery both;
    both.text = QStringLiteral("src-auth");
    both.statuses = QStringList{QStringLiteral("ERROR")};
    both.destinationId = QStringLiteral("B-id");
    EXPECT_EQ(pageIds(both), QStringList{b});
    EXPECT_EQ(countOf(both), 1);
}

// The search documents follow every write of a searchable column, by Ferry's own code paths or by plain SQL.
TEST_P(TransferHistory, SearchFollowsEveryWrite)
{
    auto found = [&](const QString &text) {
        TransferQuery query;
        query.text = text;
        const QStringList ids = pageIds(query);
        EXPECT_EQ(countOf(query), ids.size()) << text.toStdString();
        return ids;
    };
    const QString x = enqueue(QStringLiteral("A"), minute(1), {{QStringLiteral("ticket"), QStringLiteral("ABC-777")}});
    const QString y = enqueue(QStringLiteral("A"), minute(2));
    EXPECT_EQ(found(QStringLiteral("abc-777")), QStringList{x});
    EXPECT_EQ(found(x.mid(4, 8)), QStringList{x});
    claim(x);
    saveModel(x, QStringLiteral("events"), QStringLiteral("ERROR"), 0, 1, 0,
              Error{QStringLiteral("FERRY-SRC-QUERY"), QStringLiteral("Query failed"), QStringLiteral("model boom 42"), {},
                    Blame::Source});
    EXPECT_EQ(found(QStringLiteral("boom 42")), QStringList{x});
    EXPECT_EQ(found(QStringLiteral("query failed")), QStringList{x});
    saveModel(x, QStringLiteral("events"), QStringLiteral("SUCCESS"), 1, 1, 5); // the retry succeeded
    EXPECT_EQ(found(QStringLiteral("boom 42")), QStringList());
    finish(x, QStringLiteral("ERROR"),
           Error{QStringLiteral("FERRY-DST-WRITE"), QStringLiteral("Write failed"), QStringLiteral("transfer went sideways"),
                 {}, Blame::Destination});
    EXPECT_EQ(found(QStringLiteral("went sideways")), QStringList{x});
    EXPECT_EQ(found(QStringLiteral("dst-write")), QStringList{x});
    // Plain SQL: a tag changed, added, removed; an error written by another process.
    QSqlQuery query(m_state->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("UPDATE transfer_tags SET tag_value = 'XYZ-999' WHERE transfer_id = '%1'").arg(x)));
    EXPECT_EQ(found(QStringLiteral("abc-777")), QStringList());
    EXPECT_EQ(found(QStringLiteral("xyz-999")), QStringList{x});
    ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO transfer_tags (transfer_id, tag_key, tag_value) VALUES ('%1', 'k', "
                                          "'XYZ-999') ").arg(y)));
    EXPECT_EQ(found(QStringLiteral("xyz-999")), (QStringList{y, x}));
    ASSERT_TRUE(query.exec(QStringLiteral("DELETE FROM transfer_tags WHERE transfer_id = '%1'").arg(x)));
    EXPECT_EQ(found(QStringLiteral("xyz-999")), QStringList{y});
    ASSERT_TRUE(query.exec(QStringLiteral("UPDATE transfers SET error_message = 'ran out of luck' WHERE id = '%1'").arg(x)));
    EXPECT_EQ(found(QStringLiteral("went sideways")), QStringList());
    EXPECT_EQ(found(QStringLiteral("out of luck")), QStringList{x});
    claim(y, QStringLiteral("dead-worker"));
    ASSERT_TRUE(store().orphanStale(QDateTime::currentDateTimeUtc().addSecs(60), QDateTime::currentDateTimeUtc()).ok());
    EXPECT_EQ(found(QStringLiteral("stopped sending heartbeats")), QStringList{y});
    ASSERT_TRUE(query.exec(QStringLiteral("DELETE FROM transfers WHERE id = '%1'").arg(y)));
    EXPECT_EQ(found(QStringLiteral("stopped sending heartbeats")), QStringList());
    if (GetParam() == StateBackend::Sqlite) {
        // The FTS5 index holds exactly what its documents hold (an external-content index goes wrong silently).
        ASSERT_TRUE(query.exec(QStringLiteral("INSERT INTO transfer_search (transfer_search) VALUES ('integrity-check')")))
            << query.lastError().text().toStdString();
    }
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM transfer_search_docs")));
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.value(0).toInt(), 1);
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
