#pragma once

#include "errors/result.h"
#include "state/transfer_summary.h"

#include <QSqlDatabase>
#include <QVariantList>

namespace ferry {

// The SQL behind TransferStore's history reads: a TransferQuery as a WHERE clause, and summaries (the transfers
// row, its tags and its models' counts) for any selection of transfers in one statement.
class TransferSummaryReader
{
public:
    explicit TransferSummaryReader(QSqlDatabase db);

    // A WHERE condition on `transfers t` (never empty: "1 = 1" matches all) and its bind values, in order.
    struct Condition
    {
        QString sql = QStringLiteral("1 = 1");
        QVariantList binds;
    };
    // How a tag filter finds its transfers: from the tag index (few carry it: their ids are sorted) or, for a page
    // of a tag many transfers carry, by walking the history newest first and probing each transfer's tags (the first
    // page is found early; sorting a third of a million ids would not be).
    enum class TagPlan { FromTagIndex, WalkHistory };
    // How a text search (TransferQuery::text) finds its transfers, each from the search documents (migration 5:
    // per transfer its id, tag values and errors' texts, and the transfer's models' errors), each exact (a
    // case-insensitive LIKE on the document, whose fields a text never spans):
    // - FromSearchIndex: candidates from the trigram index (SQLite FTS5; a text of 3 characters or more), rechecked;
    // - FromDocuments: one pass over the documents (PostgreSQL: served by the pg_trgm index when there is one);
    // - FromCandidates: the documents a page's plan already found (their rowids), rechecked;
    // - WalkHistory: the history newest first, each transfer's document probed; a page of a text many transfers
    //   hold is found early.
    struct TextPlan
    {
        enum class Kind { FromSearchIndex, FromDocuments, FromCandidates, WalkHistory };
        Kind kind = Kind::FromDocuments;
        QVariantList candidates; // FromCandidates: keys of transfer_search_docs (SQLite: id; PostgreSQL: transfer_id)
    };
    Condition where(const TransferQuery &query, TagPlan tagPlan, const TextPlan &textPlan) const;
    // With a text: FromDocuments.
    Condition where(const TransferQuery &query, TagPlan tagPlan = TagPlan::FromTagIndex) const;
    // The plan for a page of `query`: one look at the tag index, counting at most a few thousand entries.
    Result<TagPlan> tagPlanForPage(const TransferQuery &query);
    // The plan for `query`'s text. For a page: FromCandidates when at most a few thousand documents may hold it
    // (found in the index, or by a pass over the documents for a short text, that stops beyond), else WalkHistory.
    // For a count: the index whenever it serves the text, else FromDocuments.
    Result<TextPlan> textPlan(const TransferQuery &query, bool forPage);

    // Summaries of the transfers `t` matching `condition`, in `orderBy` order (on the columns of `transfers t`), at
    // most `limit` of them (0: no limit). The transfers are chosen first, then only their tags and models are read.
    Result<QList<TransferSummary>> read(const Condition &condition, const QString &orderBy, int limit,
                                        const QString &what);
    Result<qint64> count(const Condition &condition);
    // TransferStore::destinationActivity() and modelActivity().
    Result<QList<DestinationActivity>> destinationActivity();
    Result<QList<ModelActivity>> modelActivity(const QString &destinationId);

private:
    QSqlDatabase m_db;
    bool m_sqlite = false;
};

} // namespace ferry
