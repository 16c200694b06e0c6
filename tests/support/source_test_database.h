#pragma once

#include "test_servers.h"

#include "config/source.h"

#include <QString>

#include <memory>

namespace ferry::test {

enum class SourceVendor { Postgres, MySql, Sqlite };

// "Postgres", "MySql", "Sqlite": test names of a suite parameterised by vendor.
std::string sourceVendorName(const ::testing::TestParamInfo<SourceVendor> &info);

// A throwaway source database of one vendor: a fresh PostgreSQL or MariaDB database (dropped afterwards) or an SQLite
// file in `folder`; source() connects to it with its own password_env, and connectionName() is an administrator's
// Qt SQL connection to it, for the test to fill.
class SourceTestDatabase
{
public:
    SourceTestDatabase(SourceVendor vendor, const QString &folder, const QString &sourceName);
    ~SourceTestDatabase();
    SourceTestDatabase(const SourceTestDatabase &) = delete;
    SourceTestDatabase &operator=(const SourceTestDatabase &) = delete;

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    Source &source() { return m_source; }
    QString connectionName() const { return m_connection; }
    // The schema tables are created in: public, the MariaDB database, or main.
    QString defaultSchema() const;
    // Points PostgreSQL connection settings at the test PgBouncer (transaction pooling) in front of the same server.
    static void routeThroughPgBouncer(ConnectionSettings &settings);

private:
    SourceVendor m_vendor;
    Source m_source;
    QString m_connection;
    QString m_error;
    std::unique_ptr<TemporaryPostgresDatabase> m_pg;
    std::unique_ptr<TemporaryMysqlDatabase> m_my;
};

} // namespace ferry::test

// Skips (or, when servers are required, fails) a test whose vendor's server is missing.
#define FERRY_REQUIRE_SOURCE_VENDOR(vendor)                                                                            \
    do {                                                                                                               \
        if ((vendor) == ferry::test::SourceVendor::Postgres)                                                           \
            FERRY_REQUIRE_POSTGRES();                                                                                  \
        else if ((vendor) == ferry::test::SourceVendor::MySql)                                                         \
            FERRY_REQUIRE_MYSQL();                                                                                     \
    } while (false)
