#pragma once

#include "errors/result.h"
#include "state/log_store.h"

#include <QSqlDatabase>
#include <QString>

namespace ferry::ui {

// Writes the events matching a LogQuery as JSON lines (the shape of `ferryctl logs --json`), oldest first
// like `ferryctl logs`, reading every page rather than only those the Logs page loaded. Runs on a
// state-query thread (`db` is that thread's connection); the file is replaced only when every line was
// written.
class LogExport
{
public:
    // The number of events written.
    static Result<qint64> write(QSqlDatabase db, const LogQuery &query, const QString &path);
};

} // namespace ferry::ui
