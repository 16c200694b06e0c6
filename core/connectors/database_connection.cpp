#include "connectors/database_connection.h"

#include "connectors/postgres/pg_session.h"
#include "log/log_categories.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

namespace ferry {

namespace {

QString sidePrefix(ConnectionSide side)
{
    return side == ConnectionSide::Source ? QStringLiteral("FERRY-SRC-") : QStringLiteral("FERRY-DST-");
}

Blame sideBlame(ConnectionSide side)
{
    return side == ConnectionSide::Source ? Blame::Source : Blame::Destination;
}

QString sideWord(ConnectionSide side)
{
    return side == ConnectionSide::Source ? QStringLiteral("source") : QStringLiteral("destination");
}

bool isAuthFailure(const QString &message)
{
    return message.contains(QLatin1String("password authentication failed"), Qt::CaseInsensitive) ||
           message.contains(QLatin1String("Access denied"), Qt::CaseInsensitive) ||
           message.contains(QLatin1String("no password supplied"), Qt::CaseInsensitive) ||
           message.contains(QLatin1String("authentication failed"), Qt::CaseInsensitive);
}

// libpq's keyword list for the TLS mode; MariaDB gets the closest of its own options.
QString connectOptions(const SqlDialect &dialect, const ConnectionSettings &settings)
{
    const int timeout = settings.effectiveConnectTimeoutSeconds();
    if (dialect.isPostgres()) {
        QString options = QStringLiteral("connect_timeout=%1;sslmode=%2").arg(timeout).arg(settings.effectiveSslMode());
        if (settings.sslRootCert)
            options += QStringLiteral(";sslrootcert=") + *settings.sslRootCert;
        return options;
    }
    if (dialect.isMySql()) {
        // MariaDB's client library allows LOAD DATA LOCAL by default (Qt 6.4 has no option for it).
        QString options = QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1").arg(timeout);
        const QString mode = settings.effectiveSslMode();
        if (mode == QLatin1String("verify-ca") || mode == QLatin1String("verify-full")) {
            if (settings.sslRootCert)
                options += QStringLiteral(";SSL_CA=") + *settings.sslRootCert;
            options += QStringLiteral(";MYSQL_OPT_SSL_VERIFY_SERVER_CERT=TRUE");
        }
        return options;
    }
    return QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(timeout * 1000);
}

} // namespace

Result<std::unique_ptr<DatabaseConnection>> DatabaseConnection::open(const QString &vendor,
                                                                    const ConnectionSettings &settings,
                                                                    ConnectionSide side, const QString &objectName,
                                                                    Access access)
{
    const bool readOnly = access == Access::ReadOnly || side == ConnectionSide::Source;
    const std::optional<SqlDialect> dialect = SqlDialect::forVendorName(vendor);
    const QString prefix = sidePrefix(side);
    if (!dialect) {
        return Error{prefix + QStringLiteral("VENDOR"), QStringLiteral("Not a database"),
                     QStringLiteral("%1 \"%2\" has vendor \"%3\", which is not a database").arg(sideWord(side), objectName, vendor),
                     {}, Blame::Config};
    }
    QString password;
    if (settings.passwordEnv) {
        if (!qEnvironmentVariableIsSet(settings.passwordEnv->toLocal8Bit().constData())) {
            return Error{prefix + QStringLiteral("PASSWORD-ENV"), QStringLiteral("Password not set"),
                         QStringLiteral("%1 \"%2\": the environment variable %3 named in password_env is not set")
                             .arg(sideWord(side), objectName, *settings.passwordEnv),
                         QStringLiteral("export %1 in the environment of the worker").arg(*settings.passwordEnv),
                         Blame::Config};
        }
        password = qEnvironmentVariable(settings.passwordEnv->toLocal8Bit().constData());
    }

    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("ferry-%1-%2").arg(sideWord(side)).arg(counter.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(dialect->qtDriver(), name);
        if (dialect->isSqlite()) {
            const QString path = settings.path.value_or(QString());
            // A source must exist; a destination file (and its folder) is created on first use.
            if (side == ConnectionSide::Source && !QFileInfo::exists(path)) {
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(name);
                return Error{prefix + QStringLiteral("CONNECT"), QStringLiteral("SQLite file not found"),
                             QStringLiteral("%1 \"%2\": %3 does not exist").arg(sideWord(side), objectName, path),
                             QStringLiteral("check the path in the workspace file"), sideBlame(side)};
            }
            if (readOnly) {
                db.setDatabaseName(QFileInfo::exists(path) ? path : QStringLiteral(":memory:"));
            } else {
                QDir().mkpath(QFileInfo(path).absolutePath());
                db.setDatabaseName(path);
            }
        } else {
            db.setHostName(settings.host.value_or(QStringLiteral("localhost")));
            if (settings.port)
                db.setPort(*settings.port);
            db.setDatabaseName(settings.database.value_or(QString()));
            db.setUserName(settings.username.value_or(QString()));
            db.setPassword(password);
        }
        db.setConnectOptions(connectOptions(*dialect, settings) +
                             (readOnly && dialect->isSqlite() ? QStringLiteral(";QSQLITE_OPEN_READONLY") : QString()));
        if (!db.open()) {
            const QString message = db.lastError().text().replace(password.isEmpty() ? QStringLiteral("\x01") : password,
                                                                  QStringLiteral("***"));
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            const bool auth = isAuthFailure(message);
            const QString where = dialect->isSqlite() ? settings.path.value_or(QString())
                                                      : QStringLiteral("%1:%2").arg(settings.host.value_or(QString()))
                                                            .arg(settings.port.value_or(0));
            return Error{prefix + (auth ? QStringLiteral("AUTH") : QStringLiteral("CONNECT")),
                         auth ? QStringLiteral("Authentication failed") : QStringLiteral("Cannot connect"),
                         QStringLiteral("%1 \"%2\" (%3): %4").arg(sideWord(side), objectName, where, message.trimmed()),
                         auth ? QStringLiteral("check the username and the password in %1")
                                    .arg(settings.passwordEnv.value_or(QStringLiteral("password_env")))
                              : QStringLiteral("check that the server is running and reachable from this machine"),
                         auth && side == ConnectionSide::Source ? Blame::Config : sideBlame(side)};
        }
    }
    std::unique_ptr<DatabaseConnection> connection(
        new DatabaseConnection(name, *dialect, side, objectName, password));
    connection->m_vendor = vendor;
    connection->m_settings = settings;
    // Every session speaks UTC, so timestamps without a zone are read and written as UTC. Qt's QPSQL driver sets
    // bytea_output to escape; COPY reads hex.
    Status session;
    if (dialect->isPostgres()) {
        PgSession(connection->postgresHandle()).silenceNotices();
        session = connection->exec(QStringLiteral("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; "
                                                  "SET extra_float_digits = 3; SET bytea_output = 'hex'"),
                                   QStringLiteral("setting up the session"));
    } else if (dialect->isMySql()) {
        session = connection->exec(QStringLiteral("SET time_zone = '+00:00', NAMES utf8mb4"),
                                   QStringLiteral("setting up the session"));
    } else if (!readOnly) {
        // Readers of a destination keep seeing the last commit while a window is written.
        session = connection->exec(QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("setting up the session"));
    }
    if (!session)
        return session.error();
    return connection;
}

DatabaseConnection::DatabaseConnection(QString name, SqlDialect dialect, ConnectionSide side, QString objectName,
                                       QString password)
    : m_name(std::move(name)), m_dialect(dialect), m_side(side), m_objectName(std::move(objectName)),
      m_password(std::move(password))
{
}

DatabaseConnection::~DatabaseConnection()
{
    {
        QSqlDatabase connection = db();
        connection.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

std::function<void()> DatabaseConnection::canceller() const
{
    if (void *pg = postgresHandle()) {
        std::shared_ptr<PGcancel> cancel(PQgetCancel(static_cast<PGconn *>(pg)), PQfreeCancel);
        if (!cancel)
            return {};
        return [cancel] {
            char error[256];
            PQcancel(cancel.get(), error, int(sizeof error));
        };
    }
    if (sqlite3 *sqlite = sqliteHandle())
        return [sqlite] { sqlite3_interrupt(sqlite); };
    if (m_dialect.isMySql())
        return mysqlCanceller();
    return {};
}

std::function<void()> DatabaseConnection::mysqlCanceller() const
{
    Result<QSqlQuery> id = select(QStringLiteral("SELECT CONNECTION_ID()"), QStringLiteral("identifying the connection"));
    if (!id || !id->next())
        return {};
    const qint64 thread = id->value(0).toLongLong();
    return [vendor = m_vendor, settings = m_settings, side = m_side, objectName = m_objectName, thread] {
        // Any user may interrupt its own connections' statements.
        Result<std::unique_ptr<DatabaseConnection>> killer = open(vendor, settings, side, objectName);
        if (killer)
            (*killer)->exec(QStringLiteral("KILL QUERY %1").arg(thread), QStringLiteral("interrupting a statement"));
    };
}

void *DatabaseConnection::postgresHandle() const
{
    if (!m_dialect.isPostgres())
        return nullptr;
    const QVariant handle = db().driver()->handle();
    if (!handle.isValid() || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<void *const *>(handle.data());
}

sqlite3 *DatabaseConnection::sqliteHandle() const
{
    if (!m_dialect.isSqlite())
        return nullptr;
    const QVariant handle = db().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    // The handle is for this library's functions only if Qt's driver runs the same SQLite build (Debian's Qt links
    // the system libsqlite3; a Qt with its own bundled copy would not, and would differ in its source id). The
    // driver plugin is loaded once per process, so the first connection asks for all.
    static const bool sameLibrary = [this] {
        QSqlQuery sourceId(db());
        return sourceId.exec(QStringLiteral("SELECT sqlite_source_id()")) && sourceId.next() &&
               sourceId.value(0).toString() == QLatin1String(sqlite3_sourceid());
    }();
    return sameLibrary ? *static_cast<sqlite3 *const *>(handle.data()) : nullptr;
}

Status DatabaseConnection::exec(const QString &sql, const QString &what, const QVariantList &binds) const
{
    Result<QSqlQuery> query = select(sql, what, binds);
    if (!query)
        return query.error();
    return {};
}

Result<QSqlQuery> DatabaseConnection::select(const QString &sql, const QString &what, const QVariantList &binds) const
{
    QSqlQuery query(db());
    query.setForwardOnly(true);
    bool ok;
    if (binds.isEmpty()) {
        ok = query.exec(sql);
    } else {
        ok = query.prepare(sql);
        for (const QVariant &value : binds)
            query.addBindValue(value);
        ok = ok && query.exec();
    }
    if (!ok)
        return queryError(what, query.lastError().text());
    return query;
}

Error DatabaseConnection::queryError(const QString &what, const QString &driverMessage) const
{
    const bool source = m_side == ConnectionSide::Source;
    return Error{sidePrefix(m_side) + (source ? QStringLiteral("QUERY") : QStringLiteral("WRITE")),
                 source ? QStringLiteral("Source query failed") : QStringLiteral("Destination write failed"),
                 QStringLiteral("%1 \"%2\", %3: %4").arg(sideWord(m_side), m_objectName, what, scrub(driverMessage).trimmed()),
                 source ? QStringLiteral("check that the model's table and columns exist in the source")
                        : QStringLiteral("check the destination's permissions and free space"),
                 sideBlame(m_side)};
}

QString DatabaseConnection::scrub(QString message) const
{
    if (!m_password.isEmpty())
        message.replace(m_password, QStringLiteral("***"));
    return message;
}

} // namespace ferry
