#pragma once

#include "config/connection_settings.h"
#include "rows/sql_dialect.h"
#include "errors/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include <functional>
#include <memory>

struct sqlite3;

namespace ferry {

// Which side of a transfer a connection serves: it decides the error codes (FERRY-SRC-* / FERRY-DST-*) and who is
// blamed when the connection or a statement fails.
enum class ConnectionSide { Source, Destination };

// ReadOnly never creates or changes anything durable: sources always, destinations for plans. (SQLite: the file
// is opened read-only, a missing one reads as an empty database.)
enum class Access { ReadWrite, ReadOnly };

// One Qt SQL connection to a source or destination database, owned by the thread that opened it and removed when
// destroyed. The password comes from the environment variable the object names, or from the system keychain entry
// of the object's id (ConnectionPassword), and never reaches a message.
class DatabaseConnection
{
public:
    static Result<std::unique_ptr<DatabaseConnection>> open(const QString &vendor, const ConnectionSettings &settings,
                                                            ConnectionSide side, const QString &objectName,
                                                            Access access = Access::ReadWrite,
                                                            const QString &objectId = {});
    ~DatabaseConnection();
    DatabaseConnection(const DatabaseConnection &) = delete;
    DatabaseConnection &operator=(const DatabaseConnection &) = delete;

    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    const SqlDialect &dialect() const { return m_dialect; }
    ConnectionSide side() const { return m_side; }
    // The PostgreSQL connection under Qt's driver, for COPY; nullptr for other vendors.
    void *postgresHandle() const;
    // The SQLite connection under Qt's driver, for the writer's prepared inserts; nullptr for other vendors.
    sqlite3 *sqliteHandle() const;
    // Interrupts the statement this connection runs, from any thread (PostgreSQL: a cancel request; SQLite:
    // sqlite3_interrupt; MySQL: KILL QUERY from a connection of its own). Create it on the connection's own thread,
    // and call it only while the connection is open.
    std::function<void()> canceller() const;

    // Runs a statement with bound values; `what` says what it was for ("creating the staging table").
    Status exec(const QString &sql, const QString &what, const QVariantList &binds = {}) const;
    // As exec(), returning the positioned-before-first query.
    Result<QSqlQuery> select(const QString &sql, const QString &what, const QVariantList &binds = {}) const;
    // A failed statement as an Error of this side (code FERRY-SRC-QUERY / FERRY-DST-WRITE).
    Error queryError(const QString &what, const QString &driverMessage) const;
    // Removes the password from a driver message, should a driver ever echo it.
    QString scrub(QString message) const;

private:
    DatabaseConnection(QString name, SqlDialect dialect, ConnectionSide side, QString objectName, QString password);
    std::function<void()> mysqlCanceller() const;

    QString m_name;
    SqlDialect m_dialect;
    ConnectionSide m_side;
    QString m_objectName;
    QString m_password;
    QString m_vendor;
    QString m_objectId;
    ConnectionSettings m_settings; // to open a second connection that interrupts this one (MySQL)
};

} // namespace ferry
