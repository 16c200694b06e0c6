#include "state/state_database.h"

#include "connectors/postgres/libpq.h"
#include "log/log_categories.h"
#include "state/schema_migrations.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

namespace ferry {

namespace {

// SQLITE_BUSY (5) or SQLITE_LOCKED (6): another connection holds the lock for now.
bool isLocked(const QSqlError &error)
{
    return error.nativeErrorCode() == QLatin1String("5") || error.nativeErrorCode() == QLatin1String("6") ||
           error.text().contains(QLatin1String("database is locked"));
}

Error openError(const StateLocation &location, const QString &message, const QString &hint = {})
{
    return Error{QStringLiteral("FERRY-STATE-OPEN"), QStringLiteral("Cannot open the state database"),
                 location.displayName() + QStringLiteral(": ") + message, hint, Blame::Config};
}

} // namespace

StateDatabase::StateDatabase(StateLocation location) : m_location(std::move(location))
{
    static QAtomicInteger<int> serial = 0;
    m_connectionPrefix = QStringLiteral("ferry-state-%1-").arg(serial.fetchAndAddRelaxed(1));
}

StateDatabase::~StateDatabase()
{
    QMutexLocker lock(&m_mutex);
    for (const QString &name : std::as_const(m_connectionNames)) {
        { QSqlDatabase::database(name, false).close(); }
        QSqlDatabase::removeDatabase(name);
    }
}

Result<std::shared_ptr<StateDatabase>> StateDatabase::open(const StateLocation &location, Migrate migrate)
{
    if (location.isSqlite()) {
        const QFileInfo file(location.sqlitePath);
        if (migrate == Migrate::No && !file.exists())
            return openError(location, QStringLiteral("the file does not exist"));
        if (!QDir().mkpath(file.absolutePath()))
            return openError(location, QStringLiteral("cannot create folder %1").arg(file.absolutePath()));
    }
    std::shared_ptr<StateDatabase> state(new StateDatabase(location));
    const Result<QSqlDatabase> db = state->openConnection(state->threadConnectionName());
    if (!db)
        return db.error();

    if (migrate == Migrate::Yes) {
        if (Status migrated = SchemaMigrations::migrate(*db); !migrated)
            return migrated.error();
    } else {
        const Result<int> version = SchemaMigrations::currentVersion(*db);
        if (!version)
            return version.error();
        if (*version != SchemaMigrations::latestVersion()) {
            return openError(location, QStringLiteral("its schema is at version %1, not %2")
                                           .arg(*version)
                                           .arg(SchemaMigrations::latestVersion()),
                             QStringLiteral("run any ferryctl command that writes, such as apply, to migrate it"));
        }
    }
    qCDebug(lcState) << "opened" << location.displayName();
    return state;
}

QString StateDatabase::threadConnectionName() const
{
    return m_connectionPrefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
}

QSqlDatabase StateDatabase::connection()
{
    const QString name = threadConnectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    const Result<QSqlDatabase> db = openConnection(name);
    if (!db)
        qCWarning(lcState) << db.error().toString();
    return QSqlDatabase::database(name, false);
}

void StateDatabase::releaseThreadConnection()
{
    const QString name = threadConnectionName();
    QMutexLocker lock(&m_mutex);
    if (!m_connectionNames.removeOne(name))
        return;
    { QSqlDatabase::database(name, false).close(); }
    QSqlDatabase::removeDatabase(name);
}

Result<QSqlDatabase> StateDatabase::openConnection(const QString &name)
{
    {
        QMutexLocker lock(&m_mutex);
        m_connectionNames.append(name);
    }
    if (m_location.isSqlite()) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_location.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (!db.open())
            return openError(m_location, db.lastError().text());
        QSqlQuery pragma(db);
        // WAL lets the UI read while a worker writes; NORMAL sync is durable at each WAL checkpoint and enough for
        // state that the destinations' own transactions make authoritative.
        // A short WAL: every process's first connection reads the whole WAL back (SQLite's recovery) before its
        // first query, 6 ms for the default 1000 pages; 128 pages keep that under a millisecond, and the checkpoint
        // that keeps it short costs about as much, one command in twenty or so.
        for (const char *statement : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                      "PRAGMA wal_autocheckpoint=128"}) {
            // Switching a new file to WAL needs it alone for a moment: a second process creating the same state
            // database at once gets "database is locked" at once, past the busy timeout. It tries again.
            bool done = pragma.exec(QLatin1String(statement));
            for (int attempt = 0; !done && attempt < 200 && isLocked(pragma.lastError()); ++attempt) {
                QThread::msleep(25);
                done = pragma.exec(QLatin1String(statement));
            }
            if (!done)
                return openError(m_location, pragma.lastError().text(),
                                 QStringLiteral("is the file an SQLite database?"));
        }
        keepWalOnClose(db);
        return db;
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(m_location.host);
    db.setPort(m_location.port);
    db.setDatabaseName(m_location.database);
    db.setUserName(m_location.username);
    // No password here: libpq takes it from PGPASSWORD or ~/.pgpass.
    db.setConnectOptions(QStringLiteral("connect_timeout=10;application_name=ferry"));
    if (!db.open()) {
        return openError(m_location, db.lastError().text().trimmed(),
                         QStringLiteral("check that the server runs and that PGPASSWORD or ~/.pgpass holds the "
                                        "password"));
    }
    QSqlQuery setup(db);
    setup.exec(QStringLiteral("SET TIME ZONE 'UTC'"));
    // State reads are short index walks whose cost estimates may still pass jit_above_cost (a history walk with a
    // probe per row): compiling them took longer (80 ms) than running them. No JIT for this connection (before
    // PostgreSQL 11 the setting does not exist and this fails, harmlessly).
    setup.exec(QStringLiteral("SET jit = off"));
    return db;
}

void StateDatabase::keepWalOnClose(const QSqlDatabase &db)
{
    // The last connection to close would copy the WAL into the database file and delete it: three or four fsyncs
    // (1-25 ms each on a busy disk) at the end of every ferryctl command, and the next command recreates the WAL
    // (two more). Leaving the WAL in place keeps NORMAL's durability (a commit is durable at the next checkpoint,
    // which SQLite makes every 1000 pages); a crashed process leaves the same WAL behind today.
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return;
    // Only if Qt's driver runs this very SQLite build (Debian's Qt links the system library); asked once.
    static const bool sameLibrary = [&db] {
        QSqlQuery sourceId(db);
        return sourceId.exec(QStringLiteral("SELECT sqlite_source_id()")) && sourceId.next() &&
               sourceId.value(0).toString() == QLatin1String(sqlite3_sourceid());
    }();
    if (sameLibrary)
        sqlite3_db_config(*static_cast<sqlite3 *const *>(handle.data()), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

std::function<void()> StateDatabase::interrupter(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid())
        return [] {};
    if (qstrcmp(handle.typeName(), "PGconn*") == 0 || qstrcmp(handle.typeName(), "pg_conn*") == 0) {
        PGconn *pg = *static_cast<PGconn *const *>(handle.data());
        // The cancel object is the connection's address and secret key: usable from any thread, and after the
        // connection closed (the server then finds nothing to cancel).
        std::shared_ptr<PGcancel> cancel(pg ? libpq().PQgetCancel(pg) : nullptr,
                                         [](PGcancel *c) { if (c) libpq().PQfreeCancel(c); });
        if (!cancel)
            return [] {};
        return [cancel] {
            char error[256];
            libpq().PQcancel(cancel.get(), error, int(sizeof error));
        };
    }
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return [] {};
    // The handle serves this library's sqlite3_interrupt only if Qt's driver runs this very SQLite build.
    static const bool sameLibrary = [&db] {
        QSqlQuery sourceId(db);
        return sourceId.exec(QStringLiteral("SELECT sqlite_source_id()")) && sourceId.next() &&
               sourceId.value(0).toString() == QLatin1String(sqlite3_sourceid());
    }();
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.data());
    if (!sameLibrary || !sqlite)
        return [] {};
    return [sqlite] { sqlite3_interrupt(sqlite); };
}

int StateDatabase::schemaVersion()
{
    const Result<int> version = SchemaMigrations::currentVersion(connection());
    return version ? *version : -1;
}

QString StateDatabase::currentTimeSql(const QSqlDatabase &db)
{
    // clock_timestamp(), not now(): now() is when the transaction began, which may be long before the write.
    return db.driverName() == QLatin1String("QSQLITE") ? QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")
                                                       : QStringLiteral("clock_timestamp()");
}

QVariant StateDatabase::toDatabaseTime(const QSqlDatabase &db, const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const bool sqlite = db.driverName() == QLatin1String("QSQLITE");
    return sqlite ? QVariant(utc.toString(Qt::ISODateWithMs)) : QVariant(utc);
}

QDateTime StateDatabase::fromDatabaseTime(const QVariant &value)
{
    if (value.isNull())
        return {};
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC();
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

} // namespace ferry
