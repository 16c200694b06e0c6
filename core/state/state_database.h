#pragma once

#include "errors/result.h"
#include "state/state_location.h"

#include <QDateTime>
#include <QMutex>
#include <QSqlDatabase>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>

namespace ferry {

// The state database: configuration, transfers, checkpoints and log events. One Qt SQL connection per thread
// (Qt connections must not cross threads), SQLite in WAL mode or PostgreSQL, schema migrated when opened.
class StateDatabase
{
public:
    enum class Migrate { Yes, No };

    // Opens (creating an SQLite file and its folder when missing) and brings the schema up to date.
    // With Migrate::No a database that is missing or not current is an error, and nothing is written.
    static Result<std::shared_ptr<StateDatabase>> open(const StateLocation &location, Migrate migrate = Migrate::Yes);
    ~StateDatabase();

    StateDatabase(const StateDatabase &) = delete;
    StateDatabase &operator=(const StateDatabase &) = delete;

    // This thread's connection, opened on first use.
    QSqlDatabase connection();
    // Closes this thread's connection; call before a worker thread ends.
    void releaseThreadConnection();

    const StateLocation &location() const { return m_location; }
    bool isSqlite() const { return m_location.isSqlite(); }
    int schemaVersion();
    // A function that, called from any thread, interrupts the statement running on `db` (sqlite3_interrupt, or
    // libpq's PQcancel): that statement then fails. Call it while `db` is open; a no-op when nothing runs.
    static std::function<void()> interrupter(const QSqlDatabase &db);

    // The database's own clock as an SQL expression, in the form toDatabaseTime() writes: what updated_at is set
    // to, so watchers compare times of one clock however many machines write.
    static QString currentTimeSql(const QSqlDatabase &db);
    // A timestamp as the database stores it (ISO text in SQLite, timestamptz in PostgreSQL) and back.
    static QVariant toDatabaseTime(const QSqlDatabase &db, const QDateTime &time);
    static QDateTime fromDatabaseTime(const QVariant &value);

private:
    explicit StateDatabase(StateLocation location);
    QString threadConnectionName() const;
    Result<QSqlDatabase> openConnection(const QString &name);
    static void keepWalOnClose(const QSqlDatabase &db);

    StateLocation m_location;
    QString m_connectionPrefix;
    QMutex m_mutex;
    QStringList m_connectionNames;
};

} // namespace ferry
