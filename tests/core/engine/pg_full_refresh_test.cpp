// PostgreSQL full refresh: readers of the live table never wait for the reload, and tables built aside by a killed
// rebuild are dropped by the next transfer to the destination, whichever model it carries.
#include "engine_fixture.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>
#include <thread>

namespace ferry::test {

class PgFullRefreshTest : public EngineTest
{
protected:
    void backfill()
    {
        insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
        insert(QStringLiteral("a2"), QStringLiteral("v1"), at(2));
        insert(QStringLiteral("a3"), QStringLiteral("v1"), at(3));
        applyWorkspace(modelJson());
        ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    }
    QStringList buildTables()
    {
        return destinationQuery(QStringLiteral("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE "
                                               "'\\_ferry\\_build\\_%' ORDER BY relname"));
    }
};

TEST_P(PgFullRefreshTest, ReadersOfTheLiveTableNeverWaitForTheReload)
{
    backfill();
    insert(QStringLiteral("a4"), QStringLiteral("v1"), at(4));
    // The recipient's own trigger makes the reload slow (it survives a reload in place: same table).
    destinationQuery(QStringLiteral("CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS "
                                    "'BEGIN PERFORM pg_sleep(2); RETURN NULL; END'"));
    destinationQuery(QStringLiteral("CREATE TRIGGER slow_reload BEFORE INSERT ON events FOR EACH STATEMENT "
                                    "EXECUTE FUNCTION slow_insert()"));

    // A reader on its own connection, impatient for locks, counting rows all through the refresh.
    std::atomic<bool> stop = false;
    QStringList failures;
    QList<qint64> counts;
    std::thread reader([&] {
        const QString name = QStringLiteral("reader-") + QUuid::createUuid().toString(QUuid::Id128);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(m_destPg->host());
            db.setPort(m_destPg->port());
            db.setUserName(m_destPg->userName());
            db.setPassword(qEnvironmentVariable("PGPASSWORD"));
            db.setDatabaseName(m_destPg->name());
            if (!db.open()) {
                failures << db.lastError().text();
                return;
            }
            QSqlQuery query(db);
            query.exec(QStringLiteral("SET lock_timeout = '300ms'"));
            while (!stop) {
                if (query.exec(QStringLiteral("SELECT count(*) FROM events")) && query.next())
                    counts << query.value(0).toLongLong();
                else
                    failures << query.lastError().text();
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    });
    TransferRequest request;
    request.fullRefresh = true;
    const TransferRecord record = transfer(request);
    stop = true;
    reader.join();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationCount(), 4);
    EXPECT_TRUE(failures.isEmpty()) << failures.join(QLatin1Char('\n')).toStdString();
    EXPECT_GE(counts.size(), 20); // the reload slept 2 s: the reader kept reading through it
    // Always the old table or the new one, never an empty one.
    for (const qint64 count : counts)
        EXPECT_TRUE(count == 3 || count == 4) << count;
}

TEST_P(PgFullRefreshTest, TablesLeftByAKilledRebuildAreDroppedByTheNextTransfer)
{
    backfill();
    // Leftovers of killed rebuilds of this and of another model, and one a running rebuild is still building (it
    // holds its advisory lock, here on the test's own connection).
    destinationQuery(QStringLiteral("CREATE TABLE _ferry_build_0123456789ab_deadbeef (id text)"));
    destinationQuery(QStringLiteral("CREATE TABLE _ferry_build_fedcba987654_00000001 (id text)"));
    destinationQuery(QStringLiteral("SELECT pg_advisory_lock(hashtext('ferry_build'), hashtext('_ferry_build_fedcba987654_00000001'))"));
    ASSERT_EQ(buildTables().size(), 2);
    insert(QStringLiteral("a4"), QStringLiteral("v1"), at(4));
    const TransferRecord record = transfer(); // incremental: not a rebuild
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(record).mode, QStringLiteral("incremental"));
    EXPECT_EQ(buildTables(), QStringList{QStringLiteral("_ferry_build_fedcba987654_00000001")});
    EXPECT_EQ(destinationCount(), 4);
}

// A table built aside is loaded with COPY ... FREEZE in the transaction that created it: its pages are all-visible
// from the start (the primary key's build counts them into relallvisible), so no vacuum rewrites them later.
TEST_P(PgFullRefreshTest, ATableBuiltAsideIsLoadedFrozen)
{
    for (int i = 0; i < 2000; ++i)
        insert(QStringLiteral("r%1").arg(i), QString(200, QLatin1Char('n')), at(1, i));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    const QStringList pages = destinationQuery(
        QStringLiteral("SELECT relpages || ' ' || relallvisible FROM pg_class WHERE relname = 'events' AND relkind = 'r'"));
    ASSERT_EQ(pages.size(), 1);
    const QStringList counts = pages.first().split(QLatin1Char(' '));
    EXPECT_GT(counts[0].toInt(), 1);
    EXPECT_EQ(counts[1], counts[0]) << "pages not all-visible after the load";
}

INSTANTIATE_TEST_SUITE_P(Destinations, PgFullRefreshTest, ::testing::Values(DestinationVendor::Postgres), destinationVendorName);

} // namespace ferry::test
