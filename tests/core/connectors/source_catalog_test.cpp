// Source introspection of each vendor: schemas, tables and views, columns, indexes, and the model
// suggestions.
#include "support/source_test_database.h"

#include "connectors/source_catalog.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace ferry::test {

class SourceCatalogTest : public ::testing::TestWithParam<SourceVendor>
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        FERRY_REQUIRE_SOURCE_VENDOR(GetParam());
        m_db = std::make_unique<SourceTestDatabase>(GetParam(), m_dir.path(), QStringLiteral("shop db"));
        ASSERT_TRUE(m_db->isValid()) << m_db->error().toStdString();
        m_connection = m_db->connectionName();
        m_source = m_db->source();
        m_schema = m_db->defaultSchema();
        const bool pg = GetParam() == SourceVendor::Postgres, my = GetParam() == SourceVendor::MySql;
        const QString text = my ? QStringLiteral("VARCHAR(64)") : QStringLiteral("TEXT");
        const QString ts = pg   ? QStringLiteral("TIMESTAMPTZ")
                           : my ? QStringLiteral("DATETIME(6)")
                                : QStringLiteral("TIMESTAMP");
        exec(QStringLiteral(
                 "CREATE TABLE events (tenant %1 NOT NULL, id BIGINT NOT NULL PRIMARY KEY, created_at %2, "
                 "amount DECIMAL(12,2), note %1, updated_at %2 NOT NULL)")
                 .arg(text, ts));
        exec(QStringLiteral("CREATE INDEX events_tenant_updated ON events (tenant, updated_at)"));
        exec(QStringLiteral("CREATE TABLE plain (a INTEGER, b %1, PRIMARY KEY (b, a))").arg(text));
        exec(QStringLiteral("CREATE TABLE loose (x %1, y INTEGER)").arg(text));
        exec(QStringLiteral("CREATE VIEW recent AS SELECT tenant, id FROM events"));
    }

    void exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        ASSERT_TRUE(query.exec(sql)) << sql.toStdString() << ": " << query.lastError().text().toStdString();
    }

    std::unique_ptr<SourceCatalog> openCatalog()
    {
        Result<std::unique_ptr<SourceCatalog>> catalog = SourceCatalog::open(m_source);
        EXPECT_TRUE(catalog.ok()) << catalog.error().toString().toStdString();
        return catalog ? std::move(*catalog) : nullptr;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SourceTestDatabase> m_db;
    QString m_connection;
    QString m_schema;
    Source m_source;
};

TEST_P(SourceCatalogTest, ListsSchemas)
{
    std::unique_ptr<SourceCatalog> catalog = openCatalog();
    ASSERT_TRUE(catalog);
    Result<QStringList> schemas = catalog->schemas();
    ASSERT_TRUE(schemas.ok()) << schemas.error().toString().toStdString();
    EXPECT_TRUE(schemas->contains(m_schema)) << schemas->join(QLatin1Char(',')).toStdString();
    EXPECT_FALSE(schemas->contains(QStringLiteral("information_schema")));
}

TEST_P(SourceCatalogTest, ListsTablesAndViews)
{
    std::unique_ptr<SourceCatalog> catalog = openCatalog();
    ASSERT_TRUE(catalog);
    const QList<CatalogTable> expected = {{QStringLiteral("events"), false},
                                          {QStringLiteral("loose"), false},
                                          {QStringLiteral("plain"), false},
                                          {QStringLiteral("recent"), true}};
    for (const QString &schema : {QString(), m_schema}) {
        Result<QList<CatalogTable>> tables = catalog->tables(schema);
        ASSERT_TRUE(tables.ok()) << tables.error().toString().toStdString();
        EXPECT_EQ(*tables, expected);
    }
    Result<QList<CatalogTable>> unknown = catalog->tables(QStringLiteral("no_such_schema"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_TRUE(unknown.error().message.contains(QStringLiteral("no_such_schema")))
        << unknown.error().message.toStdString();
    EXPECT_TRUE(unknown.error().message.contains(QStringLiteral("\"shop db\"")))
        << unknown.error().message.toStdString();
}

TEST_P(SourceCatalogTest, DescribesColumnsIndexesAndSuggestions)
{
    std::unique_ptr<SourceCatalog> catalog = openCatalog();
    ASSERT_TRUE(catalog);
    Result<TableDescription> events = catalog->describe(QString(), QStringLiteral("events"));
    ASSERT_TRUE(events.ok()) << events.error().toString().toStdString();
    EXPECT_EQ(events->schema, m_schema);
    EXPECT_FALSE(events->isView);
    QStringList names;
    for (const CatalogColumn &column : events->columns)
        names << column.name;
    EXPECT_EQ(names,
              (QStringList{QStringLiteral("tenant"), QStringLiteral("id"), QStringLiteral("created_at"),
                           QStringLiteral("amount"), QStringLiteral("note"), QStringLiteral("updated_at")}));
    ASSERT_EQ(events->columns.size(), 6);
    const QList<std::optional<LogicalType>> types = {LogicalType::String,    LogicalType::BigInt,
                                                     LogicalType::Timestamp, LogicalType::Decimal,
                                                     LogicalType::String,    LogicalType::Timestamp};
    const QList<bool> nullable = {false, false, true, true, true, false};
    for (int i = 0; i < 6; ++i) {
        const CatalogColumn &column = events->columns[i];
        EXPECT_EQ(column.suggestedType, types[i])
            << column.name.toStdString() << " " << column.nativeType.toStdString();
        EXPECT_FALSE(column.nativeType.isEmpty());
        EXPECT_EQ(column.nullable, nullable[i]) << column.name.toStdString();
        EXPECT_EQ(column.primaryKeyPosition, column.name == QLatin1String("id") ? 1 : 0)
            << column.name.toStdString();
    }
    EXPECT_TRUE(events->hasIndexStartingWith({QStringLiteral("tenant"), QStringLiteral("updated_at")}));
    EXPECT_TRUE(events->hasIndexStartingWith({QStringLiteral("tenant")}));
    EXPECT_FALSE(events->hasIndexStartingWith({QStringLiteral("updated_at")}));
    bool found = false;
    for (const CatalogIndex &index : events->indexes) {
        if (index.name == QLatin1String("events_tenant_updated")) {
            found = true;
            EXPECT_EQ(index.columns, (QStringList{QStringLiteral("tenant"), QStringLiteral("updated_at")}));
            EXPECT_FALSE(index.unique);
            EXPECT_FALSE(index.primary);
        }
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(events->suggestedLastModified, QStringLiteral("updated_at"));
    EXPECT_EQ(events->organizationCandidates, QStringList{QStringLiteral("tenant")});

    Result<TableDescription> plain = catalog->describe(m_schema, QStringLiteral("plain"));
    ASSERT_TRUE(plain.ok()) << plain.error().toString().toStdString();
    ASSERT_EQ(plain->columns.size(), 2);
    EXPECT_EQ(plain->columns[0].primaryKeyPosition, 2);
    EXPECT_EQ(plain->columns[1].primaryKeyPosition, 1);
    EXPECT_EQ(plain->columns[0].suggestedType, LogicalType::Integer);
    EXPECT_FALSE(plain->hasIndexStartingWith({QStringLiteral("a")}));
    EXPECT_TRUE(plain->suggestedLastModified.isEmpty());
    EXPECT_TRUE(plain->organizationCandidates.isEmpty());

    Result<TableDescription> loose = catalog->describe(m_schema, QStringLiteral("loose"));
    ASSERT_TRUE(loose.ok()) << loose.error().toString().toStdString();
    EXPECT_TRUE(loose->indexes.isEmpty());
    EXPECT_FALSE(loose->hasIndexStartingWith({QStringLiteral("x")}));

    Result<TableDescription> view = catalog->describe(m_schema, QStringLiteral("recent"));
    ASSERT_TRUE(view.ok()) << view.error().toString().toStdString();
    EXPECT_TRUE(view->isView);
    EXPECT_EQ(view->columns.size(), 2);
    EXPECT_TRUE(view->indexes.isEmpty());
}

TEST_P(SourceCatalogTest, UnknownAndInjectionShapedTablesAreUnknown)
{
    std::unique_ptr<SourceCatalog> catalog = openCatalog();
    ASSERT_TRUE(catalog);
    for (const QString &name :
         {QStringLiteral("no_such_table"), QStringLiteral("events; DROP TABLE events; --"),
          QStringLiteral("events' OR '1'='1"), QStringLiteral("events\" --"), QStringLiteral("events` --")}) {
        Result<TableDescription> table = catalog->describe(QString(), name);
        ASSERT_FALSE(table.ok()) << name.toStdString();
        EXPECT_EQ(table.error().code, QStringLiteral("FERRY-SRC-UNKNOWN-TABLE"))
            << table.error().toString().toStdString();
        EXPECT_TRUE(table.error().message.contains(name)) << table.error().message.toStdString();
        EXPECT_TRUE(table.error().message.contains(QStringLiteral("\"shop db\"")))
            << table.error().message.toStdString();
    }
    Result<TableDescription> events = catalog->describe(QString(), QStringLiteral("events"));
    ASSERT_TRUE(events.ok()) << "the injection reached the database: "
                             << events.error().toString().toStdString();
}

TEST_P(SourceCatalogTest, ListsAndDescribesManyTablesFast)
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        ASSERT_TRUE(db.transaction());
        for (int i = 0; i < 2000; ++i)
            exec(QStringLiteral("CREATE TABLE t%1 (id INTEGER PRIMARY KEY, tenant_id %2, updated_at %3)")
                     .arg(i, 4, 10, QLatin1Char('0'))
                     .arg(GetParam() == SourceVendor::MySql ? QStringLiteral("VARCHAR(64)")
                                                            : QStringLiteral("TEXT"),
                          GetParam() == SourceVendor::Postgres ? QStringLiteral("TIMESTAMPTZ")
                                                               : QStringLiteral("TIMESTAMP")));
        ASSERT_TRUE(db.commit());
    }
    std::unique_ptr<SourceCatalog> catalog = openCatalog();
    ASSERT_TRUE(catalog);
    QElapsedTimer timer;
    timer.start();
    Result<QList<CatalogTable>> tables = catalog->tables();
    ASSERT_TRUE(tables.ok()) << tables.error().toString().toStdString();
    EXPECT_EQ(tables->size(), 2004);
    Result<TableDescription> one = catalog->describe(QString(), QStringLiteral("t1234"));
    ASSERT_TRUE(one.ok()) << one.error().toString().toStdString();
    EXPECT_EQ(one->organizationCandidates, QStringList{QStringLiteral("tenant_id")});
    EXPECT_EQ(one->suggestedLastModified, QStringLiteral("updated_at"));
    EXPECT_LT(timer.elapsed(), 2000) << "listing 2,004 tables and describing one took " << timer.elapsed()
                                     << " ms";
    RecordProperty("catalog_ms", int(timer.elapsed()));
}

TEST_P(SourceCatalogTest, LastModifiedPrefersTheTenantIndexThenTheName)
{
    const bool pg = GetParam() == SourceVendor::Postgres, my = GetParam() == SourceVendor::MySql;
    const QString text = my ? QStringLiteral("VARCHAR(64)") : QStringLiteral("TEXT");
    const QString ts = pg   ? QStringLiteral("TIMESTAMPTZ")
                       : my ? QStringLiteral("DATETIME(6)")
                            : QStringLiteral("TIMESTAMP");
    // Neutral names: the one that follows the tenant in an index.
    exec(QStringLiteral("CREATE TABLE a (org_id %1, id INTEGER PRIMARY KEY, ts1 %2, ts2 %2)").arg(text, ts));
    exec(QStringLiteral("CREATE INDEX a_org_ts2 ON a (org_id, ts2)"));
    exec(QStringLiteral("CREATE INDEX a_ts1 ON a (ts1)"));
    // An indexed creation time never beats an update time.
    exec(QStringLiteral(
             "CREATE TABLE b (customer_id %1, id INTEGER PRIMARY KEY, created_at %2, modified_at %2, "
             "customer_name %1, tenant_count INTEGER)")
             .arg(text, ts));
    exec(QStringLiteral("CREATE INDEX b_customer_created ON b (customer_id, created_at)"));
    std::unique_ptr<SourceCatalog> catalog = openCatalog();
    ASSERT_TRUE(catalog);
    Result<TableDescription> a = catalog->describe(QString(), QStringLiteral("a"));
    ASSERT_TRUE(a.ok()) << a.error().toString().toStdString();
    EXPECT_EQ(a->suggestedLastModified, QStringLiteral("ts2"));
    EXPECT_EQ(a->organizationCandidates, QStringList{QStringLiteral("org_id")});
    Result<TableDescription> b = catalog->describe(QString(), QStringLiteral("b"));
    ASSERT_TRUE(b.ok()) << b.error().toString().toStdString();
    EXPECT_EQ(b->suggestedLastModified, QStringLiteral("modified_at"));
    EXPECT_EQ(b->organizationCandidates, QStringList{QStringLiteral("customer_id")});
}

TEST_P(SourceCatalogTest, ConnectsWithTheSourcesOwnCredentialsOnly)
{
    if (GetParam() == SourceVendor::Sqlite)
        GTEST_SKIP() << "SQLite has no credentials";
    m_source.connection.passwordEnv.reset();
    Result<std::unique_ptr<SourceCatalog>> catalog = SourceCatalog::open(m_source);
    ASSERT_FALSE(catalog.ok()) << "connected without the source's password_env";
    EXPECT_EQ(catalog.error().code, QStringLiteral("FERRY-SRC-AUTH"))
        << catalog.error().toString().toStdString();
    EXPECT_TRUE(catalog.error().message.contains(QStringLiteral("\"shop db\"")))
        << catalog.error().message.toStdString();
}

TEST_P(SourceCatalogTest, WorksBehindATransactionPoolingProxy)
{
    if (GetParam() != SourceVendor::Postgres)
        GTEST_SKIP() << "PgBouncer sits in front of PostgreSQL";
    FERRY_REQUIRE_PGBOUNCER();
    SourceTestDatabase::routeThroughPgBouncer(m_source.connection);
    // Several clients over a pool of three server sessions, each running its catalog queries in turn. (A smoke test:
    // run one after another, PgBouncer hands every client the same session, so Qt's named statements pass here too.)
    std::vector<std::unique_ptr<SourceCatalog>> catalogs;
    for (int i = 0; i < 6; ++i) {
        catalogs.push_back(openCatalog());
        ASSERT_TRUE(catalogs.back());
    }
    for (int round = 0; round < 5; ++round) {
        for (const std::unique_ptr<SourceCatalog> &catalog : catalogs) {
            Result<TableDescription> events = catalog->describe(QString(), QStringLiteral("events"));
            ASSERT_TRUE(events.ok()) << events.error().toString().toStdString();
            EXPECT_EQ(events->suggestedLastModified, QStringLiteral("updated_at"));
            Result<QList<CatalogTable>> tables = catalog->tables();
            ASSERT_TRUE(tables.ok()) << tables.error().toString().toStdString();
            EXPECT_EQ(tables->size(), 4);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Vendors, SourceCatalogTest,
                         ::testing::Values(SourceVendor::Postgres, SourceVendor::MySql, SourceVendor::Sqlite),
                         sourceVendorName);

} // namespace ferry::test

namespace ferry::test {

TEST(SourceCatalogTypes, SuggestsLogicalTypesForNativeOnes)
{
    const auto type = [](const char *vendor, const char *native) {
        return SourceCatalog::suggestType(QLatin1String(vendor), QLatin1String(native));
    };
    EXPECT_EQ(type("postgres", "timestamp without time zone"), LogicalType::Timestamp);
    EXPECT_EQ(type("postgres", "timestamp(3) with time zone"), LogicalType::Timestamp);
    EXPECT_EQ(type("postgres", "character varying(64)"), LogicalType::String);
    EXPECT_EQ(type("postgres", "uuid"), LogicalType::String);
    EXPECT_EQ(type("postgres", "numeric(12,2)"), LogicalType::Decimal);
    EXPECT_EQ(type("postgres", "double precision"), LogicalType::Float);
    EXPECT_EQ(type("postgres", "jsonb"), LogicalType::Json);
    EXPECT_EQ(type("postgres", "bytea"), LogicalType::Bytes);
    EXPECT_EQ(type("postgres", "integer[]"), std::nullopt);
    EXPECT_EQ(type("postgres", "interval"), std::nullopt);
    EXPECT_EQ(type("mysql", "tinyint(1)"), LogicalType::Boolean);
    EXPECT_EQ(type("mysql", "int(10) unsigned"), LogicalType::BigInt);
    EXPECT_EQ(type("mysql", "bigint(20) unsigned"), LogicalType::Decimal);
    EXPECT_EQ(type("mysql", "datetime(6)"), LogicalType::Timestamp);
    EXPECT_EQ(type("mysql", "longblob"), LogicalType::Bytes);
    EXPECT_EQ(type("mysql", "enum('a','b')"), LogicalType::String);
    EXPECT_EQ(type("sqlite", "BIGINT"), LogicalType::BigInt);
    EXPECT_EQ(type("sqlite", "TEXT"), LogicalType::String);
    EXPECT_EQ(type("sqlite", ""), std::nullopt);
}

} // namespace ferry::test
