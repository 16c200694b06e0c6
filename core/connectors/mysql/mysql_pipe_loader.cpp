#include "connectors/mysql/mysql_pipe_loader.h"

#include "rows/exact_value.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSqlQuery>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry {

namespace {

Error pipeError(const QString &what)
{
    return Error{QStringLiteral("FERRY-LOCAL-PIPE"), QStringLiteral("Cannot stream rows to MariaDB"),
                 QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(errno))),
                 QStringLiteral("check the temporary folder"), Blame::Ferry};
}

} // namespace

MySqlPipeLoader::MySqlPipeLoader(Destination destination) : m_destination(std::move(destination))
{
    // A loader that fails mid-load closes the pipe: the next write must return EPIPE, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
}

MySqlPipeLoader::~MySqlPipeLoader()
{
    abort();
}

Status MySqlPipeLoader::checkWarnings(DatabaseConnection &connection, const QString &model, const QString &what)
{
    // SHOW WARNINGS keeps the messages of the last statement that used a table: the load or the merge.
    Result<QSqlQuery> warnings = connection.select(QStringLiteral("SHOW WARNINGS"), what);
    if (!warnings)
        return warnings.error();
    int count = 0;
    QString first;
    while (warnings->next()) {
        if (warnings->value(1).toInt() == 1287) // deprecated syntax (MySQL 8's VALUES())
            continue;
        if (++count == 1)
            first = QStringLiteral("%1 %2: %3").arg(warnings->value(0).toString(), warnings->value(1).toString(),
                                                    warnings->value(2).toString());
    }
    if (count == 0)
        return {};
    return Error{QString::fromLatin1(ExactValue::kCode), QStringLiteral("Value cannot be stored exactly"),
                 QStringLiteral("model \"%1\", %2: MariaDB changed or refused %3 value(s); the first: %4")
                     .arg(model, what)
                     .arg(count)
                     .arg(first.left(300)),
                 QStringLiteral("correct the value in the source, or give the column a data_type that holds it; nothing "
                                "of this window was published"),
                 Blame::Source};
}

Status MySqlPipeLoader::start(const QString &table, const QString &columnList, bool replace, const QString &model)
{
    abort();
    m_error.reset();
    m_rowsAffected = 0;
    m_dir = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("ferry-pipe-XXXXXX")));
    if (!m_dir->isValid())
        return pipeError(QStringLiteral("creating a temporary folder"));
    m_pipe = m_dir->filePath(QStringLiteral("rows.tsv"));
    if (::mkfifo(m_pipe.toLocal8Bit().constData(), 0600) != 0)
        return pipeError(QStringLiteral("creating %1").arg(m_pipe));
    // The pipe's path is Ferry's own temporary name; every value travels through the pipe, never in SQL.
    QString path = m_pipe;
    path.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
    const QString sql = QStringLiteral("LOAD DATA LOCAL INFILE '%1' %2 INTO TABLE %3 CHARACTER SET utf8mb4 (%4)")
                            .arg(path, replace ? QStringLiteral("REPLACE") : QString(), table, columnList);
    const Destination destination = m_destination;
    m_thread.reset(QThread::create([this, destination, sql, table, model]() {
        Result<std::unique_ptr<DatabaseConnection>> connection = DatabaseConnection::open(
            destination.vendor, destination.connection, ConnectionSide::Destination, destination.name,
            Access::ReadWrite, destination.id);
        if (!connection) {
            m_error = connection.error();
            return;
        }
        if (Status loaded = (*connection)->exec(sql, QStringLiteral("loading rows into %1").arg(table)); !loaded) {
            m_error = loaded.error();
            return;
        }
        // ROW_COUNT() is a BIGINT; Qt's numRowsAffected() is an int.
        Result<QSqlQuery> count = (*connection)->select(QStringLiteral("SELECT ROW_COUNT()"), QStringLiteral("counting the rows loaded"));
        if (!count)
            m_error = count.error();
        else if (count->next())
            m_rowsAffected = count->value(0).toLongLong();
        // After ROW_COUNT(), which SHOW WARNINGS would reset (a statement without a table keeps the warnings).
        if (Status exact = checkWarnings(**connection, model, QStringLiteral("loading rows")); !exact && !m_error)
            m_error = exact.error();
    }));
    m_thread->setObjectName(QStringLiteral("ferry-mysql-loader"));
    m_thread->start();
    // The loader's client library opens the pipe once the server asks for the file; until then a non-blocking
    // open for writing fails with ENXIO. A loader that fails before that ends its thread instead.
    QElapsedTimer waited;
    waited.start();
    const QByteArray pipe = m_pipe.toLocal8Bit();
    while ((m_fd = ::open(pipe.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
        if (errno != ENXIO) {
            const Error error = pipeError(QStringLiteral("opening %1").arg(m_pipe));
            abort();
            return error;
        }
        if (m_thread->wait(2)) {
            m_thread.reset();
            return loaderError();
        }
    }
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) & ~O_NONBLOCK);
    // Both ends are open: the name is no longer needed, and a killed process leaves nothing in /tmp.
    m_dir.reset();
    return {};
}

Status MySqlPipeLoader::write(const QByteArray &data)
{
    const char *p = data.constData();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t written = ::write(m_fd, p, std::size_t(left));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            // The loader stopped reading: its own error says why.
            closePipe();
            if (m_thread) {
                m_thread->wait();
                m_thread.reset();
            }
            return m_error ? Status(*m_error) : Status(pipeError(QStringLiteral("writing rows")));
        }
        p += written;
        left -= written;
    }
    return {};
}

Result<qint64> MySqlPipeLoader::finish()
{
    closePipe();
    if (m_thread) {
        m_thread->wait();
        m_thread.reset();
    }
    if (m_error)
        return *m_error;
    return m_rowsAffected;
}

void MySqlPipeLoader::abort()
{
    closePipe();
    if (!m_thread)
        return;
    // A loader may still wait to open the pipe: opening and closing the write end gives it EOF. (Once both ends
    // were open, closing ours already did.)
    const QByteArray pipe = m_pipe.toLocal8Bit();
    while (!m_thread->wait(5)) {
        const int fd = m_dir ? ::open(pipe.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC) : -1;
        if (fd >= 0)
            ::close(fd);
    }
    m_thread.reset();
    m_dir.reset();
}

Status MySqlPipeLoader::loaderError() const
{
    return m_error ? Status(*m_error) : Status();
}

void MySqlPipeLoader::closePipe()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

} // namespace ferry
