// Connection tests (issue 15): each step against real servers, the server's own words on failure, never a password,
// a fast failure for an unreachable host, and no scratch table left behind.
#include "support/test_servers.h"

#include "connectors/connection_tester.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace ferry::test {

namespace {

QStringList steps(const ConnectionTestResult &result)
{
    QStringList names;
    for (const ConnectionCheck &check : result.checks)
        names << check.step + (check.ok ? u" ok"_s : u" FAILED"_s);
    return names;
}

std::string describe(const ConnectionTestResult &result)
{
    QString text;
    for (const ConnectionCheck &check : result.checks)
        text += u"\n  %1 %2: %3"_s.arg(check.ok ? u"ok"_s : u"FAILED"_s, check.step, check.message);
    return text.toStdString();
}

const QString kWrongPassword = u"wrong-Secret-4711"_s;

} // namespace

class ConnectionTesterTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    void TearDown() override
    {
        for (const QString &name : std::as_const(m_connections)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    }

    // An administrator's connection to the test's PostgreSQL or MariaDB database.
    QString adminConnection(const TemporaryPostgresDatabase &db)
    {
        return adminConnection(u"QPSQL"_s, db.host(), db.port(), db.userName(), qEnvironmentVariable("PGPASSWORD"), db.name());
    }
    QString adminConnection(const TemporaryMysqlDatabase &db)
    {
        return adminConnection(u"QMYSQL"_s, db.host(), db.port(), db.userName(), TestServers::mysqlPassword(), db.name());
    }
    QString adminConnection(const QString &driver, const QString &host, int port, const QString &user,
                            const QString &password, const QString &database)
    {
        const QString name = u"tester-admin-"_s + QUuid::createUuid().toString(QUuid::Id128);
        QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
        db.setHostName(host);
        db.setPort(port);
        db.setUserName(user);
        db.setPassword(password);
        db.setDatabaseName(database);
        EXPECT_TRUE(db.open()) << db.lastError().text().toStdString();
        m_connections << name;
        return name;
    }

    static QStringList query(const QString &connection, const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(connection, false));
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString() << ": " << q.lastError().text().toStdString();
        QStringList values;
        while (q.next())
            values << q.value(0).toString();
        return values;
    }

    // A destination on a throwaway PostgreSQL or MariaDB database, as its administrator.
    template <typename Database>
    static Destination destinationOn(const Database &db, const QString &vendor, const QString &passwordEnv)
    {
        Destination destination;
        destination.name = u"acme warehouse"_s;
        destination.recipient = u"acme"_s;
        destination.vendor = vendor;
        destination.connection.host = db.host();
        destination.connection.port = db.port();
        destination.connection.database = db.name();
        destination.connection.username = db.userName();
        destination.connection.passwordEnv = passwordEnv;
        return destination;
    }
    static Destination postgresDestination(const TemporaryPostgresDatabase &db)
    {
        return destinationOn(db, u"postgres"_s, u"PGPASSWORD"_s);
    }
    static Destination mysqlDestination(const TemporaryMysqlDatabase &db)
    {
        Destination destination = destinationOn(db, u"mysql"_s, u"FERRY_TEST_MYSQL_PASSWORD"_s);
        destination.connection.schema = db.name();
        return destination;
    }

    // Tests `destination` as another user, whose password is in the environment for the test's length.
    static ConnectionTestResult testAs(Destination destination, const QString &user, const QByteArray &password)
    {
        qputenv("FERRY_TEST_OTHER_PASSWORD", password);
        destination.connection.username = user;
        destination.connection.passwordEnv = u"FERRY_TEST_OTHER_PASSWORD"_s;
        ConnectionTestResult result = ConnectionTester::testDestination(destination);
        qunsetenv("FERRY_TEST_OTHER_PASSWORD");
        return result;
    }

    QStringList scratchTablesPostgres(const QString &admin)
    {
        return query(admin, u"SELECT relname FROM pg_class WHERE relname LIKE '\\_ferry\\_connection\\_test%'"_s);
    }

    QTemporaryDir m_dir;
    QStringList m_connections;
};

TEST_F(ConnectionTesterTest, PostgresDestinationCreatesItsSchemaAndLeavesNoScratchTable)
{
    FERRY_REQUIRE_POSTGRES();
    TemporaryPostgresDatabase db;
    ASSERT_TRUE(db.isValid()) << db.error().toStdString();
    Destination destination = postgresDestination(db);
    destination.connection.schema = u"acme reports"_s;
    const ConnectionTestResult result = ConnectionTester::testDestination(destination);
    EXPECT_TRUE(result.ok()) << describe(result);
    EXPECT_EQ(steps(result), (QStringList{u"connect ok"_s, u"schema ok"_s, u"create table ok"_s, u"write ok"_s,
                                          u"read ok"_s, u"clean up ok"_s}));
    EXPECT_TRUE(result.serverVersion.startsWith(u"PostgreSQL "_s)) << result.serverVersion.toStdString();
    EXPECT_TRUE(result.checks.value(1).message.contains(u"created schema \"acme reports\""_s)) << describe(result);
    const QString admin = adminConnection(db);
    EXPECT_EQ(query(admin, u"SELECT nspname FROM pg_namespace WHERE nspname = 'acme reports'"_s).size(), 1);
    EXPECT_TRUE(scratchTablesPostgres(admin).isEmpty());

    const ConnectionTestResult again = ConnectionTester::testDestination(destination);
    EXPECT_TRUE(again.ok()) << describe(again);
    EXPECT_TRUE(again.checks.value(1).message.contains(u"exists"_s)) << describe(again);
}

TEST_F(ConnectionTesterTest, MariaDbDestinationPasses)
{
    FERRY_REQUIRE_MYSQL();
    TemporaryMysqlDatabase db;
    ASSERT_TRUE(db.isValid()) << db.error().toStdString();
    const ConnectionTestResult result = ConnectionTester::testDestination(mysqlDestination(db));
    EXPECT_TRUE(result.ok()) << describe(result);
    EXPECT_EQ(result.checks.size(), 6) << describe(result);
    EXPECT_TRUE(result.serverVersion.startsWith(u"MariaDB "_s)) << result.serverVersion.toStdString();
    const QString admin = adminConnection(db);
    EXPECT_TRUE(query(admin, u"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_NAME LIKE '\\_ferry\\_connection%'"_s)
                    .isEmpty());
}

TEST_F(ConnectionTesterTest, SqliteDestinationAndFolderPass)
{
    Destination sqlite;
    sqlite.name = u"acme file"_s;
    sqlite.vendor = u"sqlite"_s;
    sqlite.connection.path = m_dir.filePath(u"new folder/acme.db"_s);
    const ConnectionTestResult result = ConnectionTester::testDestination(sqlite);
    EXPECT_TRUE(result.ok()) << describe(result);
    EXPECT_EQ(steps(result), (QStringList{u"connect ok"_s, u"create table ok"_s, u"write ok"_s, u"read ok"_s,
                                          u"clean up ok"_s}));
    EXPECT_TRUE(result.serverVersion.startsWith(u"SQLite "_s));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tester-sqlite"_s);
        db.setDatabaseName(*sqlite.connection.path);
        ASSERT_TRUE(db.open());
        m_connections << u"tester-sqlite"_s;
    }
    EXPECT_TRUE(query(u"tester-sqlite"_s, u"SELECT name FROM sqlite_master WHERE type = 'table'"_s).isEmpty());

    Destination folder;
    folder.name = u"acme bucket"_s;
    folder.vendor = u"object_storage"_s;
    folder.connection.path = m_dir.filePath(u"exports/acme"_s);
    const ConnectionTestResult files = ConnectionTester::testDestination(folder);
    EXPECT_TRUE(files.ok()) << describe(files);
    EXPECT_EQ(steps(files), (QStringList{u"folder ok"_s, u"write ok"_s, u"read ok"_s, u"clean up ok"_s}));
    EXPECT_TRUE(QDir(*folder.connection.path).exists());
    EXPECT_TRUE(QDir(*folder.connection.path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());

    // A folder that cannot exist: its parent is a file.
    QFile blocker(m_dir.filePath(u"not a folder"_s));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    folder.connection.path = m_dir.filePath(u"not a folder/acme"_s);
    const ConnectionTestResult blocked = ConnectionTester::testDestination(folder);
    EXPECT_FALSE(blocked.ok());
    EXPECT_EQ(steps(blocked), QStringList{u"folder FAILED"_s});
}

TEST_F(ConnectionTesterTest, WrongPasswordShowsTheServersWordsAndNeverThePassword)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_MYSQL();
    TemporaryPostgresDatabase pg;
    TemporaryMysqlDatabase my;
    ASSERT_TRUE(pg.isValid() && my.isValid());
    qputenv("FERRY_TEST_WRONG_PASSWORD", kWrongPassword.toUtf8());
    Destination pgDestination = postgresDestination(pg);
    pgDestination.connection.passwordEnv = u"FERRY_TEST_WRONG_PASSWORD"_s;
    Destination myDestination = mysqlDestination(my);
    myDestination.connection.passwordEnv = u"FERRY_TEST_WRONG_PASSWORD"_s;
    Source source;
    source.name = u"shop"_s;
    source.vendor = u"postgres"_s;
    source.connection = pgDestination.connection;
    const QList<std::pair<ConnectionTestResult, QString>> results = {
        {ConnectionTester::testDestination(pgDestination), u"password authentication failed"_s},
        {ConnectionTester::testDestination(myDestination), u"Access denied"_s},
        {ConnectionTester::testSource(source), u"password authentication failed"_s}};
    qunsetenv("FERRY_TEST_WRONG_PASSWORD");
    for (const auto &[result, words] : results) {
        EXPECT_FALSE(result.ok());
        ASSERT_EQ(steps(result), QStringList{u"connect FAILED"_s}) << describe(result);
        EXPECT_TRUE(result.checks.first().message.contains(words)) << describe(result);
        EXPECT_FALSE(result.checks.first().message.contains(kWrongPassword)) << describe(result);
        EXPECT_FALSE(result.checks.first().hint.contains(kWrongPassword));
    }
}

TEST_F(ConnectionTesterTest, ServerThatNeverAnswersFailsWithinTheTimeout)
{
    // The kernel completes the TCP handshake for a listening socket; nothing ever reads or writes on it, as with a
    // firewall that lets the connection in and a server that hangs.
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost));
    Destination destination;
    destination.name = u"far away"_s;
    destination.vendor = u"postgres"_s;
    destination.connection.host = u"127.0.0.1"_s;
    destination.connection.port = silent.serverPort();
    destination.connection.database = u"db"_s;
    destination.connection.username = u"u"_s;
    Source source;
    source.name = u"far source"_s;
    source.vendor = u"mysql"_s;
    source.connection = destination.connection;
    for (int vendor = 0; vendor < 2; ++vendor) {
        QElapsedTimer timer;
        timer.start();
        const ConnectionTestResult result = vendor == 0 ? ConnectionTester::testDestination(destination, 2)
                                                        : ConnectionTester::testSource(source, 2);
        const qint64 ms = timer.elapsed();
        EXPECT_FALSE(result.ok());
        EXPECT_EQ(steps(result), QStringList{u"connect FAILED"_s}) << describe(result);
        // MariaDB with ssl_mode prefer waits twice: for the greeting of its TLS probe, then of the connection.
        EXPECT_LT(ms, vendor == 0 ? 3500 : 5500) << describe(result);
        std::cout << (vendor == 0 ? "postgres" : "mariadb") << " silent server, timeout 2 s: failed after " << ms
                  << " ms: " << result.checks.value(0).message.toStdString() << "\n";
    }

    // Nothing listens: refused at once.
    const quint16 port = silent.serverPort();
    silent.close();
    destination.connection.port = port;
    QElapsedTimer timer;
    timer.start();
    const ConnectionTestResult refused = ConnectionTester::testDestination(destination, 2);
    EXPECT_EQ(steps(refused), QStringList{u"connect FAILED"_s}) << describe(refused);
    EXPECT_TRUE(refused.checks.value(0).message.contains(u"refused"_s)) << describe(refused);
    EXPECT_LT(timer.elapsed(), 1000);
}

TEST_F(ConnectionTesterTest, PostgresUserWithoutCreateRightsFailsAtThatStep)
{
    FERRY_REQUIRE_POSTGRES();
    TemporaryPostgresDatabase db;
    ASSERT_TRUE(db.isValid()) << db.error().toStdString();
    const QString admin = adminConnection(db);
    const QString role = u"ferry_reader_"_s + QUuid::createUuid().toString(QUuid::Id128).left(8);
    query(admin, u"CREATE ROLE %1 LOGIN PASSWORD 'reader-pw-1'"_s.arg(role));
    query(admin, u"REVOKE CREATE ON SCHEMA public FROM PUBLIC"_s);
    Destination destination = postgresDestination(db);
    const ConnectionTestResult inPublic = testAs(destination, role, "reader-pw-1");
    destination.connection.schema = u"reports"_s;
    const ConnectionTestResult newSchema = testAs(destination, role, "reader-pw-1");
    query(admin, u"DROP ROLE %1"_s.arg(role));

    EXPECT_EQ(steps(inPublic), (QStringList{u"connect ok"_s, u"schema ok"_s, u"create table FAILED"_s})) << describe(inPublic);
    EXPECT_TRUE(inPublic.checks.last().message.contains(u"permission denied for schema public"_s)) << describe(inPublic);
    EXPECT_EQ(steps(newSchema), (QStringList{u"connect ok"_s, u"schema FAILED"_s})) << describe(newSchema);
    EXPECT_TRUE(newSchema.checks.last().message.contains(u"permission denied for database"_s)) << describe(newSchema);
    EXPECT_TRUE(scratchTablesPostgres(admin).isEmpty());
}

TEST_F(ConnectionTesterTest, MariaDbUserWithoutCreateRightsFailsAtThatStep)
{
    FERRY_REQUIRE_MYSQL();
    TemporaryMysqlDatabase db;
    ASSERT_TRUE(db.isValid()) << db.error().toStdString();
    const QString admin = adminConnection(db);
    const QString user = u"ferry_reader_"_s + QUuid::createUuid().toString(QUuid::Id128).left(8);
    query(admin, u"CREATE USER '%1'@'127.0.0.1' IDENTIFIED BY 'reader-pw-1'"_s.arg(user));
    query(admin, u"GRANT SELECT, INSERT ON `%1`.* TO '%2'@'127.0.0.1'"_s.arg(db.name(), user));
    const ConnectionTestResult result = testAs(mysqlDestination(db), user, "reader-pw-1");
    query(admin, u"DROP USER '%1'@'127.0.0.1'"_s.arg(user));

    EXPECT_EQ(steps(result), (QStringList{u"connect ok"_s, u"schema ok"_s, u"create table FAILED"_s})) << describe(result);
    EXPECT_TRUE(result.checks.last().message.contains(u"CREATE command denied"_s)) << describe(result);
}

TEST_F(ConnectionTesterTest, SourceReportsVersionAndWhatTheTenancyNeeds)
{
    FERRY_REQUIRE_POSTGRES();
    TemporaryPostgresDatabase db;
    ASSERT_TRUE(db.isValid()) << db.error().toStdString();
    const QString admin = adminConnection(db);
    Source source;
    source.name = u"shop"_s;
    source.vendor = u"postgres"_s;
    source.connection = postgresDestination(db).connection;
    const ConnectionTestResult empty = ConnectionTester::testSource(source);
    EXPECT_EQ(steps(empty), (QStringList{u"connect ok"_s, u"tables FAILED"_s})) << describe(empty);

    query(admin, u"CREATE TABLE events (id int)"_s);
    query(admin, u"CREATE SCHEMA tenant_a"_s);
    const ConnectionTestResult tables = ConnectionTester::testSource(source);
    EXPECT_TRUE(tables.ok()) << describe(tables);
    EXPECT_TRUE(tables.serverVersion.startsWith(u"PostgreSQL "_s));
    EXPECT_TRUE(tables.checks.value(1).message.startsWith(u"1 table"_s)) << describe(tables);

    source.tenancy = u"schema_tenanted"_s;
    const ConnectionTestResult schemas = ConnectionTester::testSource(source);
    EXPECT_EQ(steps(schemas), (QStringList{u"connect ok"_s, u"schemas ok"_s})) << describe(schemas);
    EXPECT_TRUE(schemas.checks.value(1).message.contains(u"tenant_a"_s)) << describe(schemas);
}

TEST_F(ConnectionTesterTest, CancelledTestStopsAndLeavesNothing)
{
    Destination sqlite;
    sqlite.name = u"acme file"_s;
    sqlite.vendor = u"sqlite"_s;
    sqlite.connection.path = m_dir.filePath(u"acme.db"_s);
    auto cancel = std::make_shared<QueryCancel>();
    cancel->cancel();
    const ConnectionTestResult result = ConnectionTester::testDestination(sqlite, 10, cancel);
    EXPECT_FALSE(result.ok());
    ASSERT_FALSE(result.checks.isEmpty());
    EXPECT_EQ(result.checks.last().message, u"cancelled"_s) << describe(result);
}

} // namespace ferry::test
