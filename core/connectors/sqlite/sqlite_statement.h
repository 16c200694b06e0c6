#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace ferry {

// A prepared statement on SQLite's own API, for the writer's per-row loop. Qt's driver turns every bound value into
// a QVariant and a UTF-16 QString that SQLite converts back to UTF-8; this binds the canonical UTF-8 bytes as they
// are. Values are bound without a copy: they must stay alive until execute() returns. Indexes start at 0.
// `db` must come from the same SQLite library this code links (DatabaseConnection::sqliteHandle() makes sure).
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool prepare(sqlite3 *db, const QString &sql);
    void bindNull(int index);
    void bindText(int index, const QByteArray &utf8);
    void bindBlob(int index, const QByteArray &bytes);
    void bindInt64(int index, qint64 value);
    void bindDouble(int index, double value);
    // Runs the statement to its end and resets it for the next row; false on an error (a failed bind included).
    bool execute();
    // SQLite's message for the last failure.
    QString errorMessage() const;

private:
    void check(int code, int index);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_bindError = 0;
    int m_bindErrorIndex = -1;
    QString m_error;
};

} // namespace ferry
