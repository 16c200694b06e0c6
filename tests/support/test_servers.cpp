#include "test_servers.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

namespace ferry::test {

QString TestServers::postgresAdminUrl()
{
    return qEnvironmentVariable("FERRY_TEST_PG_URL");
}

QString TestServers::pgbouncerUrl()
{
    return qEnvironmentVariable("FERRY_TEST_PGBOUNCER_URL");
}

QString TestServers::mysqlAdminUrl()
{
    return qEnvironmentVariable("FERRY_TEST_MYSQL_URL");
}

QString TestServers::mysqlPassword()
{
    return qEnvironmentVariable("FERRY_TEST_MYSQL_PASSWORD");
}

bool TestServers::serversRequired()
{
    return qEnvironmentVariable("FERRY_REQUIRE_SERVERS") == QLatin1String("1");
}

TemporaryPostgresDatabase::TemporaryPostgresDatabase()
{
    if (TestServers::postgresAdminUrl().isEmpty()) {
        m_error = QStringLiteral("FERRY_TEST_PG_URL is not set");
        return;
    }
    const QString name = QStringLiteral("ferry_t_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    if (adminExec(QStringLiteral("CREATE DATABASE ") + name))
        m_name = name;
}

TemporaryPostgresDatabase::~TemporaryPostgresDatabase()
{
    if (!m_name.isEmpty())
        adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
}

QString TemporaryPostgresDatabase::url() const
{
    QUrl admin(TestServers::postgresAdminUrl());
    admin.setPath(QLatin1Char('/') + m_name);
    return admin.toString();
}

QString TemporaryPostgresDatabase::exec(const QStringList &statements) const
{
    const QString connection = QStringLiteral("temporary-pg-") + QUuid::createUuid().toString(QUuid::Id128);
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(host());
        db.setPort(port());
        db.setDatabaseName(m_name);
        db.setUserName(userName());
        db.setPassword(qEnvironmentVariable("PGPASSWORD"));
        if (!db.open()) {
            failure = db.lastError().text();
        } else {
            QSqlQuery query(db);
            for (const QString &sql : statements) {
                if (!query.exec(sql)) {
                    failure = sql + QStringLiteral(": ") + query.lastError().text();
                    break;
                }
            }
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return failure;
}

QString TemporaryPostgresDatabase::host() const
{
    return QUrl(TestServers::postgresAdminUrl()).host();
}

int TemporaryPostgresDatabase::port() const
{
    return QUrl(TestServers::postgresAdminUrl()).port(5432);
}

QString TemporaryPostgresDatabase::userName() const
{
    return QUrl(TestServers::postgresAdminUrl()).userName();
}

bool TemporaryPostgresDatabase::adminExec(const QString &sql)
{
    const QUrl admin(TestServers::postgresAdminUrl());
    const QString connectionName = QStringLiteral("ferry-test-admin-") + QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(admin.host());
        db.setPort(admin.port(5432));
        db.setUserName(admin.userName());
        db.setDatabaseName(admin.path().mid(1));
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok)
                m_error = query.lastError().text();
        } else {
            m_error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok;
}

TemporaryMysqlDatabase::TemporaryMysqlDatabase()
{
    if (TestServers::mysqlAdminUrl().isEmpty()) {
        m_error = QStringLiteral("FERRY_TEST_MYSQL_URL is not set");
        return;
    }
    const QString name = QStringLiteral("ferry_t_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    if (adminExec({QStringLiteral("CREATE DATABASE `%1` CHARACTER SET utf8mb4").arg(name)}))
        m_name = name;
}

TemporaryMysqlDatabase::~TemporaryMysqlDatabase()
{
    // Like PostgreSQL's DROP DATABASE ... WITH (FORCE): connections a test left open would hold metadata locks.
    if (!m_name.isEmpty())
        adminExec({QStringLiteral("SET SESSION lock_wait_timeout = 10"),
                   QStringLiteral("SELECT id FROM information_schema.processlist WHERE db = '%1' "
                                  "AND id <> CONNECTION_ID()")
                       .arg(m_name),
                   QStringLiteral("DROP DATABASE IF EXISTS `%1`").arg(m_name)});
}

QString TemporaryMysqlDatabase::url() const
{
    QUrl admin(TestServers::mysqlAdminUrl());
    admin.setPath(QLatin1Char('/') + m_name);
    return admin.toString();
}

QString TemporaryMysqlDatabase::host() const
{
    return QUrl(TestServers::mysqlAdminUrl()).host();
}

int TemporaryMysqlDatabase::port() const
{
    return QUrl(TestServers::mysqlAdminUrl()).port(3306);
}

QString TemporaryMysqlDatabase::userName() const
{
    return QUrl(TestServers::mysqlAdminUrl()).userName();
}

// Runs the statements in order on an administrator connection; the ids a SELECT returns are connections to kill.
bool TemporaryMysqlDatabase::adminExec(const QStringList &statements)
{
    const QString connectionName = QStringLiteral("ferry-test-mysql-admin-") + QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), connectionName);
        db.setHostName(host());
        db.setPort(port());
        db.setUserName(userName());
        db.setPassword(TestServers::mysqlPassword());
        if (db.open()) {
            ok = true;
            QSqlQuery query(db);
            for (const QString &sql : statements) {
                if (!query.exec(sql)) {
                    m_error = query.lastError().text();
                    ok = false;
                    break;
                }
                if (query.isSelect()) {
                    QStringList ids;
                    while (query.next())
                        ids.append(query.value(0).toString());
                    for (const QString &id : std::as_const(ids))
                        QSqlQuery(db).exec(QStringLiteral("KILL CONNECTION ") + id);  // may be gone already
                }
            }
        } else {
            m_error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok;
}

} // namespace ferry::test
