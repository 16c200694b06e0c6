// ssl_mode on every vendor, against the test servers' TLS (scripts/test-servers.sh): a certificate for `localhost`
// only, signed by a throwaway CA, and a user on each server that is let in over TLS only.
#include "connectors/database_connection.h"
#include "connectors/mysql/mysql_tls_probe.h"
#include "support/test_servers.h"

#include <gtest/gtest.h>

#include <QUrl>

namespace ferry::test {
namespace {

#define FERRY_REQUIRE_TLS_USERS()                                                                                      \
    do {                                                                                                               \
        if (qEnvironmentVariable("FERRY_TEST_CA_CERT").isEmpty()) {                                                    \
            if (TestServers::serversRequired())                                                                        \
                FAIL() << "FERRY_TEST_CA_CERT is not set; run the tests through scripts/test";                        \
            GTEST_SKIP() << "no TLS test servers (scripts/test starts them)";                                          \
        }                                                                                                              \
    } while (false)

// The TLS-only user of the server behind `adminUrl`; its password is in `passwordEnv`.
ConnectionSettings tlsUser(const QString &adminUrl, const char *userEnv, const char *passwordEnv,
                           const QString &database, const QString &sslMode)
{
    const QUrl admin(adminUrl);
    ConnectionSettings settings;
    settings.host = admin.host();
    settings.port = admin.port();
    settings.database = database;
    settings.username = qEnvironmentVariable(userEnv);
    settings.passwordEnv = QString::fromLatin1(passwordEnv);
    settings.sslMode = sslMode;
    if (sslMode.startsWith(QLatin1String("verify")))
        settings.sslRootCert = qEnvironmentVariable("FERRY_TEST_CA_CERT");
    return settings;
}

ConnectionSettings postgresTls(const QString &sslMode)
{
    return tlsUser(TestServers::postgresAdminUrl(), "FERRY_TEST_PG_TLS_USER", "FERRY_TEST_PG_TLS_PASSWORD",
                   QStringLiteral("postgres"), sslMode);
}

ConnectionSettings mysqlTls(const QString &sslMode)
{
    return tlsUser(TestServers::mysqlAdminUrl(), "FERRY_TEST_MYSQL_TLS_USER", "FERRY_TEST_MYSQL_TLS_PASSWORD",
                   QStringLiteral("mysql"), sslMode);
}

Result<std::unique_ptr<DatabaseConnection>> open(const QString &vendor, const ConnectionSettings &settings)
{
    return DatabaseConnection::open(vendor, settings, ConnectionSide::Source, QStringLiteral("customer db"));
}

// The session's TLS as the server sees it: empty when plain.
QString sessionCipher(const DatabaseConnection &connection)
{
    const QString sql = connection.dialect().isPostgres()
                            ? QStringLiteral("SELECT coalesce(cipher, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                            : QStringLiteral("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
                                             "WHERE VARIABLE_NAME = 'SSL_CIPHER'");
    Result<QSqlQuery> query = connection.select(sql, QStringLiteral("reading the session's cipher"));
    if (!query || !query->next())
        return QStringLiteral("?");
    return query->value(0).toString();
}

void expectConnectsWithTls(const QString &vendor, const ConnectionSettings &settings)
{
    Result<std::unique_ptr<DatabaseConnection>> connection = open(vendor, settings);
    ASSERT_TRUE(connection.ok()) << connection.error().toString().toStdString();
    EXPECT_FALSE(sessionCipher(**connection).isEmpty()) << "connected without TLS";
}

void expectRefused(const QString &vendor, const ConnectionSettings &settings, const QString &expected)
{
    Result<std::unique_ptr<DatabaseConnection>> connection = open(vendor, settings);
    ASSERT_FALSE(connection.ok()) << "connected with ssl_mode " << settings.effectiveSslMode().toStdString();
    EXPECT_TRUE(connection.error().message.contains(QStringLiteral("\"customer db\"")))
        << connection.error().message.toStdString();
    EXPECT_TRUE(connection.error().message.contains(expected, Qt::CaseInsensitive))
        << connection.error().message.toStdString();
}

TEST(ConnectionTls, PostgresRequireConnectsTlsOnlyUser)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_TLS_USERS();
    expectConnectsWithTls(QStringLiteral("postgres"), postgresTls(QStringLiteral("require")));
}

TEST(ConnectionTls, PostgresDisableIsRefusedForTlsOnlyUser)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_TLS_USERS();
    expectRefused(QStringLiteral("postgres"), postgresTls(QStringLiteral("disable")), QStringLiteral("no encryption"));
}

TEST(ConnectionTls, PostgresVerifyCaConnectsWithTheRightCa)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_TLS_USERS();
    expectConnectsWithTls(QStringLiteral("postgres"), postgresTls(QStringLiteral("verify-ca")));
}

TEST(ConnectionTls, PostgresVerifyFullRefusesHostNotInCertificate)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_TLS_USERS();
    ConnectionSettings settings = postgresTls(QStringLiteral("verify-full"));
    ASSERT_EQ(settings.host, QStringLiteral("127.0.0.1")); // the certificate names localhost only
    expectRefused(QStringLiteral("postgres"), settings, QStringLiteral("does not match host name"));
    settings.host = QStringLiteral("localhost");
    expectConnectsWithTls(QStringLiteral("postgres"), settings);
}

TEST(ConnectionTls, MysqlRequireConnectsTlsOnlyUser)
{
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    expectConnectsWithTls(QStringLiteral("mysql"), mysqlTls(QStringLiteral("require")));
}

TEST(ConnectionTls, MysqlRequireUsesTlsForAnyUser)
{
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    ConnectionSettings settings = mysqlTls(QStringLiteral("require"));
    settings.username = QUrl(TestServers::mysqlAdminUrl()).userName();
    settings.passwordEnv = QStringLiteral("FERRY_TEST_MYSQL_PASSWORD");
    expectConnectsWithTls(QStringLiteral("mysql"), settings);
}

TEST(ConnectionTls, MysqlPreferUsesTlsWhenTheServerOffersIt)
{
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    expectConnectsWithTls(QStringLiteral("mysql"), mysqlTls(QStringLiteral("prefer")));
}

TEST(ConnectionTls, MysqlDisableIsRefusedForTlsOnlyUser)
{
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    expectRefused(QStringLiteral("mysql"), mysqlTls(QStringLiteral("disable")), QStringLiteral("Access denied"));
}

TEST(ConnectionTls, MysqlVerifyCaConnectsWithTheRightCa)
{
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    expectConnectsWithTls(QStringLiteral("mysql"), mysqlTls(QStringLiteral("verify-ca")));
}

TEST(ConnectionTls, MysqlVerifyFullRefusesHostNotInCertificate)
{
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    ConnectionSettings settings = mysqlTls(QStringLiteral("verify-full"));
    ASSERT_EQ(settings.host, QStringLiteral("127.0.0.1")); // the certificate names localhost only
    expectRefused(QStringLiteral("mysql"), settings, QStringLiteral("does not match host name"));
}

TEST(ConnectionTls, VerifyCaWithoutTheServersCaIsRefused)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    // No ssl_root_cert: libpq looks for ~/.postgresql/root.crt, MariaDB for the system's CAs; neither trusts the
    // throwaway CA.
    ConnectionSettings postgres = postgresTls(QStringLiteral("verify-ca"));
    postgres.sslRootCert.reset();
    expectRefused(QStringLiteral("postgres"), postgres, QStringLiteral("root certificate"));
    ConnectionSettings mysql = mysqlTls(QStringLiteral("verify-ca"));
    mysql.sslRootCert.reset();
    expectRefused(QStringLiteral("mysql"), mysql, QStringLiteral("certificate"));
}

// Values are never pasted into the drivers' option strings: an ssl_root_cert that carries more options is a file
// name that does not exist, never an instruction to connect without TLS (or elsewhere).
TEST(ConnectionTls, OptionsInsideAValueAreNeverObeyed)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    const QString ca = qEnvironmentVariable("FERRY_TEST_CA_CERT");
    for (const QString &value : QStringList{ca + QStringLiteral(" sslmode=disable"), ca + QStringLiteral("' sslmode='disable"),
                                            ca + QStringLiteral(";sslmode=disable")}) {
        ConnectionSettings postgres = postgresTls(QStringLiteral("verify-ca"));
        postgres.sslRootCert = value;
        expectRefused(QStringLiteral("postgres"), postgres, QStringLiteral("root certificate"));
    }
    // MariaDB's options are split at ';' by Qt's driver: one there would add an option of the author's choosing.
    ConnectionSettings mysql = mysqlTls(QStringLiteral("verify-ca"));
    mysql.sslRootCert = ca + QStringLiteral(";SSL_CAPATH=/etc/ssl/certs");
    expectRefused(QStringLiteral("mysql"), mysql, QStringLiteral("ssl_root_cert"));
}

TEST(MysqlTlsProbe, AcceptsTheNameInTheCertificateAndRefusesOthers)
{
    FERRY_REQUIRE_MYSQL();
    FERRY_REQUIRE_TLS_USERS();
    const int port = QUrl(TestServers::mysqlAdminUrl()).port();
    const QString ca = qEnvironmentVariable("FERRY_TEST_CA_CERT");
    const std::optional<QString> localhost = MysqlTlsProbe::verifyHostName(QStringLiteral("localhost"), port, ca, 10);
    EXPECT_FALSE(localhost.has_value()) << localhost.value_or(QString()).toStdString();
    const std::optional<QString> address = MysqlTlsProbe::verifyHostName(QStringLiteral("127.0.0.1"), port, ca, 10);
    ASSERT_TRUE(address.has_value());
    EXPECT_TRUE(address->contains(QStringLiteral("does not match host name \"127.0.0.1\""))) << address->toStdString();
    const std::optional<QString> untrusted = MysqlTlsProbe::verifyHostName(QStringLiteral("localhost"), port, {}, 10);
    EXPECT_TRUE(untrusted.has_value()) << "the system's CAs trusted the throwaway CA";
}

} // namespace
} // namespace ferry::test
