#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ferry {

// The libpq calls Qt's QPSQL driver has no API for: statements with bound parameters whose results we do not need,
// and COPY in both directions. Works on the PGconn under an open Qt connection (QSqlDriver::handle()).
class PgSession
{
public:
    explicit PgSession(void *pgconn) : m_conn(pgconn) {}

    bool isValid() const { return m_conn != nullptr; }
    // Drops the server's NOTICEs ("relation already exists, skipping"), which libpq would print to stderr.
    void silenceNotices();
    // Runs one statement with text parameters ($1, $2, ...); an empty string on success, else the server's error.
    QString execParams(const QByteArray &sql, const QList<QByteArray> &params = {});
    // Runs statements separated by semicolons in one round trip (no parameters: see literal()); the first error.
    QString execScript(const QByteArray &sql);
    // `value` as an SQL string literal, escaped by libpq for this connection (empty on an encoding error).
    QByteArray literal(const QByteArray &value) const;
    // Runs a query and returns the first column of its rows (NULL as a null QByteArray); error in `error`.
    QList<QByteArray> column(const QByteArray &sql, const QList<QByteArray> &params, QString *error);

    // COPY ... FROM STDIN: begin, put data (any chunking), end. Each returns an empty string or the error.
    QString beginCopyIn(const QByteArray &sql);
    QString putCopyData(const QByteArray &data);
    // `copied`: the rows the server says it took.
    QString endCopyIn(qint64 *copied = nullptr);
    // Abandons a COPY FROM: the server discards what it received.
    void abortCopyIn();

    // COPY ... TO STDOUT: begin, then nextCopyRow() until it returns 0 (done; endCopyOut() gives the outcome) or
    // -1 (failed). `row` points into a buffer valid until the next call.
    QString beginCopyOut(const QByteArray &sql);
    int nextCopyRow(const char **row);
    QString endCopyOut();
    // Abandons a running COPY TO (asks the server to cancel and drains what is in flight).
    void cancelCopyOut();

private:
    QString lastError() const;
    void *m_conn;
    char *m_rowBuffer = nullptr;
};

} // namespace ferry
