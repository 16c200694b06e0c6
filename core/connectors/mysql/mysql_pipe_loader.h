#pragma once

#include "config/destination.h"
#include "connectors/database_connection.h"
#include "errors/result.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>
#include <QThread>

#include <memory>
#include <optional>

namespace ferry {

// Streams rows into `LOAD DATA LOCAL INFILE` while they are still being read from the source: a loader thread,
// with its own connection, runs the statement on a named pipe, and the writer writes the rows into that pipe. The
// load overlaps with reading instead of waiting for a whole window in a file.
class MySqlPipeLoader
{
public:
    explicit MySqlPipeLoader(Destination destination);
    ~MySqlPipeLoader();
    MySqlPipeLoader(const MySqlPipeLoader &) = delete;
    MySqlPipeLoader &operator=(const MySqlPipeLoader &) = delete;

    // Starts loading into `table` (qualified and quoted; a regular table, so the loader's connection sees it) for
    // `model` (named in errors). A warning of the load fails it: LOAD DATA LOCAL turns every error into a warning
    // and stores a changed value (12.5 -> 13, 'n/a' -> 0) instead.
    Status start(const QString &table, const QString &columnList, bool replace, const QString &model);
    // Rows in LOAD DATA's tab format.
    Status write(const QByteArray &data);
    // End of data: waits for the statement; its rows affected (REPLACE counts a replaced row twice).
    Result<qint64> finish();
    // Stops without caring for the result (after a failure elsewhere).
    void abort();

    // Fails naming `model` and MariaDB's first warning when the last statement on `connection` left any (notes
    // included: a rounded DECIMAL is a note). MySQL's deprecation warnings are not about values and are ignored.
    static Status checkWarnings(DatabaseConnection &connection, const QString &model, const QString &what);

private:
    Status loaderError() const;
    void closePipe();

    Destination m_destination;
    std::unique_ptr<QTemporaryDir> m_dir; // holds the pipe only until both ends have opened it
    QString m_pipe;
    int m_fd = -1;
    std::unique_ptr<QThread> m_thread;
    std::optional<Error> m_error; // written by the loader thread before it ends
    qint64 m_rowsAffected = 0;    // likewise
};

} // namespace ferry
