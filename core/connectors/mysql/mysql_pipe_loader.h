#pragma once

#include "config/destination.h"
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

    // Starts loading into `table` (qualified and quoted; a regular table, so the loader's connection sees it).
    Status start(const QString &table, const QString &columnList, bool replace);
    // Rows in LOAD DATA's tab format.
    Status write(const QByteArray &data);
    // End of data: waits for the statement; its rows affected (REPLACE counts a replaced row twice).
    Result<qint64> finish();
    // Stops without caring for the result (after a failure elsewhere).
    void abort();

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
