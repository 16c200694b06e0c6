#include "connectors/postgres/pg_session.h"

#include "connectors/postgres/libpq.h"

#include <vector>

namespace ferry {

namespace {

PGconn *conn(void *handle)
{
    return static_cast<PGconn *>(handle);
}

// Drains the results of a finished command; the first error message, if any, and the rows a COPY or DML reported.
QString drainResults(PGconn *pg, qint64 *rows = nullptr)
{
    QString error;
    while (PGresult *result = libpq().PQgetResult(pg)) {
        const ExecStatusType status = libpq().PQresultStatus(result);
        if (rows && status == PGRES_COMMAND_OK)
            *rows += QByteArray(libpq().PQcmdTuples(result)).toLongLong();
        if (error.isEmpty() && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN &&
            status != PGRES_COPY_OUT)
            error = QString::fromUtf8(libpq().PQresultErrorMessage(result)).trimmed();
        libpq().PQclear(result);
    }
    return error;
}

} // namespace

void PgSession::silenceNotices()
{
    if (m_conn)
        libpq().PQsetNoticeProcessor(conn(m_conn), [](void *, const char *) {}, nullptr);
}

QString PgSession::lastError() const
{
    return QString::fromUtf8(libpq().PQerrorMessage(conn(m_conn))).trimmed();
}

QString PgSession::execParams(const QByteArray &sql, const QList<QByteArray> &params)
{
    QString error;
    column(sql, params, &error);
    return error;
}

QList<QByteArray> PgSession::column(const QByteArray &sql, const QList<QByteArray> &params, QString *error)
{
    std::vector<const char *> values;
    values.reserve(std::size_t(params.size()));
    for (const QByteArray &param : params)
        values.push_back(param.isNull() ? nullptr : param.constData());
    PGresult *result = libpq().PQexecParams(conn(m_conn), sql.constData(), int(params.size()), nullptr, values.data(), nullptr,
                                    nullptr, 0);
    QList<QByteArray> rows;
    const ExecStatusType status = libpq().PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        *error = result ? QString::fromUtf8(libpq().PQresultErrorMessage(result)).trimmed() : lastError();
    } else {
        error->clear();
        for (int row = 0; row < libpq().PQntuples(result); ++row)
            rows << (libpq().PQgetisnull(result, row, 0) ? QByteArray() : QByteArray(libpq().PQgetvalue(result, row, 0)));
    }
    libpq().PQclear(result);
    return rows;
}

QString PgSession::beginCopyIn(const QByteArray &sql)
{
    PGresult *result = libpq().PQexec(conn(m_conn), sql.constData());
    const bool ok = libpq().PQresultStatus(result) == PGRES_COPY_IN;
    QString error = ok ? QString() : (result ? QString::fromUtf8(libpq().PQresultErrorMessage(result)).trimmed() : lastError());
    libpq().PQclear(result);
    if (!ok)
        drainResults(conn(m_conn));
    return error;
}

QString PgSession::putCopyData(const QByteArray &data)
{
    if (libpq().PQputCopyData(conn(m_conn), data.constData(), int(data.size())) != 1)
        return lastError();
    return {};
}

QString PgSession::endCopyIn(qint64 *copied)
{
    if (libpq().PQputCopyEnd(conn(m_conn), nullptr) != 1)
        return lastError();
    qint64 rows = 0;
    const QString error = drainResults(conn(m_conn), &rows);
    if (copied)
        *copied = rows;
    return error;
}

QString PgSession::execScript(const QByteArray &sql)
{
    PGresult *result = libpq().PQexec(conn(m_conn), sql.constData());
    const ExecStatusType status = libpq().PQresultStatus(result);
    const QString error = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                              ? QString()
                              : (result ? QString::fromUtf8(libpq().PQresultErrorMessage(result)).trimmed() : lastError());
    libpq().PQclear(result);
    return error;
}

QByteArray PgSession::literal(const QByteArray &value) const
{
    char *escaped = libpq().PQescapeLiteral(conn(m_conn), value.constData(), size_t(value.size()));
    if (!escaped)
        return {};
    QByteArray quoted(escaped);
    libpq().PQfreemem(escaped);
    return quoted;
}

void PgSession::abortCopyIn()
{
    libpq().PQputCopyEnd(conn(m_conn), "cancelled by Ferry");
    drainResults(conn(m_conn));
}

QString PgSession::beginCopyOut(const QByteArray &sql)
{
    PGresult *result = libpq().PQexec(conn(m_conn), sql.constData());
    const bool ok = libpq().PQresultStatus(result) == PGRES_COPY_OUT;
    QString error = ok ? QString() : (result ? QString::fromUtf8(libpq().PQresultErrorMessage(result)).trimmed() : lastError());
    libpq().PQclear(result);
    if (!ok)
        drainResults(conn(m_conn));
    return error;
}

int PgSession::nextCopyRow(const char **row)
{
    if (m_rowBuffer) {
        libpq().PQfreemem(m_rowBuffer);
        m_rowBuffer = nullptr;
    }
    const int size = libpq().PQgetCopyData(conn(m_conn), &m_rowBuffer, 0);
    *row = m_rowBuffer;
    if (size == -1)
        return 0;
    return size < 0 ? -1 : size;
}

QString PgSession::endCopyOut()
{
    if (m_rowBuffer) {
        libpq().PQfreemem(m_rowBuffer);
        m_rowBuffer = nullptr;
    }
    return drainResults(conn(m_conn));
}

void PgSession::cancelCopyOut()
{
    if (PGcancel *cancel = libpq().PQgetCancel(conn(m_conn))) {
        char buffer[256];
        libpq().PQcancel(cancel, buffer, sizeof buffer);
        libpq().PQfreeCancel(cancel);
    }
    const char *row = nullptr;
    while (nextCopyRow(&row) > 0) {
    }
    endCopyOut();
}

} // namespace ferry
