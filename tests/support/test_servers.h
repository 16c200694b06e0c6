#pragma once

#include "qt_printers.h"

#include <gtest/gtest.h>

#include <QString>
#include <QStringList>

namespace ferry::test {

// The throwaway servers the test command starts on 127.0.0.1 (scripts/test). Their URLs come in through the
// environment; with FERRY_REQUIRE_SERVERS=1 (always so in CI) a missing server fails the test instead of skipping.
class TestServers
{
public:
    // postgresql://user@127.0.0.1:PORT/postgres, password in PGPASSWORD; empty when not started.
    static QString postgresAdminUrl();
    // The same server through PgBouncer in transaction mode (scripts/test-servers.sh); same user and password.
    static QString pgbouncerUrl();
    // mysql://ferry@127.0.0.1:PORT/ (MariaDB), a user with all privileges; empty when not started. Its password is
    // in FERRY_TEST_MYSQL_PASSWORD, never in the URL.
    static QString mysqlAdminUrl();
    static QString mysqlPassword();
    static bool serversRequired();
};

// A fresh PostgreSQL database for one test, dropped afterwards.
class TemporaryPostgresDatabase
{
public:
    TemporaryPostgresDatabase();
    ~TemporaryPostgresDatabase();
    TemporaryPostgresDatabase(const TemporaryPostgresDatabase &) = delete;
    TemporaryPostgresDatabase &operator=(const TemporaryPostgresDatabase &) = delete;

    bool isValid() const { return !m_name.isEmpty(); }
    QString url() const;  // postgresql://user@host:port/<name>
    QString name() const { return m_name; }
    QString host() const;
    int port() const;
    QString userName() const;  // password in PGPASSWORD
    QString error() const { return m_error; }
    // Runs `statements` in this database as userName(), in order; the first failure's text, or empty.
    QString exec(const QStringList &statements) const;

private:
    bool adminExec(const QString &sql);
    QString m_name;
    QString m_error;
};

// A fresh MySQL/MariaDB database (utf8mb4) for one test, dropped afterwards together with any connection left on it.
// Connect to host():port() as userName() with TestServers::mysqlPassword().
class TemporaryMysqlDatabase
{
public:
    TemporaryMysqlDatabase();
    ~TemporaryMysqlDatabase();
    TemporaryMysqlDatabase(const TemporaryMysqlDatabase &) = delete;
    TemporaryMysqlDatabase &operator=(const TemporaryMysqlDatabase &) = delete;

    bool isValid() const { return !m_name.isEmpty(); }
    QString url() const;  // mysql://user@host:port/<name>, no password
    QString name() const { return m_name; }
    QString host() const;
    int port() const;
    QString userName() const;
    QString error() const { return m_error; }

private:
    bool adminExec(const QStringList &statements);
    QString m_name;
    QString m_error;
};

} // namespace ferry::test

// Skips (or, when servers are required, fails) a test that needs PostgreSQL and has none.
#define FERRY_REQUIRE_POSTGRES()                                                                                       \
    do {                                                                                                               \
        if (ferry::test::TestServers::postgresAdminUrl().isEmpty()) {                                                  \
            if (ferry::test::TestServers::serversRequired())                                                           \
                FAIL() << "FERRY_TEST_PG_URL is not set; run the tests through scripts/test";                         \
            GTEST_SKIP() << "no PostgreSQL: set FERRY_TEST_PG_URL (scripts/test starts one)";                         \
        }                                                                                                              \
    } while (false)

// Skips (or, when servers are required, fails) a test that needs MySQL/MariaDB and has none.
#define FERRY_REQUIRE_MYSQL()                                                                                          \
    do {                                                                                                               \
        if (ferry::test::TestServers::mysqlAdminUrl().isEmpty()) {                                                     \
            if (ferry::test::TestServers::serversRequired())                                                           \
                FAIL() << "FERRY_TEST_MYSQL_URL is not set; run the tests through scripts/test";                      \
            GTEST_SKIP() << "no MySQL/MariaDB: set FERRY_TEST_MYSQL_URL (scripts/test starts one)";                   \
        }                                                                                                              \
    } while (false)

// Skips (or, when servers are required, fails) a test that needs PgBouncer and has none.
#define FERRY_REQUIRE_PGBOUNCER()                                                                                      \
    do {                                                                                                               \
        if (ferry::test::TestServers::pgbouncerUrl().isEmpty()) {                                                      \
            if (ferry::test::TestServers::serversRequired())                                                           \
                FAIL() << "FERRY_TEST_PGBOUNCER_URL is not set; run the tests through scripts/test";                  \
            GTEST_SKIP() << "no PgBouncer";                                                                            \
        }                                                                                                              \
    } while (false)
