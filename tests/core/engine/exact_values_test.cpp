// Destinations store every value exactly or refuse it: keys that differ only by case, trailing space or accents stay
// distinct rows, and a value the destination column cannot hold fails the window naming model, column and value.
#include "engine_fixture.h"

#include "rows/canonical_value.h"
#include "rows/exact_value.h"

#include <QSqlQuery>

namespace ferry::test {

namespace {


// Pairs a case-, pad- or accent-insensitive collation folds into one key.
const QStringList kLookalikeKeys{QStringLiteral("abc"), QStringLiteral("ABC"), QStringLiteral("k"), QStringLiteral("k "),
                                 QStringLiteral("resume"), QStringLiteral("r\u00e9sum\u00e9")};

} // namespace

class ExactValuesTest : public EngineTest
{
protected:
    void insertLookalikes(int dayNumber)
    {
        for (int i = 0; i < kLookalikeKeys.size(); ++i)
            insert(kLookalikeKeys[i], QStringLiteral("note %1").arg(i), at(dayNumber, i));
    }
    void expectLookalikesDistinct(qint64 otherRows)
    {
        const QMap<QString, QString> notes = destinationNotes();
        EXPECT_EQ(notes.size(), kLookalikeKeys.size() + otherRows);
        for (int i = 0; i < kLookalikeKeys.size(); ++i)
            EXPECT_EQ(notes.value(kLookalikeKeys[i]), QStringLiteral("note %1").arg(i)) << kLookalikeKeys[i].toStdString();
        // Each key is found by an exact comparison, and by nothing else.
        for (const QString &key : kLookalikeKeys) {
            QSqlQuery query(QSqlDatabase::database(m_destinationConnection, false));
            query.prepare(QStringLiteral("SELECT COUNT(*) FROM events WHERE id = ?"));
            query.addBindValue(key);
            ASSERT_TRUE(query.exec() && query.next());
            EXPECT_EQ(query.value(0).toInt(), 1) << key.toStdString();
        }
    }
    // The events model plus an integer `qty` read from source column `qtySource`.
    Json modelWithQty(const char *qtySource) const
    {
        Json model = modelJson();
        model["columns"].push_back(Json{{"name_in_source", qtySource}, {"name_in_destination", "qty"}, {"data_type", "integer"}});
        model["columns"].push_back(Json{{"name_in_source", "exact"}, {"name_in_destination", "exact"}, {"data_type", "decimal"}});
        return model;
    }
    // A transfer that must fail on `value` of `column`, leaving the destination and the checkpoint as they were.
    void expectRefused(const TransferRequest &request, const QString &column, const QString &value)
    {
        const QMap<QString, QString> before = destinationNotes();
        const QString checkpointBefore = checkpoint();
        const TransferRecord record = transfer(request);
        EXPECT_EQ(record.status, QStringLiteral("ERROR")) << value.toStdString();
        const ModelMetrics metrics = modelOf(record);
        ASSERT_TRUE(metrics.error.has_value()) << value.toStdString();
        const QString message = metrics.error->toString();
        EXPECT_TRUE(message.contains(QLatin1String("events"))) << message.toStdString();
        EXPECT_TRUE(message.contains(column)) << message.toStdString();
        EXPECT_TRUE(message.contains(value)) << message.toStdString();
        EXPECT_EQ(destinationNotes(), before) << value.toStdString();
        EXPECT_EQ(checkpoint(), checkpointBefore) << value.toStdString();
    }
};

TEST_P(ExactValuesTest, LookalikeKeysStayDistinctRowsInABackfill)
{
    insertLookalikes(1);
    applyWorkspace(modelJson());
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(record.rowsTransferred, kLookalikeKeys.size());
    expectLookalikesDistinct(0);
    // A full refresh into the same table keeps them distinct too.
    ASSERT_EQ(transfer(fullRefresh()).status, QStringLiteral("SUCCESS"));
    expectLookalikesDistinct(0);
}

TEST_P(ExactValuesTest, LookalikeKeysStayDistinctRowsInAMerge)
{
    insert(QStringLiteral("first"), QStringLiteral("v1"), at(1));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    insertLookalikes(2);
    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(modelOf(record).mode, QStringLiteral("incremental"));
    expectLookalikesDistinct(1);
    // Updating one of a pair touches that row only.
    sourceExec(QStringLiteral("UPDATE events SET note = 'upper', updated_at = '2026-03-10T00:00:00Z' WHERE id = 'ABC'"));
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(destinationNotes().value(QStringLiteral("abc")), QStringLiteral("note 0"));
    EXPECT_EQ(destinationNotes().value(QStringLiteral("ABC")), QStringLiteral("upper"));
}

TEST_P(ExactValuesTest, ATableMadeWithTheServersDefaultCollationIsConverted)
{
    if (GetParam() != DestinationVendor::MySql)
        GTEST_SKIP() << "collations are MariaDB's";
    insert(QStringLiteral("first"), QStringLiteral("v1"), at(1));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    // What older Ferry created: the server's default (case- and pad-insensitive) collation.
    destinationQuery(QStringLiteral("ALTER TABLE events CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"));
    insertLookalikes(2);
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    expectLookalikesDistinct(1);
    const QString collation = QStringLiteral("SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                                             "DATABASE() AND TABLE_NAME = 'events' AND COLUMN_NAME = 'id'");
    EXPECT_NE(destinationQuery(collation), QStringList{QStringLiteral("utf8mb4_general_ci")});

    // A full refresh replaces such a table, bringing back rows it had folded together.
    destinationQuery(QStringLiteral("DELETE FROM events WHERE BINARY id IN ('ABC', 'k ', 'resume')"));
    destinationQuery(QStringLiteral("ALTER TABLE events CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"));
    ASSERT_EQ(transfer(fullRefresh()).status, QStringLiteral("SUCCESS"));
    expectLookalikesDistinct(1);
    EXPECT_NE(destinationQuery(collation), QStringList{QStringLiteral("utf8mb4_general_ci")});
}

TEST_P(ExactValuesTest, ValuesTheColumnCannotHoldFailTheWindowAndPublishNothing)
{
    sourceExec(QStringLiteral("ALTER TABLE events ADD COLUMN qty_real double precision, ADD COLUMN qty_text text, "
                              "ADD COLUMN exact numeric"));
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    sourceExec(QStringLiteral("UPDATE events SET qty_real = 7, qty_text = '7', exact = 1.5"));
    applyWorkspace(modelWithQty("qty_real"));
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    ASSERT_EQ(destinationQuery(QStringLiteral("SELECT qty FROM events")), QStringList{QStringLiteral("7")});

    // A later window holds one good row and one bad value.
    insert(QStringLiteral("a2"), QStringLiteral("v1"), at(2));
    insert(QStringLiteral("a3"), QStringLiteral("v1"), at(2, 1));
    sourceExec(QStringLiteral("UPDATE events SET qty_real = 8, qty_text = '8', exact = 2 WHERE id = 'a2'"));
    sourceExec(QStringLiteral("UPDATE events SET qty_real = 12.5 WHERE id = 'a3'"));
    expectRefused({}, QStringLiteral("qty"), QStringLiteral("12.5"));
    expectRefused(fullRefresh(), QStringLiteral("qty"), QStringLiteral("12.5"));
    sourceExec(QStringLiteral("UPDATE events SET qty_real = 1e20 WHERE id = 'a3'"));
    expectRefused({}, QStringLiteral("qty"), QStringLiteral("1e+20"));
    sourceExec(QStringLiteral("UPDATE events SET qty_real = 3000000000 WHERE id = 'a3'"));
    expectRefused({}, QStringLiteral("qty"), QStringLiteral("3000000000"));

    applyWorkspace(modelWithQty("qty_text"));
    sourceExec(QStringLiteral("UPDATE events SET qty_text = 'n/a' WHERE id = 'a3'"));
    expectRefused({}, QStringLiteral("qty"), QStringLiteral("n/a"));

    // Ten decimal places: exact in PostgreSQL's numeric and SQLite's text, too many for MariaDB's DECIMAL(38,9).
    sourceExec(QStringLiteral("UPDATE events SET qty_text = '9', exact = 1.0123456789 WHERE id = 'a3'"));
    if (GetParam() == DestinationVendor::MySql) {
        expectRefused({}, QStringLiteral("exact"), QStringLiteral("1.0123456789"));
    } else {
        ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
        EXPECT_EQ(destinationQuery(QStringLiteral("SELECT exact FROM events WHERE id = 'a3'")),
                  QStringList{QStringLiteral("1.0123456789")});
    }
}

TEST_P(ExactValuesTest, AValueTheServerWouldChangeFailsTheWindow)
{
    // Ferry's own check passes a 300-character key; MariaDB's VARCHAR(255) key would cut it (a warning, as LOAD DATA
    // LOCAL turns errors into warnings). PostgreSQL and SQLite hold it.
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    const QString longKey(300, QLatin1Char('x'));
    insert(longKey, QStringLiteral("v1"), at(2));
    if (GetParam() == DestinationVendor::MySql) {
        expectRefused({}, QStringLiteral("for column 'id'"), QStringLiteral("Data truncated"));
    } else {
        ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
        EXPECT_EQ(destinationNotes().value(longKey), QStringLiteral("v1"));
    }
}

TEST(CanonicalValueExactTest, ANumberThatIsNotAnIntegerIsNeverRounded)
{
    QString error;
    // A REAL read from SQLite or MariaDB: handed on as written, for the destination to refuse by name.
    EXPECT_EQ(CanonicalValue::fromVariant(QVariant(12.5), LogicalType::Integer, &error), QByteArray("12.5"));
    EXPECT_EQ(CanonicalValue::fromVariant(QVariant(1e20), LogicalType::BigInt, &error), QByteArray("1e+20"));
    EXPECT_EQ(CanonicalValue::fromVariant(QVariant(12.0), LogicalType::Integer, &error), QByteArray("12"));
    EXPECT_EQ(CanonicalValue::fromVariant(QVariant(qlonglong(-5)), LogicalType::BigInt, &error), QByteArray("-5"));
    EXPECT_TRUE(error.isEmpty());
}

TEST(CanonicalValueExactTest, EachTypeAcceptsWhatItHoldsAndNothingElse)
{
    using V = SqlDialect::Vendor;
    auto fits = [](const char *value, LogicalType type, V vendor = V::Postgres) {
        return ExactValue::problem(QByteArrayView(value), type, vendor).isEmpty();
    };
    EXPECT_TRUE(fits("-2147483648", LogicalType::Integer));
    EXPECT_FALSE(fits("2147483648", LogicalType::Integer, V::Sqlite));
    EXPECT_FALSE(fits("12.0", LogicalType::Integer));
    EXPECT_FALSE(fits("", LogicalType::Integer));
    EXPECT_TRUE(fits("-9223372036854775808", LogicalType::BigInt));
    EXPECT_FALSE(fits("9223372036854775808", LogicalType::BigInt));
    EXPECT_TRUE(fits("12345678901234567890123456789.123456789", LogicalType::Decimal, V::MySql));
    EXPECT_FALSE(fits("123456789012345678901234567890", LogicalType::Decimal, V::MySql));
    EXPECT_TRUE(fits("123456789012345678901234567890.0000000001", LogicalType::Decimal, V::Postgres));
    EXPECT_TRUE(fits("1.500000000000", LogicalType::Decimal, V::MySql));
    EXPECT_TRUE(fits("1e-9", LogicalType::Decimal, V::MySql));
    EXPECT_FALSE(fits("1e-10", LogicalType::Decimal, V::MySql));
    EXPECT_FALSE(fits("n/a", LogicalType::Decimal, V::Sqlite));
    EXPECT_FALSE(fits("NaN", LogicalType::Decimal, V::MySql));
    EXPECT_TRUE(fits("1.7976931348623157e308", LogicalType::Float, V::MySql));
    EXPECT_FALSE(fits("1e400", LogicalType::Float, V::Sqlite));
    EXPECT_FALSE(fits("twelve", LogicalType::Float));
    EXPECT_TRUE(fits("Infinity", LogicalType::Float, V::Postgres));
    EXPECT_FALSE(fits("maybe", LogicalType::Boolean));
    EXPECT_FALSE(fits("2024-02-30", LogicalType::Date));
    EXPECT_FALSE(fits("0999-01-01T00:00:00.000000Z", LogicalType::Timestamp, V::MySql));
    EXPECT_TRUE(fits("0999-01-01T00:00:00.000000Z", LogicalType::Timestamp, V::Postgres));
    // Shortened in messages.
    const QString message = ExactValue::error(QStringLiteral("m"), QStringLiteral("c"), QByteArray(500, 'x'), QStringLiteral("is bad")).message;
    EXPECT_TRUE(message.contains(QString(61, QLatin1Char('x')) + QStringLiteral("...\""))) << message.toStdString();
    EXPECT_LT(message.size(), 120) << message.toStdString();
}

INSTANTIATE_TEST_SUITE_P(Destinations, ExactValuesTest,
                         ::testing::Values(DestinationVendor::Postgres, DestinationVendor::MySql, DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test
