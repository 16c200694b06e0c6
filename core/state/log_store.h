#pragma once

#include "errors/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

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

class LogStore
{
public:
    explicit LogStore(QSqlDatabase db);

    Status append(const LogEvent &event);
    // Oldest first.
    Result<QList<LogEvent>> list(const LogFilter &filter);
    static int levelRank(const QString &level);

private:
    QSqlDatabase m_db;
};

} // namespace ferry
