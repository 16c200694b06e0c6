#include "state/log_store.h"

#include "state/state_database.h"
#include "state/state_error.h"

#include <QSqlQuery>

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

// The LogQuery as WHERE terms on log_events; `binds` receives their values in order.
QString logConditions(const QSqlDatabase &db, const LogQuery &query, QVariantList &binds)
{
    QString sql;
    if (!query.transferId.isEmpty()) {
        sql += QStringLiteral(" AND transfer_id = ?");
        binds << query.transferId;
    }
    if (!query.modelName.isEmpty()) {
        sql += QStringLiteral(" AND model_name = ?");
        binds << query.modelName;
    }
    if (!query.minimumLevel.isEmpty() && LogStore::levelRank(query.minimumLevel) > 0) {
        QStringList levels;
        for (const QString &level : {QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")}) {
            if (LogStore::levelRank(level) >= LogStore::levelRank(query.minimumLevel))
                levels << QStringLiteral("'%1'").arg(level);
        }
        sql += QStringLiteral(" AND level IN (%1)").arg(levels.join(QLatin1Char(',')));
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
        QString pattern = query.text.toLower();
        pattern.replace(QLatin1Char('!'), QLatin1String("!!"));
        pattern.replace(QLatin1Char('%'), QLatin1String("!%"));
        pattern.replace(QLatin1Char('_'), QLatin1String("!_"));
        sql += QStringLiteral(" AND lower(message) LIKE ? ESCAPE '!'");
        binds << QString(QLatin1Char('%') + pattern + QLatin1Char('%'));
    }
    return sql;
}

} // namespace

Result<QList<LogEvent>> LogStore::page(const LogQuery &query, qint64 beforeId, int limit)
{
    QVariantList binds;
    QString sql = QStringLiteral("SELECT id, at, level, category, transfer_id, model_name, phase, message, fields FROM "
                                 "log_events WHERE 1 = 1");
    if (beforeId > 0) {
        sql += QStringLiteral(" AND id < ?");
        binds << beforeId;
    }
    sql += logConditions(m_db, query, binds) + QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(qMax(1, limit));
    return select(sql, binds);
}

Result<QList<LogEvent>> LogStore::newerThan(const LogQuery &query, qint64 afterId, int limit)
{
    QVariantList binds{afterId};
    const QString sql = QStringLiteral("SELECT id, at, level, category, transfer_id, model_name, phase, message, fields "
                                       "FROM log_events WHERE id > ?") +
                        logConditions(m_db, query, binds) + QStringLiteral(" ORDER BY id LIMIT %1").arg(qMax(1, limit));
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
