// An SQLite source through the engine: read errors fail the window, misspelt names fail with SQLite's words, and
// windows select rows by instant whatever form the timestamps are stored in.
#include "engine_fixture.h"

#include "engine/source_check.h"
#include "engine/transfer_preview.h"
#include "state/workspace_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ferry::test {

class SqliteSourceTest : public EngineTest
{
protected:
    void SetUp() override
    {
        EngineTest::SetUp();
        if (HasFatalFailure() || IsSkipped())
            return;
        m_liteConnection = QStringLiteral("lite-") + QUuid::createUuid().toString(QUuid::Id128);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_liteConnection);
        db.setDatabaseName(m_dir.filePath(QStringLiteral("source.db")));
        ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
    }

    void TearDown() override
    {
        if (!m_liteConnection.isEmpty()) {
            QSqlDatabase::database(m_liteConnection, false).close();
            QSqlDatabase::removeDatabase(m_liteConnection);
        }
        EngineTest::TearDown();
    }

    void lite(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_liteConnection, false));
        ASSERT_TRUE(query.exec(sql)) << sql.toStdString() << ": " << query.lastError().text().toStdString();
    }

    // The events table of the fixture's model, in SQLite; `updatedAt` declares the cursor column.
    void createEvents(const QString &table = QStringLiteral("events"), const QString &updatedAt = QStringLiteral("TEXT"))
    {
        lite(QStringLiteral("CREATE TABLE %1 (id TEXT NOT NULL, tenant_id TEXT NOT NULL, amount NUMERIC, note TEXT, "
                            "updated_at %2)").arg(table, updatedAt));
    }

    // `updatedAt` is an SQL expression (a quoted literal, a number, datetime('now')).
    void insertLite(const QString &id, const QString &updatedAt, const QString &table = QStringLiteral("events"),
                    const QString &tenant = QStringLiteral("t_acme"))
    {
        lite(QStringLiteral("INSERT INTO %1 (id, tenant_id, amount, note, updated_at) VALUES ('%2', '%3', 1.5, 'n-%2', %4)")
                 .arg(table, id, tenant, updatedAt));
    }

    // The source "app" is an SQLite file.
    Json sourceJson() const override
    {
        return Json{{"name", "app"}, {"vendor", "sqlite"}, {"path", m_dir.filePath(QStringLiteral("source.db")).toStdString()}};
    }

    Json liteModel(const QString &table = QStringLiteral("events")) const
    {
        Json model = modelJson();
        model["source_table"] = table.toStdString();
        return model;
    }

    // `ferryctl source test app`'s verdict on the events model: empty when it passed.
    QString sourceCheckError()
    {
        const auto checks = SourceCheck::run(*WorkspaceStore(m_state->connection()).load(), QStringLiteral("app"));
        if (!checks.ok())
            return checks.error().toString();
        EXPECT_EQ(checks->size(), 1);
        return checks->isEmpty() || !checks->first().error ? QString() : checks->first().error->toString();
    }

    // `ferryctl transfer plan`'s error for the events model: empty when it has none.
    QString planError(const TransferRequest &extra = {})
    {
        TransferRequest request = extra;
        request.destinationName = QStringLiteral("acme");
        request.recipientName = QStringLiteral("acme");
        const auto preview = TransferPreview::build(*m_state, *WorkspaceStore(m_state->connection()).load(), request, m_now);
        if (!preview.ok())
            return preview.error().toString();
        EXPECT_EQ(preview->models.size(), 1);
        return preview->models.isEmpty() || !preview->models.first().error ? QString()
                                                                            : preview->models.first().error->toString();
    }

    // The destination's events as "id updated_at", by id; empty when the table does not exist.
    QStringList delivered()
    {
        const QStringList exists = GetParam() == DestinationVendor::Sqlite
                                       ? destinationQuery(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'events'"))
                                       : destinationQuery(QStringLiteral("SELECT table_name FROM information_schema.tables WHERE "
                                                                         "table_name = 'events'"));
        if (exists.isEmpty())
            return {};
        if (GetParam() == DestinationVendor::Sqlite)
            return destinationQuery(QStringLiteral("SELECT id || ' ' || updated_at FROM events ORDER BY id"));
        return destinationQuery(QStringLiteral("SELECT id || ' ' || to_char(updated_at AT TIME ZONE 'UTC', "
                                               "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM events ORDER BY id"));
    }

    QString m_liteConnection;
};

TEST_P(SqliteSourceTest, AReadThatFailsMidWindowFailsTheTransferAndPublishesNothing)
{
    lite(QStringLiteral("CREATE TABLE base (n INTEGER, tenant_id TEXT, updated_at TEXT)"));
    lite(QStringLiteral("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 60) INSERT INTO base "
                        "SELECT n, 't_acme', strftime('%Y-%m-%dT%H:%M:%S.000000Z', '2026-03-02', '+' || n || ' minutes') FROM s"));
    // Row 58 raises "integer overflow" while SQLite steps through the view: 57 rows are read first.
    lite(QStringLiteral("CREATE VIEW events AS SELECT 'r' || n AS id, tenant_id, 1.5 AS amount, CASE WHEN n > 57 THEN "
                        "abs(-9223372036854775807 - 1) ELSE 'ok' END AS note, updated_at FROM base"));
    applyWorkspace(liteModel());
    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("ERROR"));
    const ModelMetrics metrics = modelOf(record);
    ASSERT_TRUE(metrics.error.has_value());
    EXPECT_TRUE(metrics.error->toString().contains(QLatin1String("integer overflow"))) << metrics.error->toString().toStdString();
    EXPECT_EQ(delivered(), QStringList());
    EXPECT_EQ(checkpoint(), QString());
}

// A misspelt name is an error in SQLite's words, never a string literal (SQLite's double-quoted string fallback).
TEST_P(SqliteSourceTest, AnUnknownColumnOrTableFailsTheCheckThePlanAndTheTransfer)
{
    createEvents();
    insertLite(QStringLiteral("a1"), QStringLiteral("'2026-03-02 10:00:00'"));
    struct Case
    {
        const char *what;
        Json model;
        const char *message;
    };
    Json column = liteModel();
    column["columns"][2]["name_in_source"] = "nte";
    Json organization = liteModel();
    organization["organization_column"] = "tenant";
    QList<Case> cases{{"column", column, "no such column: nte"},
                      {"organization_column", organization, "no such column: tenant"},
                      {"table", liteModel(QStringLiteral("evnts")), "no such table: evnts"}};
    for (const Case &item : cases) {
        SCOPED_TRACE(item.what);
        applyWorkspace(item.model);
        const QString check = sourceCheckError();
        EXPECT_TRUE(check.contains(QLatin1String(item.message))) << check.toStdString();
        const QString plan = planError();
        EXPECT_TRUE(plan.contains(QLatin1String(item.message))) << plan.toStdString();
        const TransferRecord record = transfer();
        EXPECT_EQ(record.status, QStringLiteral("ERROR"));
        const ModelMetrics metrics = modelOf(record);
        ASSERT_TRUE(metrics.error.has_value());
        EXPECT_TRUE(metrics.error->toString().contains(QLatin1String(item.message))) << metrics.error->toString().toStdString();
        EXPECT_FALSE(metrics.error->toString().contains(QLatin1String("Parameter count mismatch")));
        EXPECT_EQ(delivered(), QStringList());
    }
}

namespace {

// One row of a timestamp form: its stored SQL value and the canonical instant delivered, empty when the window
// [2026-03-10T12:00:00.250000Z, 2026-03-10T13:00:00.000000Z) must not read it.
struct FormRow
{
    const char *id;
    const char *value;
    const char *delivered;
};

const char *const kWindowStart = "2026-03-10T12:00:00.250000Z";
const char *const kWindowEnd = "2026-03-10T13:00:00.000000Z";

} // namespace

class SqliteSourceFormTest : public SqliteSourceTest
{
protected:
    // Each row of `rows` in table `table`, then an explicit window: exactly the rows inside it arrive, at their instant.
    void checkForm(const QString &declared, const QList<FormRow> &rows, const char *windowStart = kWindowStart)
    {
        if (GetParam() != DestinationVendor::Sqlite)
            GTEST_SKIP() << "how the source stores timestamps does not depend on the destination";
        createEvents(QStringLiteral("events"), declared);
        QStringList expected;
        for (const FormRow &row : rows) {
            insertLite(QLatin1String(row.id), QLatin1String(row.value));
            if (*row.delivered)
                expected << QStringLiteral("%1 %2").arg(QLatin1String(row.id), QLatin1String(row.delivered));
        }
        expected.sort();
        applyWorkspace(liteModel());
        EXPECT_EQ(sourceCheckError(), QString());
        TransferRequest request;
        request.windowStart = QLatin1String(windowStart);
        request.windowEnd = QLatin1String(kWindowEnd);
        EXPECT_EQ(planError(request), QString());
        const TransferRecord record = transfer(request);
        EXPECT_EQ(record.status, QStringLiteral("SUCCESS"));
        EXPECT_EQ(delivered(), expected);
    }
};

TEST_P(SqliteSourceFormTest, SqliteTextWithoutFractions)
{
    checkForm(QStringLiteral("TEXT"), {{"before", "'2026-03-10 12:00:00'", ""},
                                        {"first", "'2026-03-10 12:00:01'", "2026-03-10T12:00:01.000000Z"},
                                        {"last", "'2026-03-10 12:59:59'", "2026-03-10T12:59:59.000000Z"},
                                        {"end", "'2026-03-10 13:00:00'", ""},
                                        {"day_before", "'2026-03-09 12:30:00'", ""},
                                        {"day_after", "'2026-03-11 12:30:00'", ""}});
}

TEST_P(SqliteSourceFormTest, SqliteTextWithFractions)
{
    checkForm(QStringLiteral("TEXT"), {{"before", "'2026-03-10 12:00:00.249'", ""},
                                        {"first", "'2026-03-10 12:00:00.250'", "2026-03-10T12:00:00.250000Z"},
                                        {"micro", "'2026-03-10 12:30:00.000001'", "2026-03-10T12:30:00.000001Z"},
                                        {"whole", "'2026-03-10 12:40:00'", "2026-03-10T12:40:00.000000Z"},
                                        {"last", "'2026-03-10 12:59:59.999999'", "2026-03-10T12:59:59.999999Z"},
                                        {"end", "'2026-03-10 13:00:00.000'", ""},
                                        {"end_short", "'2026-03-10 13:00:00'", ""}});
}

TEST_P(SqliteSourceFormTest, IsoTextWithTAndNoZone)
{
    checkForm(QStringLiteral("DATETIME"), {{"before", "'2026-03-10T12:00:00.249999'", ""},
                                            {"first", "'2026-03-10T12:00:00.25'", "2026-03-10T12:00:00.250000Z"},
                                            {"last", "'2026-03-10T12:59:59.999999'", "2026-03-10T12:59:59.999999Z"},
                                            {"end", "'2026-03-10T13:00:00'", ""}});
}

TEST_P(SqliteSourceFormTest, IsoTextWithZAndVaryingFractions)
{
    checkForm(QStringLiteral("TEXT"), {{"before", "'2026-03-10T12:00:00Z'", ""},
                                        {"before_micro", "'2026-03-10T12:00:00.249999Z'", ""},
                                        {"first", "'2026-03-10T12:00:00.25Z'", "2026-03-10T12:00:00.250000Z"},
                                        {"whole", "'2026-03-10T12:10:00Z'", "2026-03-10T12:10:00.000000Z"},
                                        {"last", "'2026-03-10T12:59:59.999999Z'", "2026-03-10T12:59:59.999999Z"},
                                        {"end", "'2026-03-10T13:00:00Z'", ""},
                                        {"end_fraction", "'2026-03-10T13:00:00.0Z'", ""}});
}

// JavaScript's toISOString(): three digits and Z. A bound between two milliseconds rounds up, never down.
TEST_P(SqliteSourceFormTest, IsoTextWithZAndMilliseconds)
{
    checkForm(QStringLiteral("TEXT"), {{"before", "'2026-03-10T12:00:00.249Z'", ""},
                                        {"first", "'2026-03-10T12:00:00.250Z'", "2026-03-10T12:00:00.250000Z"},
                                        {"last", "'2026-03-10T12:59:59.999Z'", "2026-03-10T12:59:59.999000Z"},
                                        {"end", "'2026-03-10T13:00:00.000Z'", ""}},
              "2026-03-10T12:00:00.249500Z");
}

TEST_P(SqliteSourceFormTest, IsoTextWithOffsets)
{
    checkForm(QStringLiteral("TEXT"), {{"before", "'2026-03-10T14:00:00.249999+02:00'", ""},
                                        {"first", "'2026-03-10T14:00:00.25+02:00'", "2026-03-10T12:00:00.250000Z"},
                                        {"west", "'2026-03-10T11:30:00-01:00'", "2026-03-10T12:30:00.000000Z"},
                                        {"last", "'2026-03-10T07:59:59.999999-05:00'", "2026-03-10T12:59:59.999999Z"},
                                        {"end", "'2026-03-10T08:00:00-05:00'", ""},
                                        {"east_early", "'2026-03-10T12:30:00+14:00'", ""},
                                        {"west_late", "'2026-03-10T12:30:00-02:00'", ""},
                                        {"utc", "'2026-03-10T12:45:00+00:00'", "2026-03-10T12:45:00.000000Z"}});
}

// Text spellings that differ from row to row still order as instants (each value's instant is compared), also
// when the smallest and the largest value share one spelling.
TEST_P(SqliteSourceFormTest, MixedTextSpellings)
{
    checkForm(QStringLiteral("TEXT"), {{"before", "'2026-03-10 12:00:00'", ""},
                                        {"first", "'2026-03-10T12:00:00.25Z'", "2026-03-10T12:00:00.250000Z"},
                                        {"spaced", "'2026-03-10 12:20:00.5'", "2026-03-10T12:20:00.500000Z"},
                                        {"offset", "'2026-03-10T14:30:00+02:00'", "2026-03-10T12:30:00.000000Z"},
                                        {"with_t", "'2026-03-10T12:40:00'", "2026-03-10T12:40:00.000000Z"},
                                        {"end", "'2026-03-10 13:00:00'", ""},
                                        {"end_offset", "'2026-03-10T12:00:00-01:00'", ""},
                                        {"day_after", "'2026-03-11 12:30:00'", ""}}); // smallest and largest: SQLite's
}

TEST_P(SqliteSourceFormTest, IntegerEpochSeconds)
{
    const qint64 start = QDateTime(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC).toSecsSinceEpoch();
    const QByteArray before = QByteArray::number(start), first = QByteArray::number(start + 1),
                     last = QByteArray::number(start + 3599), end = QByteArray::number(start + 3600);
    checkForm(QStringLiteral("INTEGER"), {{"before", before.constData(), ""},
                                           {"first", first.constData(), "2026-03-10T12:00:01.000000Z"},
                                           {"last", last.constData(), "2026-03-10T12:59:59.000000Z"},
                                           {"end", end.constData(), ""}});
}

TEST_P(SqliteSourceFormTest, IntegerEpochMilliseconds)
{
    const qint64 start = QDateTime(QDate(2026, 3, 10), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    const QByteArray before = QByteArray::number(start + 249), first = QByteArray::number(start + 250),
                     last = QByteArray::number(start + 3599999), end = QByteArray::number(start + 3600000);
    checkForm(QStringLiteral("INTEGER"), {{"before", before.constData(), ""},
                                           {"first", first.constData(), "2026-03-10T12:00:00.250000Z"},
                                           {"last", last.constData(), "2026-03-10T12:59:59.999000Z"},
                                           {"end", end.constData(), ""}});
}

INSTANTIATE_TEST_SUITE_P(Destinations, SqliteSourceFormTest, ::testing::Values(DestinationVendor::Sqlite),
                         destinationVendorName);

// CURRENT_TIMESTAMP's form is read after the checkpoint too (not only by a backfill's window from 1970).
TEST_P(SqliteSourceTest, AnIncrementalPicksUpARowWrittenByDatetimeNow)
{
    createEvents(QStringLiteral("events"), QStringLiteral("TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP"));
    lite(QStringLiteral("INSERT INTO events (id, tenant_id, note, updated_at) VALUES ('a1', 't_acme', 'v1', datetime('now', '-1 hour'))"));
    applyWorkspace(liteModel());
    m_now = QDateTime::currentDateTimeUtc().addSecs(60);
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    ASSERT_EQ(delivered().size(), 1);
    const QString cursor = checkpoint();
    EXPECT_TRUE(cursor.endsWith(QLatin1String(".000000Z"))) << cursor.toStdString(); // datetime() has whole seconds

    lite(QStringLiteral("INSERT INTO events (id, tenant_id, note) VALUES ('a2', 't_acme', 'v1')"));
    m_now = QDateTime::currentDateTimeUtc().addSecs(60);
    const TransferRecord second = transfer();
    EXPECT_EQ(second.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(second).mode, QStringLiteral("incremental"));
    const QStringList rows = delivered();
    ASSERT_EQ(rows.size(), 2);
    EXPECT_TRUE(rows[1].startsWith(QLatin1String("a2 "))) << rows.join(QLatin1Char(',')).toStdString();
    EXPECT_GT(checkpoint(), cursor);
}

// Values Ferry cannot order as instants are refused, naming the column and a value: never SUCCESS with rows left out.
TEST_P(SqliteSourceTest, AColumnOfMixedOrUnparseableFormsIsRefused)
{
    struct Case
    {
        const char *what;
        const char *declared; // the column's type: TEXT turns integers into text
        const char *first;
        const char *other;
        const char *example;
        const char *middle = nullptr; // a third value, between the other two
    };
    const QList<Case> cases{{"text and integers", "", "'2026-03-02 10:00:00'", "1772445600", "1772445600"},
                            {"integers as text", "TEXT", "'2026-03-02 10:00:00'", "1772445600", "1772445600"},
                            {"seconds and milliseconds", "INTEGER", "1772445600", "1772445600000", "1772445600000"},
                            {"unparseable text", "TEXT", "'2026-03-02 10:00:00'", "'yesterday'", "yesterday"},
                            {"another text form", "TEXT", "'2026-03-02 10:00:00'", "'03/02/2026 10:00'", "03/02/2026 10:00"},
                            {"a real", "", "'2026-03-02 10:00:00'", "1772445600.5", "1772445600.5"},
                            {"between two good values", "TEXT", "'2026-03-02 10:00:00'", "'2026-03-09 10:00:00'",
                             "2026-03-05 soon", "'2026-03-05 soon'"},
                            {"a real between integers", "INTEGER", "1772445600", "1772445700", "1772445650.5", "1772445650.5"}};
    int table = 0;
    for (const Case &item : cases) {
        SCOPED_TRACE(item.what);
        const QString name = QStringLiteral("mixed%1").arg(++table);
        createEvents(name, QLatin1String(item.declared));
        insertLite(QStringLiteral("a1"), QLatin1String(item.first), name);
        insertLite(QStringLiteral("a2"), QLatin1String(item.other), name);
        if (item.middle)
            insertLite(QStringLiteral("a3"), QLatin1String(item.middle), name);
        applyWorkspace(liteModel(name));
        for (const QString &error : {sourceCheckError(), planError()}) {
            EXPECT_TRUE(error.contains(QLatin1String("updated_at"))) << error.toStdString();
            EXPECT_TRUE(error.contains(QLatin1String(item.example))) << error.toStdString();
        }
        const TransferRecord record = transfer();
        EXPECT_EQ(record.status, QStringLiteral("ERROR"));
        const ModelMetrics metrics = modelOf(record);
        ASSERT_TRUE(metrics.error.has_value());
        EXPECT_TRUE(metrics.error->toString().contains(QLatin1String(item.example))) << metrics.error->toString().toStdString();
        EXPECT_EQ(delivered(), QStringList());
    }
}

INSTANTIATE_TEST_SUITE_P(Destinations, SqliteSourceTest,
                         ::testing::Values(DestinationVendor::Postgres, DestinationVendor::Sqlite), destinationVendorName);

} // namespace ferry::test
