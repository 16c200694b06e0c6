// Rfc3339: the strict reader of times people type. Each field in its range, an offset always given, nothing looser;
// "+99:99" once moved a checkpoint four days back.
#include "support/qt_printers.h"

#include "rows/rfc3339.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

QByteArray parsed(const char *text)
{
    QString problem;
    const std::optional<QByteArray> value = Rfc3339::parse(QString::fromUtf8(text), &problem);
    return value ? *value : QByteArray("refused: ") + problem.toUtf8();
}

TEST(Rfc3339, ValidTimesBecomeCanonicalUtc)
{
    EXPECT_EQ(parsed("2026-01-31T00:00:00Z"), QByteArray("2026-01-31T00:00:00.000000Z"));
    EXPECT_EQ(parsed("2026-01-31t00:00:00z"), QByteArray("2026-01-31T00:00:00.000000Z"));
    EXPECT_EQ(parsed("2026-01-31 05:30:00.5+05:30"), QByteArray("2026-01-31T00:00:00.500000Z"));
    EXPECT_EQ(parsed("2026-01-01T00:00:00.123456-23:59"), QByteArray("2026-01-01T23:59:00.123456Z"));
    EXPECT_EQ(parsed("2024-02-29T23:59:59+00:00"), QByteArray("2024-02-29T23:59:59.000000Z"));
    EXPECT_EQ(parsed("0001-01-01T00:00:00Z"), QByteArray("0001-01-01T00:00:00.000000Z"));
    EXPECT_EQ(parsed("9999-12-31T23:59:59.999999Z"), QByteArray("9999-12-31T23:59:59.999999Z"));
}

TEST(Rfc3339, OffsetsOutOfRangeAreRefusedByName)
{
    for (const char *offset : {"+99:99", "+24:00", "-24:00", "+05:60", "+23:99"}) {
        const QByteArray text = QByteArray("2026-01-01T00:00:00") + offset;
        const QByteArray result = parsed(text.constData());
        EXPECT_TRUE(result.startsWith("refused: offset ") && result.contains(offset)) << result.constData();
    }
}

TEST(Rfc3339, EverythingLooserIsRefused)
{
    for (const char *text : {"2026-01-01T00:00:00", "2026-01-01", "2026-01-01T00:00Z", "1767225600", "",
                             "2026-02-30T00:00:00Z", "2026-00-10T00:00:00Z", "0000-01-01T00:00:00Z",
                             "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z",
                             "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567Z", "2026-01-01T00:00:00+0530",
                             "2026-01-01T00:00:00+05", "2026-01-01T00:00:00+5:30", " 2026-01-01T00:00:00Z",
                             "2026-01-01T00:00:00Z ", "2026-01-01T00:00:00ZZ", "10000-01-01T00:00:00Z",
                             "9999-12-31T23:00:00-02:00", "0001-01-01T00:30:00+01:00", "2026-01-01T00:00:00+01:00x",
                             "２０２６-01-01T00:00:00Z"}) {
        EXPECT_TRUE(parsed(text).startsWith("refused: ")) << text << " gave " << parsed(text).constData();
    }
}

} // namespace
} // namespace ferry
