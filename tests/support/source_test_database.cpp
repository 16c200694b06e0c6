#include "source_test_database.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QUrl>
#include <QUuid>

namespace ferry::test {

namespace {

// The connection fields of a source on a throwaway server database.
template <typename Database>
ConnectionSettings settingsFor(const Database &db, const QString &passwordEnv)
{
    ConnectionSettings settings;
    settings.host = db.host();
    settings.port = db.port();
    settings.database = db.name();
    settings.username = db.userName();
    settings.passwordEnv = passwordEnv;
    return settings;
}

} // namespace

std::string sourceVendorName(const ::testing::TestParamInfo<SourceVendor> &info)
{
    return info.param == SourceVendor::Postgres ? "Postgres" : info.param == SourceVendor::MySql ? "MySql" : "Sqlite";
}

SourceTestDatabase::SourceTestDatabase(SourceVendor vendor, const QString &folder, const QString &sourceName)
    : m_vendor(vendor), m_connection(QStringLiteral("source-test-") + QUuid::createUuid().toString(QUuid::Id128))
{
    m_source.name = sourceName;
    QSqlDatabase db;
    switch (vendor) {
    case SourceVendor::Postgres:
        m_pg = std::make_unique<TemporaryPostgresDatabase>();
        if (!m_pg->isValid()) {
            m_error = m_pg->error();
            return;
        }
        m_source.vendor = QStringLiteral("postgres");
        m_source.connection = settingsFor(*m_pg, QStringLiteral("PGPASSWORD"));
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
        db.setPassword(qEnvironmentVariable("PGPASSWORD"));
        break;
    case SourceVendor::MySql:
        m_my = std::make_unique<TemporaryMysqlDatabase>();
        if (!m_my->isValid()) {
            m_error = m_my->error();
            return;
        }
        m_source.vendor = QStringLiteral("mysql");
        m_source.connection = settingsFor(*m_my, QStringLiteral("FERRY_TEST_MYSQL_PASSWORD"));
        db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), m_connection);
        db.setPassword(TestServers::mysqlPassword());
        break;
    case SourceVendor::Sqlite:
        m_source.vendor = QStringLiteral("sqlite");
        m_source.connection.path = QDir(folder).filePath(QStringLiteral("source.db"));
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(*m_source.connection.path);
        break;
    }
    if (vendor != SourceVendor::Sqlite) {
        db.setHostName(*m_source.connection.host);
        db.setPort(*m_source.connection.port);
        db.setUserName(*m_source.connection.username);
        db.setDatabaseName(*m_source.connection.database);
    }
    if (!db.open())
        m_error = db.lastError().text();
}

SourceTestDatabase::~SourceTestDatabase()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

QString SourceTestDatabase::defaultSchema() const
{
    return m_vendor == SourceVendor::Postgres ? QStringLiteral("public")
           : m_vendor == SourceVendor::MySql  ? m_my->name()
                                              : QStringLiteral("main");
}

void SourceTestDatabase::routeThroughPgBouncer(ConnectionSettings &settings)
{
    const QUrl pooler(TestServers::pgbouncerUrl());
    settings.host = pooler.host();
    settings.port = pooler.port();
    settings.sslMode = QStringLiteral("disable");
}

} // namespace ferry::test
