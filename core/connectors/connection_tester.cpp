#include "connectors/connection_tester.h"

#include "connectors/database_connection.h"
#include "connectors/source_catalog.h"

#include <QDir>
#include <QFile>
#include <QUuid>

namespace ferry {

namespace {

// Records the checks of one test as they run.
class CheckList
{
public:
    CheckList(ConnectionTestResult &result, const QueryCancel *cancel) : m_result(result), m_cancel(cancel) {}

    bool pass(const QString &step, const QString &message)
    {
        m_result.checks << ConnectionCheck{step, true, message, {}};
        return true;
    }
    bool fail(const QString &step, const QString &message, const QString &hint = {})
    {
        m_result.checks << ConnectionCheck{step, false, message, hint};
        return false;
    }
    bool fail(const QString &step, const Error &error) { return fail(step, error.message, error.hint); }
    // False, with the step recorded as cancelled, once the test was cancelled.
    bool mayRun(const QString &step)
    {
        return !(m_cancel && m_cancel->isCancelled()) || fail(step, QStringLiteral("cancelled"));
    }

private:
    ConnectionTestResult &m_result;
    const QueryCancel *m_cancel;
};

ConnectionSettings withTimeout(ConnectionSettings settings, int timeoutSeconds)
{
    if (timeoutSeconds > 0)
        settings.connectTimeoutSeconds = timeoutSeconds;
    return settings;
}

QString serverVersion(const DatabaseConnection &connection)
{
    const SqlDialect &dialect = connection.dialect();
    const QString sql = dialect.isPostgres() ? QStringLiteral("SHOW server_version")
                        : dialect.isMySql()  ? QStringLiteral("SELECT VERSION()")
                                             : QStringLiteral("SELECT sqlite_version()");
    Result<QSqlQuery> query = connection.select(sql, QStringLiteral("reading the server version"));
    if (!query || !query->next())
        return {};
    const QString version = query->value(0).toString();
    if (dialect.isPostgres())
        return QStringLiteral("PostgreSQL ") + version.section(QLatin1Char(' '), 0, 0);
    if (dialect.isMySql()) {
        return version.contains(QLatin1String("MariaDB"), Qt::CaseInsensitive)
                   ? QStringLiteral("MariaDB ") + version.section(QLatin1Char('-'), 0, 0)
                   : QStringLiteral("MySQL ") + version;
    }
    return QStringLiteral("SQLite ") + version;
}

// "connected to host:port/database as user (PostgreSQL 15.5)", or "opened PATH (SQLite 3.40.1)".
QString connectedMessage(const QString &vendor, const ConnectionSettings &settings, const QString &version)
{
    const QString suffix = version.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(version);
    if (vendor == QLatin1String("sqlite"))
        return QStringLiteral("opened %1").arg(settings.path.value_or(QString())) + suffix;
    return QStringLiteral("connected to %1:%2/%3 as %4")
               .arg(settings.host.value_or(QStringLiteral("localhost")))
               .arg(settings.port.value_or(0))
               .arg(settings.database.value_or(QString()), settings.username.value_or(QString())) +
           suffix;
}

// The first value of the first row, or an empty string.
QString scalar(const DatabaseConnection &connection, const QString &sql, const QString &what, const QVariantList &binds,
               Status *status)
{
    Result<QSqlQuery> query = connection.select(sql, what, binds);
    if (!query) {
        *status = query.error();
        return {};
    }
    return query->next() ? query->value(0).toString() : QString();
}

// Makes sure of the destination's schema (a MariaDB database), creating it when missing as a transfer would.
bool checkSchema(const DatabaseConnection &connection, const QString &schema, CheckList &checks)
{
    const SqlDialect &dialect = connection.dialect();
    const QString step = QStringLiteral("schema");
    const QString what = QStringLiteral("looking for the schema");
    Status status;
    if (schema.isEmpty()) {
        const QString current = scalar(connection, dialect.isPostgres() ? QStringLiteral("SELECT current_schema()")
                                                                       : QStringLiteral("SELECT DATABASE()"),
                                       what, {}, &status);
        return status ? checks.pass(step, QStringLiteral("no schema set: tables go to \"%1\"").arg(current))
                      : checks.fail(step, status.error());
    }
    const QString found = scalar(connection, dialect.isPostgres()
                                                 ? QStringLiteral("SELECT 1 FROM pg_namespace WHERE nspname = ?")
                                                 : QStringLiteral("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"),
                                 what, {schema}, &status);
    if (!status)
        return checks.fail(step, status.error());
    if (!found.isEmpty())
        return checks.pass(step, QStringLiteral("schema \"%1\" exists").arg(schema));
    const QString create = dialect.isPostgres() ? QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1")
                                                : QStringLiteral("CREATE DATABASE IF NOT EXISTS %1");
    if (Status created = connection.exec(create.arg(dialect.quote(schema)), QStringLiteral("creating the schema")); !created)
        return checks.fail(step, created.error());
    return checks.pass(step, QStringLiteral("created schema \"%1\"").arg(schema));
}

// Create, write, read: the rights every transfer needs. True when all passed.
bool checkScratchTable(const DatabaseConnection &connection, const QString &table, bool &created, CheckList &checks)
{
    if (!checks.mayRun(QStringLiteral("create table")))
        return false;
    Status status = connection.exec(QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, note VARCHAR(32))").arg(table),
                                    QStringLiteral("creating a scratch table"));
    if (!status)
        return checks.fail(QStringLiteral("create table"), status.error());
    created = true;
    checks.pass(QStringLiteral("create table"), QStringLiteral("created %1").arg(table));
    if (!checks.mayRun(QStringLiteral("write")))
        return false;
    status = connection.exec(QStringLiteral("INSERT INTO %1 (id, note) VALUES (?, ?)").arg(table),
                             QStringLiteral("writing to the scratch table"), {1, QStringLiteral("ferry")});
    if (!status)
        return checks.fail(QStringLiteral("write"), status.error());
    checks.pass(QStringLiteral("write"), QStringLiteral("inserted a row"));
    if (!checks.mayRun(QStringLiteral("read")))
        return false;
    const QString note = scalar(connection, QStringLiteral("SELECT note FROM %1 WHERE id = ?").arg(table),
                                QStringLiteral("reading the scratch table"), {1}, &status);
    if (!status)
        return checks.fail(QStringLiteral("read"), status.error());
    if (note != QLatin1String("ferry"))
        return checks.fail(QStringLiteral("read"), QStringLiteral("read back \"%1\" instead of the row written").arg(note));
    return checks.pass(QStringLiteral("read"), QStringLiteral("read the row back"));
}

ConnectionTestResult testDatabase(const Destination &destination, int timeoutSeconds, QueryCancel *cancel)
{
    ConnectionTestResult result;
    CheckList checks(result, cancel);
    const ConnectionSettings settings = withTimeout(destination.connection, timeoutSeconds);
    Result<std::unique_ptr<DatabaseConnection>> opened =
        DatabaseConnection::open(destination.vendor, settings, ConnectionSide::Destination, destination.name,
                                 Access::ReadWrite, destination.id);
    if (!opened) {
        checks.fail(QStringLiteral("connect"), opened.error());
        return result;
    }
    const DatabaseConnection &connection = **opened;
    const SqlDialect &dialect = connection.dialect();
    const QString schema = dialect.isSqlite() ? QString() : destination.connection.schema.value_or(QString());
    const QString table = dialect.table(schema, QStringLiteral("_ferry_connection_test_") +
                                                    QUuid::createUuid().toString(QUuid::Id128).left(12));
    bool created = false;
    {
        const QueryCancel::Scope cancellable(cancel, connection.canceller());
        result.serverVersion = serverVersion(connection);
        checks.pass(QStringLiteral("connect"), connectedMessage(destination.vendor, settings, result.serverVersion));
        if (!checks.mayRun(QStringLiteral("schema")))
            return result;
        if (!dialect.isSqlite() && !checkSchema(connection, schema, checks))
            return result;
        checkScratchTable(connection, table, created, checks);
    }
    // Outside the cancellable scope: a cancel never leaves the scratch table behind.
    if (created) {
        if (Status dropped = connection.exec(QStringLiteral("DROP TABLE %1").arg(table), QStringLiteral("dropping the scratch table")))
            checks.pass(QStringLiteral("clean up"), QStringLiteral("dropped %1").arg(table));
        else
            checks.fail(QStringLiteral("clean up"), dropped.error());
    }
    return result;
}

// Object storage: the folder files are delivered to can be created, written, read and cleaned.
ConnectionTestResult testFolder(const Destination &destination, QueryCancel *cancel)
{
    ConnectionTestResult result;
    CheckList checks(result, cancel);
    const QString path = destination.connection.path.value_or(QString());
    if (path.isEmpty()) {
        checks.fail(QStringLiteral("folder"), QStringLiteral("destination \"%1\" has no path").arg(destination.name),
                    QStringLiteral("set path to the folder files are delivered to"));
        return result;
    }
    const bool existed = QFileInfo(path).isDir();
    if (!QDir().mkpath(path)) {
        checks.fail(QStringLiteral("folder"), QStringLiteral("cannot create the folder %1").arg(path),
                    QStringLiteral("check that its parent is a folder this user may write to"));
        return result;
    }
    checks.pass(QStringLiteral("folder"), (existed ? QStringLiteral("folder %1 exists") : QStringLiteral("created folder %1")).arg(path));
    QFile file(QDir(path).filePath(QStringLiteral(".ferry_connection_test_") +
                                   QUuid::createUuid().toString(QUuid::Id128).left(12)));
    if (!checks.mayRun(QStringLiteral("write")))
        return result;
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) || file.write("ferry") != 5 || !file.flush()) {
        checks.fail(QStringLiteral("write"), QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
        return result;
    }
    file.close();
    checks.pass(QStringLiteral("write"), QStringLiteral("wrote %1").arg(file.fileName()));
    if (checks.mayRun(QStringLiteral("read"))) {
        if (!file.open(QIODevice::ReadOnly))
            checks.fail(QStringLiteral("read"), QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
        else if (file.readAll() != "ferry")
            checks.fail(QStringLiteral("read"), QStringLiteral("%1 did not read back as written").arg(file.fileName()));
        else
            checks.pass(QStringLiteral("read"), QStringLiteral("read it back"));
        file.close();
    }
    if (file.remove())
        checks.pass(QStringLiteral("clean up"), QStringLiteral("removed %1").arg(file.fileName()));
    else
        checks.fail(QStringLiteral("clean up"), QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
    return result;
}

} // namespace

bool ConnectionTestResult::ok() const
{
    if (checks.isEmpty())
        return false;
    for (const ConnectionCheck &check : checks) {
        if (!check.ok)
            return false;
    }
    return true;
}

ConnectionTestResult ConnectionTester::testSource(const Source &source, int timeoutSeconds, std::shared_ptr<QueryCancel> cancel)
{
    ConnectionTestResult result;
    CheckList checks(result, cancel.get());
    Source timed = source;
    timed.connection = withTimeout(source.connection, timeoutSeconds);
    // The catalog connects as transfers read: read-only, with the source's own credentials.
    Result<std::unique_ptr<SourceCatalog>> catalog = SourceCatalog::open(timed);
    if (!catalog) {
        checks.fail(QStringLiteral("connect"), catalog.error());
        return result;
    }
    const QueryCancel::Scope cancellable(cancel.get(), (*catalog)->connection().canceller());
    result.serverVersion = serverVersion((*catalog)->connection());
    checks.pass(QStringLiteral("connect"), connectedMessage(source.vendor, timed.connection, result.serverVersion));
    if (source.isSchemaTenanted()) {
        if (!checks.mayRun(QStringLiteral("schemas")))
            return result;
        Result<QStringList> schemas = (*catalog)->schemas();
        if (!schemas)
            checks.fail(QStringLiteral("schemas"), schemas.error());
        else if (schemas->isEmpty())
            checks.fail(QStringLiteral("schemas"), QStringLiteral("no schema is visible to this user"),
                        QStringLiteral("grant USAGE on each recipient's schema"));
        else
            checks.pass(QStringLiteral("schemas"), QStringLiteral("%1 schema(s) visible, one per recipient: %2")
                                                        .arg(schemas->size())
                                                        .arg(schemas->mid(0, 5).join(QStringLiteral(", ")) +
                                                             (schemas->size() > 5 ? QStringLiteral(", ...") : QString())));
        return result;
    }
    if (!checks.mayRun(QStringLiteral("tables")))
        return result;
    Result<QList<CatalogTable>> tables = (*catalog)->tables();
    if (!tables)
        checks.fail(QStringLiteral("tables"), tables.error());
    else if (tables->isEmpty())
        checks.fail(QStringLiteral("tables"), QStringLiteral("no table or view is visible in the default schema"),
                    QStringLiteral("check the database name and that the user may read its tables"));
    else
        checks.pass(QStringLiteral("tables"), QStringLiteral("%1 table(s) and view(s) visible").arg(tables->size()));
    return result;
}

ConnectionTestResult ConnectionTester::testDestination(const Destination &destination, int timeoutSeconds,
                                                       std::shared_ptr<QueryCancel> cancel)
{
    if (destination.vendor == QLatin1String("object_storage"))
        return testFolder(destination, cancel.get());
    if (destination.isDatabase())
        return testDatabase(destination, timeoutSeconds, cancel.get());
    ConnectionTestResult result;
    result.checks << ConnectionCheck{QStringLiteral("connect"), false,
                                     QStringLiteral("destination \"%1\": Ferry cannot test %2 destinations yet")
                                         .arg(destination.name, destination.vendor),
                                     QStringLiteral("this build has no %1 connector").arg(destination.vendor)};
    return result;
}

} // namespace ferry
