// Row preview (issue 15): the rows one recipient would receive, read through the engine's readers with the tenant
// bound as a transfer binds it, on each source vendor; limit, timeout and cancel.
#include "support/source_test_database.h"

#include "engine/row_preview.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <thread>

using namespace Qt::Literals::StringLiterals;

namespace ferry::test {

namespace {

Column column(const QString &source, const QString &destination, const QString &type, bool key = false, bool lm = false)
{
    return Column{source, destination, type, key, lm, std::nullopt};
}

} // namespace

class RowPreviewTest : public ::testing::TestWithParam<SourceVendor>
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        FERRY_REQUIRE_SOURCE_VENDOR(GetParam());
        m_db = std::make_unique<SourceTestDatabase>(GetParam(), m_dir.path(), u"shop db"_s);
        ASSERT_TRUE(m_db->isValid()) << m_db->error().toStdString();
        m_connection = m_db->connectionName();
        m_workspace.sources << m_db->source();

        const bool pg = GetParam() == SourceVendor::Postgres, my = GetParam() == SourceVendor::MySql;
        const QString text = my ? u"VARCHAR(64)"_s : u"TEXT"_s;
        const QString ts = pg ? u"TIMESTAMPTZ"_s : my ? u"DATETIME(6)"_s : u"TEXT"_s;
        exec(u"CREATE TABLE events (org %1 NOT NULL, id BIGINT NOT NULL PRIMARY KEY, note %1, amount DECIMAL(12,2), "
             "updated_at %2 NOT NULL)"_s.arg(text, ts));
        // The recipient's rows: id 2 is the newest, id 3 has a NULL note.
        insert(u"acme"_s, 1, u"'first'"_s, 1);
        insert(u"acme"_s, 2, u"'newest'"_s, 3);
        insert(u"acme"_s, 3, u"NULL"_s, 2);
        // Tenants a sloppy query would match: case and trailing space (equal under MariaDB's default collation),
        // a longer id it is a prefix of, and a shorter one that is its prefix.
        insert(u"ACME"_s, 10, u"'upper case'"_s, 9);
        insert(u"acme "_s, 11, u"'trailing space'"_s, 9);
        insert(u"acme2"_s, 12, u"'longer id'"_s, 9);
        insert(u"acm"_s, 13, u"'shorter id'"_s, 9);
        insert(u"globex"_s, 14, u"'other'"_s, 9);

        m_model.name = u"orders"_s;
        m_model.sourceTable = u"events"_s;
        m_model.organizationColumn = u"org"_s;
        m_model.columns = {column(u"id"_s, u"id"_s, u"bigint"_s, true), column(u"note"_s, u"remark"_s, u"text"_s),
                           column(u"amount"_s, u"amount"_s, u"decimal"_s),
                           column(u"updated_at"_s, u"updated_at"_s, u"timestamp"_s, false, true)};
        m_recipient.name = u"Acme Corp"_s;
        m_recipient.idInProviderSystem = u"acme"_s;
    }

    void exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        ASSERT_TRUE(query.exec(sql)) << sql.toStdString() << ": " << query.lastError().text().toStdString();
    }

    // A row updated on day `day` of March 2026.
    void insert(const QString &org, int id, const QString &note, int day, const QString &table = u"events"_s)
    {
        exec(u"INSERT INTO %1 (org, id, note, amount, updated_at) VALUES ('%2', %3, %4, %3.25, '2026-03-%5 10:00:00')"_s
                 .arg(table, org)
                 .arg(id)
                 .arg(note)
                 .arg(day, 2, 10, QLatin1Char('0')));
    }

    // A view over events that takes far longer than any test waits, per vendor.
    void createSlowView()
    {
        switch (GetParam()) {
        case SourceVendor::Postgres:
            exec(u"CREATE VIEW slow_events AS SELECT e.* FROM events e, LATERAL (SELECT pg_sleep(5)) s"_s);
            break;
        case SourceVendor::MySql:
            exec(u"CREATE VIEW slow_events AS SELECT * FROM events WHERE SLEEP(5) = 0"_s);
            break;
        case SourceVendor::Sqlite:
            exec(u"CREATE VIEW slow_events AS SELECT e.* FROM events e WHERE (WITH RECURSIVE c(x) AS (SELECT 1 UNION "
                 "ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT max(x) FROM c) > 0"_s);
            break;
        }
        m_model.sourceTable = u"slow_events"_s;
    }

    // Statements still running on the source server that mention `text` (none for SQLite).
    int serverStatementsMentioning(const QString &text)
    {
        QString sql;
        if (GetParam() == SourceVendor::Postgres)
            sql = u"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%%1%'"_s;
        else if (GetParam() == SourceVendor::MySql)
            sql = u"SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE '%%1%'"_s;
        else
            return 0;
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        EXPECT_TRUE(query.exec(sql.arg(text)) && query.next()) << query.lastError().text().toStdString();
        return query.value(0).toInt();
    }

    Result<PreviewRows> preview(RowPreview::Options options = {}, std::shared_ptr<PreviewCancel> cancel = {})
    {
        return RowPreview::read(m_workspace, m_model, m_recipient, options, std::move(cancel));
    }

    static QStringList ids(const PreviewRows &rows)
    {
        QStringList result;
        for (const QStringList &row : rows.rows)
            result << row.value(0);
        return result;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SourceTestDatabase> m_db;
    QString m_connection;
    Workspace m_workspace;
    Model m_model; // never saved anywhere: the editor previews its unsaved model
    Recipient m_recipient;
};

TEST_P(RowPreviewTest, ShowsOnlyTheRecipientsRowsNewestFirstAsDelivered)
{
    const Result<PreviewRows> rows = preview();
    ASSERT_TRUE(rows.ok()) << rows.error().toString().toStdString();
    EXPECT_EQ(ids(*rows), (QStringList{u"2"_s, u"3"_s, u"1"_s}));
    EXPECT_EQ(rows->columns, (QStringList{u"id"_s, u"remark"_s, u"amount"_s, u"updated_at"_s}));
    EXPECT_EQ(rows->types, (QStringList{u"bigint"_s, u"string"_s, u"decimal"_s, u"timestamp"_s}));
    EXPECT_EQ(rows->tenant, u"acme"_s);
    EXPECT_FALSE(rows->more);
    ASSERT_EQ(rows->rows.size(), 3);
    EXPECT_EQ(rows->rows[0][1], u"newest"_s);
    EXPECT_TRUE(rows->rows[1][1].isNull()) << "a NULL stays a null QString, not \"\"";
    EXPECT_FALSE(rows->rows[0][1].isNull());
    EXPECT_EQ(rows->rows[0][3], u"2026-03-03T10:00:00.000000Z"_s);
    EXPECT_TRUE(rows->rows[0][2].startsWith(u"2.25"_s)) << rows->rows[0][2].toStdString();
    EXPECT_TRUE(rows->query.contains(u"events"_s)) << rows->query.toStdString();
    EXPECT_FALSE(rows->query.contains(u"acme"_s)) << "the tenant is bound, never pasted: " << rows->query.toStdString();
}

TEST_P(RowPreviewTest, EachLookalikeTenantSeesOnlyItsOwnRow)
{
    const QList<std::pair<QString, QString>> lookalikes = {
        {u"ACME"_s, u"10"_s}, {u"acme "_s, u"11"_s}, {u"acme2"_s, u"12"_s}, {u"acm"_s, u"13"_s}};
    for (const auto &[tenant, id] : lookalikes) {
        m_recipient.idInProviderSystem = tenant;
        const Result<PreviewRows> rows = preview();
        ASSERT_TRUE(rows.ok()) << rows.error().toString().toStdString();
        EXPECT_EQ(ids(*rows), QStringList{id}) << "tenant \"" << tenant.toStdString() << "\"";
        EXPECT_EQ(rows->tenant, tenant);
    }
    m_recipient.idInProviderSystem = u"nobody"_s;
    const Result<PreviewRows> none = preview();
    ASSERT_TRUE(none.ok()) << none.error().toString().toStdString();
    EXPECT_TRUE(none->rows.isEmpty());
    EXPECT_EQ(none->columns.size(), 4);
}

TEST_P(RowPreviewTest, LimitKeepsTheNewestAndSaysThereIsMore)
{
    const Result<PreviewRows> two = preview({2, 15});
    ASSERT_TRUE(two.ok()) << two.error().toString().toStdString();
    EXPECT_EQ(ids(*two), (QStringList{u"2"_s, u"3"_s}));
    EXPECT_TRUE(two->more);
    const Result<PreviewRows> three = preview({3, 15});
    ASSERT_TRUE(three.ok()) << three.error().toString().toStdString();
    EXPECT_EQ(three->rows.size(), 3);
    EXPECT_FALSE(three->more);
    const Result<PreviewRows> zero = preview({0, 15});
    ASSERT_FALSE(zero.ok());
    EXPECT_TRUE(zero.error().message.contains(u"orders"_s)) << zero.error().message.toStdString();
}

TEST_P(RowPreviewTest, MissingTableOrColumnNamesTheModelAndTheSource)
{
    m_model.sourceTable = u"no_such_table"_s;
    const Result<PreviewRows> table = preview();
    ASSERT_FALSE(table.ok());
    EXPECT_TRUE(table.error().message.contains(u"no_such_table"_s)) << table.error().message.toStdString();
    EXPECT_TRUE(table.error().message.contains(u"\"orders\""_s)) << table.error().message.toStdString();
    EXPECT_TRUE(table.error().message.contains(u"\"shop db\""_s)) << table.error().message.toStdString();

    m_model.sourceTable = u"events"_s;
    m_model.columns[1].nameInSource = u"no_such_column"_s;
    const Result<PreviewRows> column = preview();
    ASSERT_FALSE(column.ok());
    EXPECT_TRUE(column.error().message.contains(u"no_such_column"_s)) << column.error().message.toStdString();

    m_model.sourceName = u"elsewhere"_s;
    const Result<PreviewRows> source = preview();
    ASSERT_FALSE(source.ok());
    EXPECT_EQ(source.error().code, u"FERRY-PREVIEW-SOURCE"_s);
    EXPECT_TRUE(source.error().message.contains(u"elsewhere"_s)) << source.error().message.toStdString();
}

TEST_P(RowPreviewTest, TimeoutStopsTheStatementOnTheServer)
{
    createSlowView();
    QElapsedTimer timer;
    timer.start();
    const Result<PreviewRows> rows = preview({50, 1});
    const qint64 ms = timer.elapsed();
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(rows.error().code, u"FERRY-PREVIEW-TIMEOUT"_s) << rows.error().toString().toStdString();
    EXPECT_TRUE(rows.error().message.contains(u"stopped after 1 s"_s)) << rows.error().message.toStdString();
    EXPECT_TRUE(rows.error().message.contains(u"orders"_s)) << rows.error().message.toStdString();
    EXPECT_GE(ms, 900);
    EXPECT_LT(ms, 4000);
    std::cout << "preview timeout of 1 s returned after " << ms << " ms\n";
    EXPECT_EQ(serverStatementsMentioning(u"slow_events"_s), 0) << "the server still runs the preview's statement";
}

TEST_P(RowPreviewTest, CancelFromAnotherThreadStopsTheStatement)
{
    createSlowView();
    auto cancel = std::make_shared<PreviewCancel>();
    std::thread canceller([cancel] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        cancel->cancel();
    });
    QElapsedTimer timer;
    timer.start();
    const Result<PreviewRows> rows = preview({50, 60}, cancel);
    const qint64 ms = timer.elapsed();
    canceller.join();
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(rows.error().code, u"FERRY-PREVIEW-CANCELLED"_s) << rows.error().toString().toStdString();
    EXPECT_LT(ms, 4000);
    std::cout << "preview cancelled after 500 ms returned after " << ms << " ms\n";
    EXPECT_EQ(serverStatementsMentioning(u"slow_events"_s), 0) << "the server still runs the preview's statement";

    // Cancelled before it starts: nothing is read.
    const Result<PreviewRows> early = preview({}, cancel);
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, u"FERRY-PREVIEW-CANCELLED"_s);
}

TEST_P(RowPreviewTest, SchemaTenantedSourceReadsTheRecipientsSchema)
{
    if (GetParam() == SourceVendor::Sqlite)
        GTEST_SKIP() << "SQLite sources have one schema";
    m_workspace.sources.first().tenancy = u"schema_tenanted"_s;
    m_model.organizationColumn.reset();
    const bool pg = GetParam() == SourceVendor::Postgres;
    // MariaDB's schemas are databases beside the test's own, named after it and dropped at the end.
    const QString prefix = pg ? QString() : m_db->defaultSchema() + u"_"_s;
    const QStringList tenants = {prefix + u"acme"_s, prefix + u"acme2"_s, prefix + u"ACME"_s};
    int id = 100;
    for (const QString &tenant : tenants) {
        exec(u"CREATE SCHEMA %1"_s.arg(pg ? u"\"%1\""_s.arg(tenant) : u"`%1`"_s.arg(tenant)));
        const QString table = pg ? u"\"%1\".events"_s.arg(tenant) : u"`%1`.events"_s.arg(tenant);
        exec(u"CREATE TABLE %1 AS SELECT * FROM events WHERE 1 = 0"_s.arg(table));
        insert(tenant, ++id, u"'%1'"_s.arg(tenant), 5, table);
    }
    m_recipient.idInProviderSystem = tenants.first();
    const Result<PreviewRows> rows = preview();
    if (!pg) {
        for (const QString &tenant : tenants)
            exec(u"DROP DATABASE IF EXISTS `%1`"_s.arg(tenant));
    }
    ASSERT_TRUE(rows.ok()) << rows.error().toString().toStdString();
    EXPECT_EQ(ids(*rows), QStringList{u"101"_s});
    EXPECT_EQ(rows->tenant, tenants.first());
}

TEST_P(RowPreviewTest, BehindATransactionPoolerTheTimeoutStaysWithThePreview)
{
    if (GetParam() != SourceVendor::Postgres)
        GTEST_SKIP() << "PgBouncer sits in front of PostgreSQL";
    FERRY_REQUIRE_PGBOUNCER();
    Source &source = m_workspace.sources.first();
    SourceTestDatabase::routeThroughPgBouncer(source.connection);
    const Result<PreviewRows> rows = preview();
    ASSERT_TRUE(rows.ok()) << rows.error().toString().toStdString();
    EXPECT_EQ(ids(*rows), (QStringList{u"2"_s, u"3"_s, u"1"_s}));
    createSlowView();
    const Result<PreviewRows> slow = preview({50, 1});
    ASSERT_FALSE(slow.ok());
    EXPECT_EQ(slow.error().code, u"FERRY-PREVIEW-TIMEOUT"_s) << slow.error().toString().toStdString();

    // The timeout was SET LOCAL: no server session the pooler hands out keeps it.
    QSqlDatabase other = QSqlDatabase::addDatabase(u"QPSQL"_s, u"preview-pooler-client"_s);
    other.setHostName(*source.connection.host);
    other.setPort(*source.connection.port);
    other.setUserName(*source.connection.username);
    other.setPassword(qEnvironmentVariable("PGPASSWORD"));
    other.setDatabaseName(*source.connection.database);
    other.setConnectOptions(u"sslmode=disable"_s);
    ASSERT_TRUE(other.open()) << other.lastError().text().toStdString();
    for (int i = 0; i < 5; ++i) {
        QSqlQuery setting(other);
        ASSERT_TRUE(setting.exec(u"SHOW statement_timeout"_s) && setting.next()) << setting.lastError().text().toStdString();
        EXPECT_EQ(setting.value(0).toString(), u"0"_s);
    }
    other.close();
    other = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"preview-pooler-client"_s);
}

INSTANTIATE_TEST_SUITE_P(Vendors, RowPreviewTest,
                         ::testing::Values(SourceVendor::Postgres, SourceVendor::MySql, SourceVendor::Sqlite),
                         sourceVendorName);

} // namespace ferry::test
