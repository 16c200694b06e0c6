#include "support/qt_printers.h"

#include "config/data_types.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(DataTypes, EveryLogicalTypeOfTheSpecHasANativeTypePerDatabase)
{
    const QStringList expected = {QStringLiteral("string"), QStringLiteral("bytes"),   QStringLiteral("boolean"),
                                  QStringLiteral("integer"), QStringLiteral("bigint"), QStringLiteral("decimal"),
                                  QStringLiteral("float"),  QStringLiteral("date"),    QStringLiteral("timestamp"),
                                  QStringLiteral("json")};
    QStringList names;
    for (const DataTypeInfo &info : DataTypes::all()) {
        names << QLatin1String(info.name);
        EXPECT_GT(qstrlen(info.postgres), 0u) << info.name;
        EXPECT_GT(qstrlen(info.mysql), 0u) << info.name;
        EXPECT_GT(qstrlen(info.mysqlKey), 0u) << info.name;
        EXPECT_GT(qstrlen(info.sqlite), 0u) << info.name;
        EXPECT_EQ(&DataTypes::info(info.type), &info) << info.name;
    }
    EXPECT_EQ(names, expected);
}

TEST(DataTypes, SynonymsAndCaseResolveToTheCanonicalType)
{
    EXPECT_EQ(DataTypes::canonicalName(QStringLiteral("text")), QStringLiteral("string"));
    EXPECT_EQ(DataTypes::canonicalName(QStringLiteral("NUMERIC")), QStringLiteral("decimal"));
    EXPECT_EQ(DataTypes::canonicalName(QStringLiteral("Timestamp")), QStringLiteral("timestamp"));
    EXPECT_EQ(DataTypes::find(QStringLiteral("varchar")), nullptr);
    EXPECT_EQ(DataTypes::acceptedNames().size(), 12);
}

TEST(DataTypes, TimestampsAreInstantsAndDecimalsStayExact)
{
    const DataTypeInfo &timestamp = DataTypes::info(LogicalType::Timestamp);
    EXPECT_STREQ(timestamp.postgres, "timestamptz");
    EXPECT_STREQ(timestamp.mysql, "DATETIME(6)");
    const DataTypeInfo &decimal = DataTypes::info(LogicalType::Decimal);
    EXPECT_STREQ(decimal.sqlite, "TEXT"); // SQLite's NUMERIC affinity would turn values into doubles
    EXPECT_STREQ(DataTypes::info(LogicalType::String).mysqlKey, "VARCHAR(255)"); // TEXT cannot be a MySQL key
}

} // namespace
} // namespace ferry
