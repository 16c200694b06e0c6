#include "connectors/database_connection.h"

#include "connectors/mysql/mysql_tls_probe.h"
#include "connectors/postgres/libpq.h"
#include "connectors/postgres/pg_session.h"
#include "log/log_categories.h"
#include "secrets/connection_password.h"

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

// A value in libpq's conninfo syntax (Qt's driver turns ';' into ' ', so a path with either must be quoted).
QString conninfoValue(QString value)
{
    value.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + value + QLatin1Char('\'');
}

// libpq's keyword list for the TLS mode; MariaDB gets the closest of its own options.
QString connectOptions(const SqlDialect &dialect, const ConnectionSettings &settings, bool hasPassword)
{
    const int timeout = settings.effectiveConnectTimeoutSeconds();
    if (dialect.isPostgres()) {
        QString options = QStringLiteral("connect_timeout=%1;sslmode=%2").arg(timeout).arg(settings.effectiveSslMode());
        if (settings.sslRootCert)
            options += QStringLiteral(";sslrootcert=") + conninfoValue(*settings.sslRootCert);
        // Only the object's own password: libpq would otherwise fall back to PGPASSWORD, PGPASSFILE and ~/.pgpass,
        // the operator's credentials for the state database, and present ~/.postgresql's client certificate. No
        // file can exist under /dev/null, so libpq reads none; an explicit empty password (Qt passes none when it
        // is empty) keeps PGPASSWORD out.
        options += QStringLiteral(";passfile=/dev/null/none;sslcert=/dev/null/none;sslkey=/dev/null/none");
        // No GSSAPI encryption either: it would use the operator's Kerberos tickets, and its probe (loading the
        // Kerberos configuration, looking for a ticket cache) costs every connection a few milliseconds.
        options += QStringLiteral(";gssencmode=disable");
        if (!hasPassword)
            options += QStringLiteral(";password=''");
        return options;
    }
    if (dialect.isMySql()) {
        // MariaDB's client library allows LOAD DATA LOCAL by default (Qt 6.4 has no option for it).
        QString options = QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1").arg(timeout);
        // Qt 6.4 turns TLS on (mysql_ssl_set) when any SSL_* option is given, and MariaDB's client then refuses a
        // server without TLS. A CA (or the system's) makes it verify the chain; Qt 6.4 cannot ask it to check the
        // host name (MYSQL_OPT_SSL_VERIFY_SERVER_CERT), which MysqlTlsProbe does. Without SSL_* it speaks plain, so
        // prefer asks for TLS when the server's greeting offers it.
        if (settings.effectiveSslMode().startsWith(QLatin1String("verify"))) {
            options += settings.sslRootCert ? QStringLiteral(";SSL_CA=") + *settings.sslRootCert
                                            : QStringLiteral(";SSL_CAPATH=/etc/ssl/certs");
        } else if (settings.effectiveSslMode() == QLatin1String("require") ||
                   (settings.effectiveSslMode() == QLatin1String("prefer") &&
                    MysqlTlsProbe::offersTls(settings.host.value_or(QStringLiteral("localhost")),
                                             settings.port.value_or(3306), timeout))) {
            options += QStringLiteral(";SSL_CIPHER=HIGH:!aNULL:!MD5");
        }
        return options;
    }
    return QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(timeout * 1000);
}

bool requiresTls(const ConnectionSettings &settings)
{
    const QString mode = settings.effectiveSslMode();
    return mode == QLatin1String("require") || mode.startsWith(QLatin1String("verify"));
}

} // namespace

Result<std::unique_ptr<DatabaseConnection>> DatabaseConnection::open(const QString &vendor,
                                                                    const ConnectionSettings &settings,
                                                                    ConnectionSide side, const QString &objectName,
                                                                    Access access, const QString &objectId)
{
    const bool readOnly = access == Access::ReadOnly || side == ConnectionSide::Source;
    const std::optional<SqlDialect> dialect = SqlDialect::forVendorName(vendor);
    const QString prefix = sidePrefix(side);
    if (!dialect) {
        return Error{prefix + QStringLiteral("VENDOR"), QStringLiteral("Not a database"),
                     QStringLiteral("%1 \"%2\" has vendor \"%3\", which is not a database").arg(sideWord(side), objectName, vendor),
                     {}, Blame::Config};
    }
    // Validation refuses ssh_tunnel until tunnels exist; this keeps a workspace that skipped it from connecting
    // around the tunnel and sending the password straight to host:port.
    if (settings.sshTunnel && !dialect->isSqlite()) {
        return Error{prefix + QStringLiteral("SSH-TUNNEL"), QStringLiteral("SSH tunnels are not supported yet"),
                     QStringLiteral("%1 \"%2\" has an ssh_tunnel (via %3), which Ferry cannot open yet; it never "
                                    "connects around one")
                         .arg(sideWord(side), objectName, settings.sshTunnel->host),
                     QStringLiteral("remove ssh_tunnel and make the server reachable from this machine"), Blame::Config};
    }
    const QString where = dialect->isSqlite() ? settings.path.value_or(QString())
                                              : QStringLiteral("%1:%2").arg(settings.host.value_or(QString()))
                                                    .arg(settings.port.value_or(0));
    // Validation refuses it too; this keeps a workspace that skipped validation from adding options of its own.
    if (dialect->isMySql() && settings.sslRootCert && settings.sslRootCert->contains(QLatin1Char(';'))) {
        return Error{prefix + QStringLiteral("CONFIG"), QStringLiteral("Invalid ssl_root_cert"),
                     QStringLiteral("%1 \"%2\": ssl_root_cert contains ';', which MariaDB's driver would read as "
                                    "another option")
                         .arg(sideWord(side), objectName),
                     QStringLiteral("rename the certificate file"), Blame::Config};
    }
    if (dialect->isMySql() && settings.effectiveSslMode() == QLatin1String("verify-full")) {
        if (const std::optional<QString> problem = MysqlTlsProbe::verifyHostName(
                settings.host.value_or(QStringLiteral("localhost")), settings.port.value_or(3306),
                settings.sslRootCert.value_or(QString()), settings.effectiveConnectTimeoutSeconds())) {
            return Error{prefix + QStringLiteral("CONNECT"), QStringLiteral("Cannot verify the server"),
                         QStringLiteral("%1 \"%2\" (%3), ssl_mode verify-full: %4").arg(sideWord(side), objectName, where, *problem),
                         QStringLiteral("connect by a host name the server's certificate names, signed by ssl_root_cert"),
                         sideBlame(side)};
        }
    }
    const Result<QString> resolved = ConnectionPassword::resolve(
        settings, side == ConnectionSide::Source ? ObjectKind::Source : ObjectKind::Destination, objectName, objectId);
    if (!resolved)
        return resolved.error();
    const QString password = *resolved;

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
            // Never null: MariaDB's client reads MYSQL_PWD when it is given no password at all.
            db.setPassword(password.isEmpty() ? QString(QLatin1String("")) : password);
        }
        db.setConnectOptions(connectOptions(*dialect, settings, !password.isEmpty()) +
                             (readOnly && dialect->isSqlite() ? QStringLiteral(";QSQLITE_OPEN_READONLY") : QString()));
        if (!db.open()) {
            const QString message = db.lastError().text().replace(password.isEmpty() ? QStringLiteral("\x01") : password,
                                                                  QStringLiteral("***"));
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            const bool auth = isAuthFailure(message);
            return Error{prefix + (auth ? QStringLiteral("AUTH") : QStringLiteral("CONNECT")),
                         auth ? QStringLiteral("Authentication failed") : QStringLiteral("Cannot connect"),
                         QStringLiteral("%1 \"%2\" (%3): %4").arg(sideWord(side), objectName, where, message.trimmed()),
                         auth ? (settings.passwordEnv
                                     ? QStringLiteral("check the username and the password in %1").arg(*settings.passwordEnv)
                                 : settings.usesKeychain()
                                     ? QStringLiteral("check the username and the password saved in the keychain")
                                     : QStringLiteral("it has no password_env: name the environment variable that holds "
                                                      "its password (PGPASSWORD, ~/.pgpass and MYSQL_PWD are never "
                                                      "used for sources and destinations)"))
                              : QStringLiteral("check that the server is running and reachable from this machine"),
                         auth && side == ConnectionSide::Source ? Blame::Config : sideBlame(side)};
        }
    }
    std::unique_ptr<DatabaseConnection> connection(
        new DatabaseConnection(name, *dialect, side, objectName, password));
    connection->m_vendor = vendor;
    connection->m_settings = settings;
    connection->m_objectId = objectId;
    // MariaDB's client already refuses a server without TLS when asked for it; this checks, before any statement,
    // that the session really is encrypted.
    if (dialect->isMySql() && requiresTls(settings)) {
        Result<QSqlQuery> cipher = connection->select(QStringLiteral("SHOW STATUS LIKE 'Ssl_cipher'"),
                                                      QStringLiteral("checking the connection's TLS"));
        if (!cipher)
            return cipher.error();
        if (!cipher->next() || cipher->value(1).toString().isEmpty()) {
            return Error{prefix + QStringLiteral("CONNECT"), QStringLiteral("Connection not encrypted"),
                         QStringLiteral("%1 \"%2\" (%3): ssl_mode is %4, but the server did not encrypt the connection")
                             .arg(sideWord(side), objectName, where, settings.effectiveSslMode()),
                         QStringLiteral("enable TLS on the server"), sideBlame(side)};
        }
    }
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
        std::shared_ptr<PGcancel> cancel(libpq().PQgetCancel(static_cast<PGconn *>(pg)), libpq().PQfreeCancel);
        if (!cancel)
            return {};
        return [cancel] {
            char error[256];
            libpq().PQcancel(cancel.get(), error, int(sizeof error));
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
    return [vendor = m_vendor, settings = m_settings, side = m_side, objectName = m_objectName, objectId = m_objectId,
            thread] {
        // Any user may interrupt its own connections' statements.
        Result<std::unique_ptr<DatabaseConnection>> killer =
            open(vendor, settings, side, objectName, Access::ReadWrite, objectId);
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
