#pragma once

#include "errors/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <optional>

namespace ferry {

// One structured event of the user-facing transfer log (not Qt's debug log): rows with rising ids, tailed by id.
struct LogEvent
{
    qint64 id = 0;
    QDateTime at;
    QString level = QStringLiteral("info"); // debug, info, warning, error
    QString category = QStringLiteral("engine");
    QString transferId;
    QString modelName;
    QString phase; // connect, plan, read, stage, publish, cleanup
    QString message;
    QString fields = QStringLiteral("{}"); // JSON object of figures (rows, window, seconds...)
};

struct LogFilter
{
    QString transferId;
    QString minimumLevel; // empty: every level
    qint64 afterId = 0;
    int limit = 1000;
};

// The Logs page's filters; empty fields match everything.
struct LogQuery
{
    QString transferId;
    QString modelName;
    QString minimumLevel; // debug, info, warning, error
    QString phase;
    QDateTime from; // inclusive
    QDateTime to;   // exclusive
    QString text;   // a substring of the message

    friend bool operator==(const LogQuery &, const LogQuery &) = default;
};

class LogStore
{
public:
    explicit LogStore(QSqlDatabase db);

    Status append(const LogEvent &event);
    // Oldest first.
    Result<QList<LogEvent>> list(const LogFilter &filter);
    // Newest first, the events with an id below `beforeId` (0: from the newest), keyset paged by id.
    Result<QList<LogEvent>> page(const LogQuery &query, qint64 beforeId, int limit);
    // Events newer than `afterId`, oldest first (the Logs page's follow mode).
    Result<QList<LogEvent>> newerThan(const LogQuery &query, qint64 afterId, int limit);
    static int levelRank(const QString &level);

private:
    // The ids of the events that may hold `query`'s text, from the log's trigram index (migration 5), when few do;
    // nullopt: the text is filtered on a walk.
    Result<std::optional<QList<qint64>>> textCandidates(const LogQuery &query);
    Result<QList<LogEvent>> select(const QString &sql, const QVariantList &binds);
    QSqlDatabase m_db;
};

} // namespace ferry
