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

} // namespace ferry::test
