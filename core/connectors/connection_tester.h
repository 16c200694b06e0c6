#pragma once

#include "config/destination.h"
#include "config/source.h"
#include "connectors/query_cancel.h"

#include <QList>
#include <QString>

#include <memory>

namespace ferry {

// One step of a connection test.
struct ConnectionCheck
{
    QString step;    // "connect", "tables", "schemas", "schema", "create table", "write", "read", "clean up", "folder"
    bool ok = false;
    QString message; // the server's own words on failure (passwords masked), or what was checked on success
    QString hint;    // on failure: what to do about it, when Ferry knows
};

struct ConnectionTestResult
{
    QList<ConnectionCheck> checks; // in the order they ran; stops at the first failure (a clean-up still runs)
    bool ok() const;
    QString serverVersion;         // when known, e.g. "PostgreSQL 15.5"
};

// "Test connection": what a transfer will need of a source or destination, checked step by step with the
// object's own credentials (DatabaseConnection), every failure in the server's words. Blocks: call it off the UI
// thread; `cancel` stops it from another one.
class ConnectionTester
{
public:
    // Connects read-only, reports the server version and that the tenancy's objects are visible: the tables of
    // the default schema (multi_tenant_tables) or the schemas (schema_tenanted, one per recipient).
    static ConnectionTestResult testSource(const Source &source, int timeoutSeconds = 10,
                                           std::shared_ptr<QueryCancel> cancel = {});
    // Databases: connects, creates the schema when missing (as the first transfer would), then creates, writes,
    // reads and drops a scratch table ("_ferry_connection_test_<random>": model names never start with _ferry),
    // dropped even when a step after its creation fails. Object storage: the folder is created if need be and a
    // scratch file written, read and removed.
    static ConnectionTestResult testDestination(const Destination &destination, int timeoutSeconds = 10,
                                                std::shared_ptr<QueryCancel> cancel = {});
};

} // namespace ferry
