// Source readers of each vendor: tenant filter, window bounds, order, canonical values, bounded batches.
#include "support/source_test_database.h"

#include "connectors/source_reader.h"

#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <functional>

namespace ferry::test {

namespace {

Column column(const char *name, const char *type, bool pk = false, bool lm = false)
{
    return Column{QLatin1String(name), QLatin1String(name), QLatin1String(type), pk, lm, std::nullopt};
}

} // namespace

class SourceReaderTest : public ::testing::TestWithParam<SourceVendor>
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        FERRY_REQUIRE_SOURCE_VENDOR(GetParam());
        m_db = std::make_unique<SourceTestDatabase>(GetParam(), m_dir.path(), QStringLiteral("src"));
        ASSERT_TRUE(m_db->isValid()) << m_db->error().toStdString();
        m_connection = m_db->connectionName();
        m_source = m_db->source();
        const bool pg = GetParam() == SourceVendor::Postgres, my = GetParam() == SourceVendor::MySql;
        exec(QStringLiteral("CREATE TABLE items (id %1, tenant %1, amount %2, flag %3, data %4, day %5, doc %6, n %7, f %8, updated_at %9)")
                 .arg(my ? QStringLiteral("VARCHAR(64)") : QStringLiteral("TEXT"),
                      pg || my ? QStringLiteral("DECIMAL(12,2)") : QStringLiteral("TEXT"),
                      pg || my ? QStringLiteral("BOOLEAN") : QStringLiteral("INTEGER"),
                      pg ? QStringLiteral("BYTEA") : QStringLiteral("BLOB"),
                      pg || my ? QStringLiteral("DATE") : QStringLiteral("TEXT"),
                      pg ? QStringLiteral("JSONB") : QStringLiteral("TEXT"),
                      QStringLiteral("BIGINT"),
                      pg ? QStringLiteral("DOUBLE PRECISION") : QStringLiteral("DOUBLE"),
                      pg ? QStringLiteral("TIMESTAMPTZ") : my ? QStringLiteral("DATETIME(6)") : QStringLiteral("TEXT")));
        m_model.name = QStringLiteral("items");
        m_model.sourceTable = QStringLiteral("items");
        m_model.organizationColumn = QStringLiteral("tenant");
        m_model.columns = {column("id", "string", true), column("amount", "decimal"), column("flag", "boolean"),
                           column("data", "bytes"), column("day", "date"), column("doc", "json"),
                           column("n", "bigint"), column("f", "float"), column("updated_at", "timestamp", false, true)};
        m_recipient.name = QStringLiteral("one");
        m_recipient.idInProviderSystem = QStringLiteral("t1");
    }

    void exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        ASSERT_TRUE(query.exec(sql)) << sql.toStdString() << ": " << query.lastError().text().toStdString();
    }

    QString time(const char *utc) const
    {
        // Each vendor's spelling of the same instant: timestamptz literal, DATETIME(6) text, ISO text ending in Z.
        QString text = QLatin1String(utc);
        if (GetParam() == SourceVendor::MySql)
            return text.replace(QLatin1Char('T'), QLatin1Char(' ')).remove(QLatin1Char('Z'));
        return text;
    }

    // The model's reader, its query spec adjusted first (order, pass-through); null (and a failure) if it cannot open.
    std::unique_ptr<SourceReader> openReader(const std::function<void(SourceQuerySpec &)> &adjust)
    {
        Result<SourceQuerySpec> spec = SourceQuerySpec::build(m_source, m_model, m_recipient);
        EXPECT_TRUE(spec.ok());
        if (!spec.ok())
            return nullptr;
        adjust(*spec);
        Result<std::unique_ptr<SourceReader>> reader = SourceReader::open(m_source, *spec);
        EXPECT_TRUE(reader.ok()) << (reader.ok() ? "" : reader.error().toString().toStdString());
        return reader.ok() ? std::move(*reader) : nullptr;
    }

    // `ordered`: in last-modified order, as a writer's second attempt reads them; else as transfers read.
    std::vector<RowBatch> readAll(const TimeWindow &window, bool ordered = true)
    {
        const std::unique_ptr<SourceReader> reader = openReader([&](SourceQuerySpec &spec) { spec.ordered = ordered; });
        std::vector<RowBatch> batches;
        if (!reader)
            return batches;
        const Status read = reader->read(window, [&](RowBatch &batch) {
            batches.push_back(batch);
            return true;
        });
        EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().toString().toStdString());
        return batches;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SourceTestDatabase> m_db;
    QString m_connection;
    Source m_source;
    Model m_model;
    Recipient m_recipient;
};

TEST_P(SourceReaderTest, ReadsTheTenantsWindowInOrderAsCanonicalValues)
{
    const bool pg = GetParam() == SourceVendor::Postgres;
    const QString bytes = pg ? QStringLiteral("'\\x0001ff'::bytea") : GetParam() == SourceVendor::MySql ? QStringLiteral("X'0001FF'") : QStringLiteral("X'0001ff'");
    exec(QStringLiteral("INSERT INTO items VALUES ('i2', 't1', '12.50', %1, %2, '2026-03-01', '{\"a\": 1}', 9007199254740993, 0.1, '%3')")
             .arg(pg ? QStringLiteral("true") : QStringLiteral("1"), bytes, time("2026-03-01T10:00:00.123456Z")));
    exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) VALUES ('i1', 't1', '%1')").arg(time("2026-02-01T00:00:00Z")));
    exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) VALUES ('x1', 't2', '%1')").arg(time("2026-02-15T00:00:00Z")));
    exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) VALUES ('late', 't1', '%1')").arg(time("2026-04-01T00:00:00Z")));

    const std::vector<RowBatch> batches = readAll({"2026-01-01T00:00:00.000000Z", "2026-04-01T00:00:00.000000Z"});
    ASSERT_EQ(batches.size(), 1u);
    const RowBatch &rows = batches.front();
    ASSERT_EQ(rows.rowCount(), 2); // t2's row and the row at the window's end are not read
    EXPECT_EQ(rows.value(0, 0), QByteArray("i1"));
    for (int column = 1; column < 8; ++column)
        EXPECT_TRUE(rows.isNull(0, column)) << column;
    EXPECT_EQ(rows.value(0, 8), QByteArray("2026-02-01T00:00:00.000000Z"));
    EXPECT_EQ(rows.value(1, 0), QByteArray("i2"));
    EXPECT_EQ(rows.value(1, 1), QByteArray("12.50"));
    EXPECT_EQ(rows.value(1, 2), QByteArray("true"));
    EXPECT_EQ(rows.value(1, 3), QByteArray("\x00\x01\xff", 3));
    EXPECT_EQ(rows.value(1, 4), QByteArray("2026-03-01"));
    EXPECT_EQ(rows.value(1, 5), QByteArray("{\"a\": 1}"));
    EXPECT_EQ(rows.value(1, 6), QByteArray("9007199254740993"));
    EXPECT_DOUBLE_EQ(rows.value(1, 7).toDouble(), 0.1);
    EXPECT_EQ(rows.value(1, 8), QByteArray("2026-03-01T10:00:00.123456Z"));
}

TEST_P(SourceReaderTest, StreamsLargeWindowsInBoundedBatches)
{
    const int rows = 25000;
    switch (GetParam()) {
    case SourceVendor::Postgres:
        exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) SELECT 'r' || n, 't1', timestamptz '2026-03-01' + n * "
                            "interval '1 second' FROM generate_series(1, %1) n").arg(rows));
        break;
    case SourceVendor::MySql:
        exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) SELECT CONCAT('r', seq), 't1', TIMESTAMP '2026-03-01 "
                            "00:00:00' + INTERVAL seq SECOND FROM seq_1_to_%1").arg(rows));
        break;
    case SourceVendor::Sqlite:
        exec(QStringLiteral("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %1) INSERT INTO items "
                            "(id, tenant, updated_at) SELECT 'r' || n, 't1', strftime('%Y-%m-%dT%H:%M:%S.000000Z', "
                            "'2026-03-01', '+' || n || ' seconds') FROM s").arg(rows));
        break;
    }
    const std::vector<RowBatch> batches = readAll({"2026-01-01T00:00:00.000000Z", "2027-01-01T00:00:00.000000Z"});
    qint64 total = 0;
    QByteArray previous;
    for (const RowBatch &batch : batches) {
        EXPECT_LE(batch.rowCount(), SourceQuerySpec::kBatchRows);
        for (qsizetype row = 0; row < batch.rowCount(); ++row) {
            EXPECT_LE(previous, batch.value(row, 8));
            previous = batch.value(row, 8);
        }
        total += batch.rowCount();
    }
    EXPECT_EQ(total, rows);
    EXPECT_GE(batches.size(), 3u);

    // Unordered, as transfers read: the same rows, each once, in bounded batches.
    QSet<QByteArray> ids;
    qint64 unorderedTotal = 0;
    for (const RowBatch &batch : readAll({"2026-01-01T00:00:00.000000Z", "2027-01-01T00:00:00.000000Z"}, false)) {
        EXPECT_LE(batch.rowCount(), SourceQuerySpec::kBatchRows);
        for (qsizetype row = 0; row < batch.rowCount(); ++row)
            ids.insert(batch.value(row, 0));
        unorderedTotal += batch.rowCount();
    }
    EXPECT_EQ(unorderedTotal, rows);
    EXPECT_EQ(ids.size(), rows);
    EXPECT_TRUE(ids.contains("r1") && ids.contains("r25000"));
}

// A backfill into a table keyed while it loads (MariaDB, SQLite) reads in the destination's key order: text by its
// bytes whatever the source column's collation, then a repeated key's rows oldest first (the last loaded wins).
TEST_P(SourceReaderTest, KeyOrderedReadsSortTextKeysByTheirBytesThenByLastModified)
{
    if (GetParam() == SourceVendor::MySql)
        GTEST_SKIP() << "MariaDB sources read in their own order (last-modified, then key)";
    // A collation that sorts 'a' before 'B': ICU's in PostgreSQL, NOCASE in SQLite.
    if (GetParam() == SourceVendor::Postgres) {
        exec(QStringLiteral("ALTER TABLE items ALTER COLUMN id TYPE text COLLATE \"und-x-icu\""));
    } else {
        exec(QStringLiteral("DROP TABLE items"));
        exec(QStringLiteral("CREATE TABLE items (id TEXT COLLATE NOCASE, tenant TEXT, amount TEXT, flag INTEGER, data BLOB, "
                            "day TEXT, doc TEXT, n BIGINT, f DOUBLE, updated_at TEXT)"));
    }
    // Written newest first: 10:49, 10:48, ... 10:45.
    const QStringList written = {QStringLiteral("a1"), QStringLiteral("\u00e91"), QStringLiteral("Z1"), QStringLiteral("B1"),
                                 QStringLiteral("a1")};
    for (int i = 0; i < written.size(); ++i) {
        const QByteArray at = QStringLiteral("2026-03-01T10:%1:00Z").arg(49 - i).toLatin1();
        exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) VALUES ('%1', 't1', '%2')").arg(written[i], time(at.constData())));
    }
    const std::unique_ptr<SourceReader> reader = openReader([](SourceQuerySpec &spec) { spec.keyOrdered = true; });
    ASSERT_TRUE(reader);
    QStringList rows;
    const Status read = reader->read({"2026-01-01T00:00:00.000000Z", "2027-01-01T00:00:00.000000Z"}, [&](RowBatch &batch) {
        for (qsizetype row = 0; row < batch.rowCount(); ++row)
            rows << QString::fromUtf8(batch.value(row, 0) + ' ' + batch.value(row, 8).mid(11, 5));
        return true;
    });
    ASSERT_TRUE(read.ok()) << read.error().toString().toStdString();
    EXPECT_EQ(rows, (QStringList{QStringLiteral("B1 10:46"), QStringLiteral("Z1 10:47"), QStringLiteral("a1 10:45"),
                                 QStringLiteral("a1 10:49"), QStringLiteral("\u00e91 10:48")}));
}

// Between two PostgreSQL databases rows travel as the source's COPY data: binary when every column's source type is
// the destination column's, else text lines. Either way without the organization column, which goes to the audit.
TEST_P(SourceReaderTest, PostgresPassThroughIsBinaryOnlyWhenEveryTypeMatches)
{
    if (GetParam() != SourceVendor::Postgres)
        GTEST_SKIP() << "COPY is PostgreSQL's";
    exec(QStringLiteral("INSERT INTO items VALUES ('i2', 't1', '12.50', true, '\\x0001ff', '2026-03-01', '{\"a\": 1}', "
                        "9007199254740993, 0.1, '2026-03-01T10:00:00.123456Z')"));
    exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) VALUES ('i1', 't1', '2026-02-01T00:00:00Z')"));
    exec(QStringLiteral("INSERT INTO items (id, tenant, updated_at) VALUES ('x1', 't2', '2026-02-15T00:00:00Z')"));
    const TimeWindow window{"2026-01-01T00:00:00.000000Z", "2026-04-01T00:00:00.000000Z"};
    auto read = [&]() {
        const std::unique_ptr<SourceReader> reader = openReader([](SourceQuerySpec &spec) { spec.copyPassThrough = true; });
        RowBatch rows;
        if (!reader)
            return rows;
        const Status read = reader->read(window, [&](RowBatch &batch) {
            EXPECT_TRUE(rows.isEmpty()) << "one batch expected";
            rows = batch;
            return true;
        });
        EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().toString().toStdString());
        return rows;
    };

    const RowBatch binary = read();
    ASSERT_EQ(binary.rowCount(), 2);
    EXPECT_TRUE(binary.isCopyBinary());
    EXPECT_EQ(binary.maxLastModified(8), QByteArray("2026-03-01T10:00:00.123456Z"));
    EXPECT_EQ(binary.tenantCount(), 2);
    EXPECT_EQ(binary.countForeignTenants("t1", nullptr), 0);
    // Each tuple: its field count (the model's 9, the tenant left out), then length-prefixed values.
    const QByteArray &data = binary.copyData();
    ASSERT_GE(data.size(), 8);
    EXPECT_EQ(data.left(2), QByteArray("\0\x09", 2));
    EXPECT_EQ(data.mid(2, 6), QByteArray("\0\0\0\x02i", 5) + (data.mid(7, 1) == "1" ? "1" : "2"));
    EXPECT_FALSE(data.contains("t1")); // the tenant went to the audit
    // A source column of another type than the destination's (int4 for a bigint column): text lines.
    exec(QStringLiteral("ALTER TABLE items ALTER COLUMN n TYPE integer USING 0"));
    const RowBatch text = read();
    ASSERT_EQ(text.rowCount(), 2);
    EXPECT_TRUE(text.isCopyData());
    EXPECT_FALSE(text.isCopyBinary());
    EXPECT_TRUE(text.copyData().startsWith("i1\t") || text.copyData().startsWith("i2\t"));
    EXPECT_EQ(text.maxLastModified(8), QByteArray("2026-03-01T10:00:00.123456Z"));
    EXPECT_EQ(text.countForeignTenants("t1", nullptr), 0);
}

INSTANTIATE_TEST_SUITE_P(Sources, SourceReaderTest,
                         ::testing::Values(SourceVendor::Postgres, SourceVendor::MySql, SourceVendor::Sqlite),
                         sourceVendorName);

} // namespace ferry::test
