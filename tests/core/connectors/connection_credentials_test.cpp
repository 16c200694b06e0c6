// A source or destination connects with its own password_env only: never with the operator's PGPASSWORD, PGPASSFILE,
// ~/.pgpass (the state database's credentials), MYSQL_PWD or a MySQL option file, which would send them to a server
// the customer owns.
#include "connectors/database_connection.h"
#include "support/test_servers.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QUrl>

namespace ferry::test {
namespace {

// Sets (or, with a null value, unsets) an environment variable for one scope.
class ScopedEnv
{
public:
    ScopedEnv(const char *name, const QByteArray &value) : m_name(name), m_wasSet(qEnvironmentVariableIsSet(name))
    {
        m_old = qgetenv(name);
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_wasSet)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    const char *m_name;
    bool m_wasSet;
    QByteArray m_old;
};

ConnectionSettings postgresSettings()
{
    const QUrl admin(TestServers::postgresAdminUrl());
    ConnectionSettings settings;
    settings.host = admin.host();
    settings.port = admin.port(5432);
    settings.database = admin.path().mid(1);
    settings.username = admin.userName();
    settings.sslMode = QStringLiteral("disable");
    return settings;
}

ConnectionSettings mysqlSettings()
{
    const QUrl admin(TestServers::mysqlAdminUrl());
    ConnectionSettings settings;
    settings.host = admin.host();
    settings.port = admin.port(3306);
    settings.database = QStringLiteral("mysql");
    settings.username = admin.userName();
    settings.sslMode = QStringLiteral("disable");
    return settings;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void expectRefused(const Result<std::unique_ptr<DatabaseConnection>> &connection, const QString &code,
                   const QString &objectName)
{
    ASSERT_FALSE(connection.ok()) << "connected with the operator's credentials";
    EXPECT_EQ(connection.error().code, code) << connection.error().toString().toStdString();
    EXPECT_TRUE(connection.error().message.contains(QLatin1Char('"') + objectName + QLatin1Char('"')))
        << connection.error().message.toStdString();
}

TEST(ConnectionCredentials, PostgresWithoutPasswordEnvIgnoresPgpassword)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_FALSE(qEnvironmentVariable("PGPASSWORD").isEmpty()) << "the test server's password is in PGPASSWORD";
    expectRefused(DatabaseConnection::open(QStringLiteral("postgres"), postgresSettings(), ConnectionSide::Source,
                                           QStringLiteral("customer db")),
                  QStringLiteral("FERRY-SRC-AUTH"), QStringLiteral("customer db"));
}

TEST(ConnectionCredentials, PostgresWithoutPasswordEnvIgnoresPassFiles)
{
    FERRY_REQUIRE_POSTGRES();
    const QByteArray password = qgetenv("PGPASSWORD");
    QTemporaryDir home;
    ASSERT_TRUE(home.isValid());
    const QByteArray line = "*:*:*:*:" + password + "\n";
    writeFile(home.filePath(QStringLiteral(".pgpass")), line);
    writeFile(home.filePath(QStringLiteral("passfile")), line);
    ScopedEnv noPassword("PGPASSWORD", QByteArray());
    {
        ScopedEnv homeDir("HOME", QFile::encodeName(home.path()));  // ~/.pgpass
        expectRefused(DatabaseConnection::open(QStringLiteral("postgres"), postgresSettings(),
                                               ConnectionSide::Destination, QStringLiteral("acme warehouse")),
                      QStringLiteral("FERRY-DST-AUTH"), QStringLiteral("acme warehouse"));
    }
    ScopedEnv passFile("PGPASSFILE", QFile::encodeName(home.filePath(QStringLiteral("passfile"))));
    expectRefused(DatabaseConnection::open(QStringLiteral("postgres"), postgresSettings(), ConnectionSide::Destination,
                                           QStringLiteral("acme warehouse")),
                  QStringLiteral("FERRY-DST-AUTH"), QStringLiteral("acme warehouse"));
}

TEST(ConnectionCredentials, PostgresWithPasswordEnvConnects)
{
    FERRY_REQUIRE_POSTGRES();
    ConnectionSettings settings = postgresSettings();
    settings.passwordEnv = QStringLiteral("FERRY_TEST_OWN_PASSWORD");
    ScopedEnv own("FERRY_TEST_OWN_PASSWORD", qgetenv("PGPASSWORD"));
    ScopedEnv noPassword("PGPASSWORD", QByteArray());
    Result<std::unique_ptr<DatabaseConnection>> connection = DatabaseConnection::open(
        QStringLiteral("postgres"), settings, ConnectionSide::Source, QStringLiteral("customer db"));
    ASSERT_TRUE(connection.ok()) << connection.error().toString().toStdString();
    EXPECT_TRUE((*connection)->exec(QStringLiteral("SELECT 1"), QStringLiteral("testing")).ok());
}

TEST(ConnectionCredentials, MysqlWithoutPasswordEnvIgnoresMysqlPwd)
{
    FERRY_REQUIRE_MYSQL();
    ScopedEnv pwd("MYSQL_PWD", TestServers::mysqlPassword().toUtf8());
    expectRefused(DatabaseConnection::open(QStringLiteral("mysql"), mysqlSettings(), ConnectionSide::Source,
                                           QStringLiteral("shop db")),
                  QStringLiteral("FERRY-SRC-AUTH"), QStringLiteral("shop db"));
}

TEST(ConnectionCredentials, MysqlWithoutPasswordEnvIgnoresOptionFiles)
{
    FERRY_REQUIRE_MYSQL();
    QTemporaryDir home;
    ASSERT_TRUE(home.isValid());
    const QByteArray options = "[client]\npassword=" + TestServers::mysqlPassword().toUtf8() + "\n";
    writeFile(home.filePath(QStringLiteral(".my.cnf")), options);
    ScopedEnv homeDir("HOME", QFile::encodeName(home.path()));
    ScopedEnv mysqlHome("MYSQL_HOME", QFile::encodeName(home.path()));
    expectRefused(DatabaseConnection::open(QStringLiteral("mysql"), mysqlSettings(), ConnectionSide::Destination,
                                           QStringLiteral("shop warehouse")),
                  QStringLiteral("FERRY-DST-AUTH"), QStringLiteral("shop warehouse"));
}

TEST(ConnectionCredentials, MysqlWithPasswordEnvConnects)
{
    FERRY_REQUIRE_MYSQL();
    ConnectionSettings settings = mysqlSettings();
    settings.passwordEnv = QStringLiteral("FERRY_TEST_MYSQL_PASSWORD");
    Result<std::unique_ptr<DatabaseConnection>> connection = DatabaseConnection::open(
        QStringLiteral("mysql"), settings, ConnectionSide::Destination, QStringLiteral("shop warehouse"));
    ASSERT_TRUE(connection.ok()) << connection.error().toString().toStdString();
    EXPECT_TRUE((*connection)->exec(QStringLiteral("SELECT 1"), QStringLiteral("testing")).ok());
}

TEST(ConnectionCredentials, SshTunnelIsNeverBypassed)
{
    FERRY_REQUIRE_POSTGRES();
    // The server is reachable directly, yet the object asks for a tunnel Ferry cannot open: no direct connection.
    ConnectionSettings settings = postgresSettings();
    settings.passwordEnv = QStringLiteral("PGPASSWORD");
    settings.sshTunnel = SshTunnel{QStringLiteral("bastion.example.com"), {}, QStringLiteral("ferry"), {}, {}};
    const Result<std::unique_ptr<DatabaseConnection>> connection = DatabaseConnection::open(
        QStringLiteral("postgres"), settings, ConnectionSide::Source, QStringLiteral("customer db"));
    ASSERT_FALSE(connection.ok()) << "connected around the ssh_tunnel";
    EXPECT_EQ(connection.error().code, QStringLiteral("FERRY-SRC-SSH-TUNNEL"));
    EXPECT_TRUE(connection.error().message.contains(QStringLiteral("\"customer db\" has an ssh_tunnel")))
        << connection.error().message.toStdString();
}

} // namespace
} // namespace ferry::test
