// Text search of the transfer history (TransferQuery::text) on SQLite and PostgreSQL: the same results whichever
// way a search runs, and search documents that follow every write.
#include "transfer_history_fixture.h"

namespace ferry::test {
namespace {

class TransferSearch : public TransferHistory
{
};


// Text search (TransferQuery::text) matches a substring of the id, a tag value, or the error code, title or message
// of the transfer or of one of its models, case-insensitively, '%' and '_' literal: whichever way it runs (the
// search index for a rare text of 3 characters or more, a walk of the history for a common one, a scan of the
// search documents for a short one), it finds what a look at every field finds.
TEST_P(TransferSearch, TextSearchFindsWhatALookAtEveryFieldFinds)
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
TEST_P(TransferSearch, SearchFollowsEveryWrite)
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

INSTANTIATE_TEST_SUITE_P(States, TransferSearch, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres),
                         backendName);

} // namespace
} // namespace ferry::test
