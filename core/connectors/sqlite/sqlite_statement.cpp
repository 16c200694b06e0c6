#include "connectors/sqlite/sqlite_statement.h"

#include <sqlite3.h>

namespace ferry {

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

bool SqliteStatement::prepare(sqlite3 *db, const QString &sql)
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    m_db = db;
    m_bindError = 0;
    m_bindErrorIndex = -1;
    m_error.clear();
    const QByteArray utf8 = sql.toUtf8();
    return db && sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &m_statement, nullptr) == SQLITE_OK;
}

void SqliteStatement::check(int code, int index)
{
    if (code != SQLITE_OK && m_bindError == 0) {
        m_bindError = code;
        m_bindErrorIndex = index;
    }
}

void SqliteStatement::bindNull(int index)
{
    check(sqlite3_bind_null(m_statement, index + 1), index);
}

void SqliteStatement::bindText(int index, const QByteArray &utf8)
{
    check(sqlite3_bind_text64(m_statement, index + 1, utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_STATIC,
                              SQLITE_UTF8),
          index);
}

void SqliteStatement::bindBlob(int index, const QByteArray &bytes)
{
    check(sqlite3_bind_blob64(m_statement, index + 1, bytes.constData(), sqlite3_uint64(bytes.size()), SQLITE_STATIC),
          index);
}

void SqliteStatement::bindInt64(int index, qint64 value)
{
    check(sqlite3_bind_int64(m_statement, index + 1, value), index);
}

void SqliteStatement::bindDouble(int index, double value)
{
    check(sqlite3_bind_double(m_statement, index + 1, value), index);
}

bool SqliteStatement::execute()
{
    if (m_bindError != 0) {
        sqlite3_clear_bindings(m_statement);
        return false;
    }
    int code = SQLITE_ROW;
    while (code == SQLITE_ROW)
        code = sqlite3_step(m_statement);
    if (code != SQLITE_DONE) // read before the reset, which may replace it
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement); // the bound bytes belong to the caller and may be gone by the next row
    return code == SQLITE_DONE;
}

QString SqliteStatement::errorMessage() const
{
    if (m_bindError != 0)
        return QStringLiteral("value %1: %2").arg(m_bindErrorIndex + 1).arg(QString::fromUtf8(sqlite3_errstr(m_bindError)));
    if (!m_error.isEmpty())
        return m_error;
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("no SQLite connection");
}

} // namespace ferry
