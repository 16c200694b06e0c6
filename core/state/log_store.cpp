#include "state/log_store.h"

#include "state/state_database.h"
#include "state/state_error.h"
#include "state/text_search.h"

#include <QSqlQuery>

#include <optional>

namespace ferry {

LogStore::LogStore(QSqlDatabase db) : m_db(std::move(db)) {}

int LogStore::levelRank(const QString &level)
{
    static const QStringList levels = {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                       QStringLiteral("error")};
    return int(levels.indexOf(level));
}

Status LogStore::append(const LogEvent &event)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO log_events (at, level, category, transfer_id, model_name, phase, message, "
                                 "fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    const QVariant null(QMetaType(QMetaType::QString));
    query.addBindValue(StateDatabase::toDatabaseTime(m_db, event.at.isValid() ? event.at : QDateTime::currentDateTimeUtc()));
    query.addBindValue(event.level);
    query.addBindValue(event.category);
    query.addBindValue(event.transferId.isEmpty() ? null : QVariant(event.transferId));
    query.addBindValue(event.modelName.isEmpty() ? null : QVariant(event.modelName));
    query.addBindValue(event.phase.isEmpty() ? null : QVariant(event.phase));
    query.addBindValue(event.message);
    query.addBindValue(event.fields);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("writing a log event"));
    return {};
}

Result<QList<LogEvent>> LogStore::list(const LogFilter &filter)
{
    QString sql = QStringLiteral("SELECT id, at, level, category, transfer_id, model_name, phase, message, fields FROM "
                                 "log_events WHERE id > ?");
    QVariantList binds{filter.afterId};
    if (!filter.transferId.isEmpty()) {
        sql += QStringLiteral(" AND transfer_id = ?");
        binds << filter.transferId;
    }
    if (!filter.minimumLevel.isEmpty()) {
        QStringList levels;
        for (const QString &level : {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                     QStringLiteral("error")}) {
            if (levelRank(level) >= levelRank(filter.minimumLevel))
                levels << QStringLiteral("'%1'").arg(level);
        }
        sql += QStringLiteral(" AND level IN (%1)").arg(levels.join(QLatin1Char(',')));
    }
    sql += QStringLiteral(" ORDER BY id LIMIT %1").arg(qMax(1, filter.limit));
    return select(sql, binds);
}

namespace {

const char kLogColumns[] = "id, at, level, category, transfer_id, model_name, phase, message, fields";

// The levels at or above `minimum`; empty: every level (no filter).
QStringList levelsFrom(const QString &minimum)
{
    QStringList levels;
    if (minimum.isEmpty() || LogStore::levelRank(minimum) <= 0)
        return levels;
    for (const QString &level : {QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")}) {
        if (LogStore::levelRank(level) >= LogStore::levelRank(minimum))
            levels << level;
    }
    return levels;
}

// The LogQuery but its level as WHERE terms on log_events; `binds` receives their values in order. `demote` (SQLite,
// with a transfer): the model term takes no index, so the planner walks the transfer's few events (without
// statistics it would prefer the two-column (model_name, level, id) and walk a model's millions).
QString logConditions(const QSqlDatabase &db, const LogQuery &query, QVariantList &binds, bool demote,
                      const std::optional<QList<qint64>> &candidates)
{
    QString sql;
    if (!query.transferId.isEmpty()) {
        sql += QStringLiteral(" AND transfer_id = ?");
        binds << query.transferId;
    }
    if (!query.modelName.isEmpty()) {
        sql += demote ? QStringLiteral(" AND +model_name = ?") : QStringLiteral(" AND model_name = ?");
        binds << query.modelName;
    }
    if (!query.phase.isEmpty()) {
        sql += QStringLiteral(" AND phase = ?");
        binds << query.phase;
    }
    if (query.from.isValid()) {
        sql += QStringLiteral(" AND at >= ?");
        binds << StateDatabase::toDatabaseTime(db, query.from);
    }
    if (query.to.isValid()) {
        sql += QStringLiteral(" AND at < ?");
        binds << StateDatabase::toDatabaseTime(db, query.to);
    }
    if (!query.text.isEmpty()) {
        if (candidates)
            sql += QStringLiteral(" AND id IN %1").arg(TextSearch::rowidList(*candidates));
        sql += QStringLiteral(" AND ") +
               TextSearch::likeCondition(QStringLiteral("message"), db.driverName() == QLatin1String("QSQLITE"));
        binds << TextSearch::likePattern(query.text);
    }
    return sql;
}

// The events of `query` beyond `idTerm` (its one bind: `idBind`), in id order `direction`, at most `limit`. A minimum
// level becomes one SELECT per level, each walking its own index range ((level, id), or (model_name, level, id)
// with a model) in id order, merged: a level the model never logs (errors carry no model) costs nothing instead of
// a walk through the model's whole index, and a rare level is read from its range. A transfer's events are few:
// with one, a single SELECT walks them.
QString logSelect(const QSqlDatabase &db, const LogQuery &query, const std::optional<QList<qint64>> &candidates,
                  const QString &idTerm, const QVariant &idBind, const char *direction, int limit, QVariantList &binds)
{
    const bool sqlite = db.driverName() == QLatin1String("QSQLITE");
    const QStringList levels = levelsFrom(query.minimumLevel);
    const QString tail = QStringLiteral(" ORDER BY id %1 LIMIT %2").arg(QLatin1String(direction)).arg(qMax(1, limit));
    auto one = [&](const QString &levelTerm) -> QString {
        QString sql = QStringLiteral("SELECT %1 FROM log_events WHERE 1 = 1").arg(QLatin1String(kLogColumns));
        if (!idTerm.isEmpty()) {
            sql += idTerm;
            binds << idBind;
        }
        return sql + levelTerm + logConditions(db, query, binds, sqlite && !query.transferId.isEmpty(), candidates) +
               tail;
    };
    if (levels.isEmpty())
        return one({});
    QStringList quoted;
    for (const QString &level : levels)
        quoted << QStringLiteral("'%1'").arg(level);
    if (levels.size() == 1 || !query.transferId.isEmpty()) {
        const QString column = sqlite && !query.transferId.isEmpty() ? QStringLiteral("+level") : QStringLiteral("level");
        return one(QStringLiteral(" AND %1 IN (%2)").arg(column, quoted.join(QLatin1Char(','))));
    }
    QStringList branches;
    for (qsizetype i = 0; i < levels.size(); ++i)
        branches << QStringLiteral("SELECT * FROM (%1) l%2").arg(one(QStringLiteral(" AND level = %1").arg(quoted[i]))).arg(i);
    return branches.join(QLatin1String(" UNION ALL ")) + tail;
}

} // namespace

Result<std::optional<QList<qint64>>> LogStore::textCandidates(const LogQuery &query)
{
    // A text few events hold (up to this many) is read from the trigram index (SQLite; PostgreSQL's planner picks
    // its pg_trgm index for lower(message) LIKE by itself); a common one is met early by the walk newest first,
    // which the LIKE filters. A transfer's own events are few: walked.
    constexpr int kIndexed = 5000;
    if (m_db.driverName() != QLatin1String("QSQLITE") || query.text.isEmpty() || !query.transferId.isEmpty() ||
        !TextSearch::trigramIndexable(query.text))
        return std::optional<QList<qint64>>();
    QSqlQuery probe(m_db);
    probe.setForwardOnly(true);
    if (!probe.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_events_search'")))
        return stateQueryError(probe, QStringLiteral("looking for the log's search index"));
    if (!probe.next())
        return std::optional<QList<qint64>>();
    probe.finish();
    probe.prepare(QStringLiteral("SELECT rowid FROM log_events_search WHERE log_events_search MATCH ? LIMIT %1")
                      .arg(kIndexed + 1));
    probe.addBindValue(TextSearch::trigramQuery(query.text));
    if (!probe.exec())
        return stateQueryError(probe, QStringLiteral("looking up a text in the log"));
    QList<qint64> candidates;
    while (probe.next())
        candidates << probe.value(0).toLongLong();
    if (candidates.size() > kIndexed)
        return std::optional<QList<qint64>>();
    return std::optional<QList<qint64>>(std::move(candidates));
}

Result<QList<LogEvent>> LogStore::page(const LogQuery &query, qint64 beforeId, int limit)
{
    const Result<std::optional<QList<qint64>>> candidates = textCandidates(query);
    if (!candidates)
        return candidates.error();
    QVariantList binds;
    const QString sql = logSelect(m_db, query, *candidates, beforeId > 0 ? QStringLiteral(" AND id < ?") : QString(),
                                  beforeId, "DESC", limit, binds);
    return select(sql, binds);
}

Result<QList<LogEvent>> LogStore::newerThan(const LogQuery &query, qint64 afterId, int limit)
{
    const Result<std::optional<QList<qint64>>> candidates = textCandidates(query);
    if (!candidates)
        return candidates.error();
    QVariantList binds;
    const QString sql = logSelect(m_db, query, *candidates, QStringLiteral(" AND id > ?"), afterId, "ASC", limit, binds);
    return select(sql, binds);
}

Result<QList<LogEvent>> LogStore::select(const QString &sql, const QVariantList &binds)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading the log"));
    QList<LogEvent> events;
    while (query.next()) {
        events.append({query.value(0).toLongLong(), StateDatabase::fromDatabaseTime(query.value(1)),
                       query.value(2).toString(), query.value(3).toString(), query.value(4).toString(),
                       query.value(5).toString(), query.value(6).toString(), query.value(7).toString(),
                       query.value(8).toString()});
    }
    return events;
}

} // namespace ferry
