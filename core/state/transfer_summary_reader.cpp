#include "state/transfer_summary_reader.h"

#include "state/state_database.h"
#include "state/state_error.h"
#include "state/text_search.h"

#include <QHash>
#include <QSqlQuery>

namespace ferry {

namespace {

// The columns of `transfers t` a summary shows, in the order summaryAt() reads them.
const char kColumns[] = "t.id, t.status, t.destination_id, t.destination_name, t.recipient_name, t.reason, t.worker_id, "
                        "t.is_full_refresh, t.submitted_at, t.started_at, t.ended_at, t.updated_at, t.rows_transferred, "
                        "t.bytes_transferred, t.error_code, t.error_title";
constexpr int kColumnCount = 16;

QString placeholders(qsizetype count)
{
    QStringList marks(count, QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

TransferSummary summaryAt(const QSqlQuery &query)
{
    TransferSummary s;
    s.id = query.value(0).toString();
    s.status = query.value(1).toString();
    s.destinationId = query.value(2).toString();
    s.destinationName = query.value(3).toString();
    s.recipientName = query.value(4).toString();
    s.reason = query.value(5).toString();
    s.workerId = query.value(6).toString();
    s.fullRefresh = query.value(7).toBool();
    s.submittedAt = StateDatabase::fromDatabaseTime(query.value(8));
    s.startedAt = StateDatabase::fromDatabaseTime(query.value(9));
    s.endedAt = StateDatabase::fromDatabaseTime(query.value(10));
    s.updatedAt = StateDatabase::fromDatabaseTime(query.value(11));
    s.rowsTransferred = query.value(12).toLongLong();
    s.bytesTransferred = query.value(13).toLongLong();
    s.errorCode = query.value(14).toString();
    s.errorTitle = query.value(15).toString();
    // Keys and values are [A-Za-z0-9_-]+ (NameRules::isValidTag), so '=' and ',' cannot occur inside them.
    const QString tags = query.value(kColumnCount).toString();
    for (const QString &tag : tags.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype equals = tag.indexOf(QLatin1Char('='));
        if (equals > 0)
            s.tags.insert(tag.left(equals), tag.mid(equals + 1));
    }
    s.modelCount = query.value(kColumnCount + 1).toInt();
    s.modelsSucceeded = query.value(kColumnCount + 2).toInt();
    s.modelsFailed = query.value(kColumnCount + 3).toInt();
    s.modelsRunning = query.value(kColumnCount + 4).toInt();
    s.windowsDone = query.value(kColumnCount + 5).toInt();
    s.windowsPlanned = query.value(kColumnCount + 6).toInt();
    s.rowsRead = query.value(kColumnCount + 7).toLongLong();
    return s;
}

} // namespace

TransferSummaryReader::TransferSummaryReader(QSqlDatabase db)
    : m_db(std::move(db)), m_sqlite(m_db.driverName() == QLatin1String("QSQLITE"))
{
}

Result<TransferSummaryReader::TagPlan> TransferSummaryReader::tagPlanForPage(const TransferQuery &query)
{
    // Up to this many carriers, their ids are sorted in a few milliseconds; beyond, the walk meets a page of them
    // within a few thousand rows (a tag on 1% of a million transfers: 200 in the newest 20,000).
    constexpr int kIndexed = 5000;
    if (query.tagKey.isEmpty())
        return TagPlan::FromTagIndex;
    QSqlQuery probe(m_db);
    probe.setForwardOnly(true);
    probe.prepare(QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM transfer_tags WHERE tag_key = ?%1 LIMIT %2) c")
                      .arg(query.tagValue.isEmpty() ? QString() : QStringLiteral(" AND tag_value = ?"))
                      .arg(kIndexed + 1));
    probe.addBindValue(query.tagKey);
    if (!query.tagValue.isEmpty())
        probe.addBindValue(query.tagValue);
    if (!probe.exec() || !probe.next())
        return stateQueryError(probe, QStringLiteral("looking up a tag"));
    return probe.value(0).toInt() > kIndexed ? TagPlan::WalkHistory : TagPlan::FromTagIndex;
}

Result<TransferSummaryReader::TextPlan> TransferSummaryReader::textPlan(const TransferQuery &query, bool forPage)
{
    // As for tags: up to this many matches are sorted in a few milliseconds; beyond, the walk meets a page of them
    // early (one in 200 transfers of a million: a page within the newest 40,000).
    constexpr int kIndexed = 5000;
    using Kind = TextPlan::Kind;
    TextPlan plan;
    if (query.text.isEmpty())
        return plan;
    QSqlQuery probe(m_db);
    probe.setForwardOnly(true);
    if (m_sqlite && TextSearch::trigramIndexable(query.text)) {
        if (!probe.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'transfer_search'")))
            return stateQueryError(probe, QStringLiteral("looking for the search index"));
        if (probe.next())
            plan.kind = Kind::FromSearchIndex;
        probe.finish();
    }
    if (!forPage)
        return plan;
    // What the probe finds, the page's query reads alone (one pass over the index or the documents per page).
    if (plan.kind == Kind::FromSearchIndex) {
        probe.prepare(QStringLiteral("SELECT rowid FROM transfer_search WHERE transfer_search MATCH ? LIMIT %1")
                          .arg(kIndexed + 1));
        probe.addBindValue(TextSearch::trigramQuery(query.text));
    } else {
        // PostgreSQL: its trigram index serves the LIKE of a text of 3 characters or more.
        probe.prepare(QStringLiteral("SELECT %1 FROM transfer_search_docs d WHERE %2 LIMIT %3")
                          .arg(m_sqlite ? QStringLiteral("d.id") : QStringLiteral("d.transfer_id"),
                               TextSearch::likeCondition(QStringLiteral("d.doc"), m_sqlite))
                          .arg(kIndexed + 1));
        probe.addBindValue(TextSearch::likePattern(query.text));
    }
    if (!probe.exec())
        return stateQueryError(probe, QStringLiteral("looking up a text"));
    while (probe.next())
        plan.candidates << probe.value(0);
    if (plan.candidates.size() > kIndexed) {
        plan.candidates.clear();
        plan.kind = Kind::WalkHistory;
    } else {
        plan.kind = Kind::FromCandidates;
    }
    return plan;
}

TransferSummaryReader::Condition TransferSummaryReader::where(const TransferQuery &query, TagPlan tagPlan) const
{
    return where(query, tagPlan, TextPlan());
}

TransferSummaryReader::Condition TransferSummaryReader::where(const TransferQuery &query, TagPlan tagPlan,
                                                              const TextPlan &textPlan) const
{
    QStringList terms;
    Condition condition;
    if (!query.statuses.isEmpty()) {
        terms << QStringLiteral("t.status IN (%1)").arg(placeholders(query.statuses.size()));
        for (const QString &status : query.statuses)
            condition.binds << status;
    }
    if (!query.destinationId.isEmpty()) {
        terms << QStringLiteral("t.destination_id = ?");
        condition.binds << query.destinationId;
    }
    if (!query.recipientName.isEmpty()) {
        terms << QStringLiteral("t.recipient_name = ?");
        condition.binds << query.recipientName;
    }
    if (!query.tagKey.isEmpty()) {
        const QString value = query.tagValue.isEmpty() ? QString() : QStringLiteral(" AND g.tag_value = ?");
        if (tagPlan == TagPlan::WalkHistory)
            terms << QStringLiteral("EXISTS (SELECT 1 FROM transfer_tags g WHERE g.transfer_id = t.id AND g.tag_key = ?%1)")
                         .arg(value);
        else
            terms << QStringLiteral("t.id IN (SELECT g.transfer_id FROM transfer_tags g WHERE g.tag_key = ?%1)").arg(value);
        condition.binds << query.tagKey;
        if (!query.tagValue.isEmpty())
            condition.binds << query.tagValue;
    }
    if (query.submittedFrom.isValid()) {
        terms << QStringLiteral("t.submitted_at >= ?");
        condition.binds << StateDatabase::toDatabaseTime(m_db, query.submittedFrom);
    }
    if (query.submittedTo.isValid()) {
        terms << QStringLiteral("t.submitted_at < ?");
        condition.binds << StateDatabase::toDatabaseTime(m_db, query.submittedTo);
    }
    if (!query.text.isEmpty()) {
        // The document's fields are joined by U+001F: a LIKE on the document matches a field's substring.
        const QString like = TextSearch::likeCondition(QStringLiteral("d.doc"), m_sqlite);
        switch (textPlan.kind) {
        case TextPlan::Kind::FromSearchIndex:
            terms << QStringLiteral("t.id IN (SELECT d.transfer_id FROM transfer_search JOIN transfer_search_docs d ON "
                                    "d.id = transfer_search.rowid WHERE transfer_search MATCH ? AND %1)").arg(like);
            condition.binds << TextSearch::trigramQuery(query.text);
            break;
        case TextPlan::Kind::FromDocuments:
            terms << QStringLiteral("t.id IN (SELECT d.transfer_id FROM transfer_search_docs d WHERE %1)").arg(like);
            break;
        case TextPlan::Kind::FromCandidates:
            if (textPlan.candidates.isEmpty()) {
                terms << QStringLiteral("t.id IN (SELECT d.transfer_id FROM transfer_search_docs d WHERE 1 = 0 AND %1)")
                             .arg(like);
            } else if (m_sqlite) {
                QList<qint64> rowids;
                for (const QVariant &rowid : textPlan.candidates)
                    rowids << rowid.toLongLong();
                terms << QStringLiteral("t.id IN (SELECT d.transfer_id FROM transfer_search_docs d WHERE d.id IN %1 AND %2)")
                             .arg(TextSearch::rowidList(rowids), like);
            } else {
                terms << QStringLiteral("t.id IN (SELECT d.transfer_id FROM transfer_search_docs d WHERE d.transfer_id IN "
                                        "(%1) AND %2)").arg(placeholders(textPlan.candidates.size()), like);
                condition.binds << textPlan.candidates;
            }
            break;
        case TextPlan::Kind::WalkHistory:
            // A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into a join, read every match and sort them.
            terms << TextSearch::likeCondition(
                QStringLiteral("(SELECT d.doc FROM transfer_search_docs d WHERE d.transfer_id = t.id)"), m_sqlite);
            break;
        }
        condition.binds << TextSearch::likePattern(query.text);
    }
    if (!terms.isEmpty())
        condition.sql = terms.join(QLatin1String(" AND "));
    return condition;
}

Result<QList<TransferSummary>> TransferSummaryReader::read(const Condition &condition, const QString &orderBy, int limit,
                                                           const QString &what)
{
    // The page is chosen first (its own ORDER BY ... LIMIT walks an index), then tags and models are aggregated
    // for those ids alone: two index probes per transfer, whatever the size of the history.
    const QString tagList = m_sqlite ? QStringLiteral("group_concat(tag_key || '=' || tag_value, ',')")
                                     : QStringLiteral("string_agg(tag_key || '=' || tag_value, ',')");
    const QString sql =
        QStringLiteral(
            "WITH p AS (SELECT %1 FROM transfers t WHERE %2 ORDER BY %3%4) "
            "SELECT p.*, g.tags, m.models, m.succeeded, m.failed, m.running, m.windows_done, m.windows_planned, "
            "m.rows_read FROM p "
            "LEFT JOIN (SELECT transfer_id, %5 AS tags FROM transfer_tags WHERE transfer_id IN (SELECT id FROM p) "
            "GROUP BY transfer_id) g ON g.transfer_id = p.id "
            "LEFT JOIN (SELECT transfer_id, COUNT(*) AS models, "
            "SUM(CASE WHEN status = 'SUCCESS' THEN 1 ELSE 0 END) AS succeeded, "
            "SUM(CASE WHEN status IN ('ERROR','KILLED','ORPHANED','CANCELLED') THEN 1 ELSE 0 END) AS failed, "
            "SUM(CASE WHEN status = 'RUNNING' THEN 1 ELSE 0 END) AS running, "
            "CAST(SUM(windows_done) AS BIGINT) AS windows_done, CAST(SUM(windows_planned) AS BIGINT) AS windows_planned, "
            "CAST(SUM(rows_read) AS BIGINT) AS rows_read FROM transfer_models WHERE transfer_id IN (SELECT id FROM p) "
            "GROUP BY transfer_id) m ON m.transfer_id = p.id "
            "ORDER BY %6")
            .arg(QLatin1String(kColumns), condition.sql, orderBy,
                 limit > 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString(), tagList,
                 QString(orderBy).replace(QLatin1String("t."), QLatin1String("p.")));
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &bind : condition.binds)
        query.addBindValue(bind);
    if (!query.exec())
        return stateQueryError(query, what);
    QList<TransferSummary> summaries;
    while (query.next())
        summaries << summaryAt(query);
    return summaries;
}

Result<qint64> TransferSummaryReader::count(const Condition &condition)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM transfers t WHERE %1").arg(condition.sql));
    for (const QVariant &bind : condition.binds)
        query.addBindValue(bind);
    if (!query.exec() || !query.next())
        return stateQueryError(query, QStringLiteral("counting transfers"));
    return query.value(0).toLongLong();
}

Result<QList<DestinationActivity>> TransferSummaryReader::destinationActivity()
{
    // Each subquery is one probe of an index that starts with destination_id (and status), so this costs the same
    // for a history of a thousand transfers or of millions.
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT d.id, "
            "(SELECT t.id FROM transfers t WHERE t.destination_id = d.id ORDER BY t.submitted_at DESC, t.id DESC LIMIT 1), "
            "(SELECT t.id FROM transfers t WHERE t.destination_id = d.id AND t.status = 'SUCCESS' "
            "ORDER BY t.submitted_at DESC, t.id DESC LIMIT 1), "
            "(SELECT COUNT(*) FROM transfers t WHERE t.destination_id = d.id AND t.status = 'RUNNING'), "
            "(SELECT COUNT(*) FROM transfers t WHERE t.destination_id = d.id AND t.status = 'PENDING') "
            "FROM destinations d ORDER BY d.name")))
        return stateQueryError(query, QStringLiteral("reading the destinations' transfers"));
    QList<DestinationActivity> activities;
    QList<QPair<QString, QString>> ids; // latest, latest success
    QStringList wanted;
    while (query.next()) {
        DestinationActivity activity;
        activity.destinationId = query.value(0).toString();
        activity.running = query.value(3).toInt();
        activity.pending = query.value(4).toInt();
        activities << activity;
        ids << qMakePair(query.value(1).toString(), query.value(2).toString());
        for (const QString &id : {ids.last().first, ids.last().second}) {
            if (!id.isEmpty() && !wanted.contains(id))
                wanted << id;
        }
    }
    query.finish();
    if (wanted.isEmpty())
        return activities;
    Condition condition;
    condition.sql = QStringLiteral("t.id IN (%1)").arg(QStringList(wanted.size(), QStringLiteral("?")).join(QLatin1Char(',')));
    for (const QString &id : std::as_const(wanted))
        condition.binds << id;
    const Result<QList<TransferSummary>> summaries =
        read(condition, QStringLiteral("t.id"), 0, QStringLiteral("reading the destinations' transfers"));
    if (!summaries)
        return summaries.error();
    QHash<QString, TransferSummary> byId;
    for (const TransferSummary &summary : *summaries)
        byId.insert(summary.id, summary);
    for (qsizetype i = 0; i < activities.size(); ++i) {
        if (byId.contains(ids[i].first))
            activities[i].latest = byId.value(ids[i].first);
        if (byId.contains(ids[i].second))
            activities[i].latestSuccess = byId.value(ids[i].second);
    }
    return activities;
}

Result<QList<ModelActivity>> TransferSummaryReader::modelActivity(const QString &destinationId)
{
    // The destination's model rows newest first; the first row of a model is its latest result, its first SUCCESS
    // its latest success. Proportional to the destination's history (a few models per transfer).
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT m.model_name, m.status, m.transfer_id, COALESCE(m.ended_at, t.ended_at), m.rows_written, "
        "COALESCE(m.error_code, t.error_code), COALESCE(m.error_title, t.error_title) "
        "FROM transfers t JOIN transfer_models m ON m.transfer_id = t.id WHERE t.destination_id = ? "
        "ORDER BY t.submitted_at DESC, t.id DESC"));
    query.addBindValue(destinationId);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading the models' last transfers"));
    QMap<QString, ModelActivity> models;
    while (query.next()) {
        const QString name = query.value(0).toString();
        const QString status = query.value(1).toString();
        auto it = models.find(name);
        if (it == models.end()) {
            ModelActivity activity;
            activity.destinationId = destinationId;
            activity.modelName = name;
            activity.lastStatus = status;
            activity.lastTransferId = query.value(2).toString();
            activity.lastEndedAt = StateDatabase::fromDatabaseTime(query.value(3));
            if (status != QLatin1String("SUCCESS") && status != QLatin1String("RUNNING") &&
                status != QLatin1String("PENDING")) {
                activity.lastErrorCode = query.value(5).toString();
                activity.lastErrorTitle = query.value(6).toString();
            }
            it = models.insert(name, activity);
        }
        if (status == QLatin1String("SUCCESS") && it->lastSuccessTransferId.isEmpty()) {
            it->lastSuccessTransferId = query.value(2).toString();
            it->lastSuccessAt = StateDatabase::fromDatabaseTime(query.value(3));
            it->lastSuccessRows = query.value(4).toLongLong();
        }
    }
    return models.values();
}

} // namespace ferry
