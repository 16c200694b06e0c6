// CanonicalValue::timestamp: every text form a source sends becomes the same exact UTC instant, and text that is
// not an instant is refused (the digit-by-digit formatter must agree with the calendar).
#include "support/qt_printers.h"

#include "rows/canonical_value.h"

#include <gtest/gtest.h>

#include <QDateTime>

#include <limits>

namespace ferry {
namespace {

QByteArray canonical(const char *text)
{
    return CanonicalValue::timestamp(QByteArrayView(text)).value_or(QByteArray("refused"));
}

TEST(CanonicalTimestamp, EveryTextFormOfOneInstantGivesTheSameCanonicalValue)
{
    const QByteArray expected("2026-03-01T12:34:56.789000Z");
    for (const char *text : {"2026-03-01 12:34:56.789+00", "2026-03-01T12:34:56.789Z", "2026-03-01 12:34:56.789",
                             "2026-03-01T14:34:56.789+02:00", "2026-03-01 07:34:56.789-05", "2026-03-01T12:34:56.789000Z"})
        EXPECT_EQ(canonical(text), expected) << text;
    EXPECT_EQ(canonical("2026-03-01"), QByteArray("2026-03-01T00:00:00.000000Z"));
    EXPECT_EQ(canonical("0001-01-01 00:00:00"), QByteArray("0001-01-01T00:00:00.000000Z"));
    EXPECT_EQ(canonical("9999-12-31 23:59:59.999999+00"), QByteArray("9999-12-31T23:59:59.999999Z"));
    // An offset that crosses midnight, a leap day.
    EXPECT_EQ(canonical("2024-03-01T01:00:00+02:00"), QByteArray("2024-02-29T23:00:00.000000Z"));
    EXPECT_EQ(canonical("2024-02-29 10:00:00.5"), QByteArray("2024-02-29T10:00:00.500000Z"));
}

TEST(CanonicalTimestamp, TextThatIsNotAnInstantIsRefused)
{
    for (const char *text : {"2026-02-30 00:00:00", "2025-02-29", "2026-13-01", "2026-03-01 24:00:00",
                             "2026-03-01 12:60:00", "2026-03-01 12:00:61", "not a time", "2026-03-01 12:00:00 junk"})
        EXPECT_EQ(canonical(text), QByteArray("refused")) << text;
}

// PostgreSQL's binary timestamptz (microseconds since 2000-01-01 UTC) gives what its text form gives, on both sides
// of 2000 and of the epoch, on leap days and at the ends of the years Ferry reads; infinity is refused.
TEST(CanonicalTimestamp, PostgresBinaryTimestampsMatchTheirTextForm)
{
    const auto binary = [](qint64 micros) {
        return CanonicalValue::fromPostgresBinaryTimestamp(micros).value_or(QByteArray("refused"));
    };
    EXPECT_EQ(binary(0), QByteArray("2000-01-01T00:00:00.000000Z"));
    EXPECT_EQ(binary(-1), QByteArray("1999-12-31T23:59:59.999999Z"));
    EXPECT_EQ(binary(-946684800LL * 1000000), QByteArray("1970-01-01T00:00:00.000000Z"));
    EXPECT_EQ(binary(825683696789000LL), QByteArray("2026-03-01T12:34:56.789000Z"));
    EXPECT_EQ(binary(-63082281600LL * 1000000), QByteArray("0001-01-01T00:00:00.000000Z"));
    EXPECT_EQ(binary(252455615999999999LL), QByteArray("9999-12-31T23:59:59.999999Z"));
    EXPECT_EQ(binary(252455616000000000LL), QByteArray("refused")); // year 10000
    EXPECT_EQ(binary(-63082281600LL * 1000000 - 1), QByteArray("refused")); // 1 BC
    EXPECT_EQ(binary(std::numeric_limits<qint64>::max()), QByteArray("refused")); // infinity
    EXPECT_EQ(binary(std::numeric_limits<qint64>::min()), QByteArray("refused")); // -infinity
    // Every 7,919,993 seconds (a prime: every time of day and day of month comes round) from 1901 to 2099.
    const QDateTime y2k(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
    for (qint64 seconds = -3124137600LL; seconds < 3155760000LL; seconds += 7919993) {
        const qint64 fraction = (seconds % 1000000 + 1000000) % 1000000;
        const qint64 micros = seconds * 1000000 + fraction;
        const QDateTime instant = y2k.addSecs(seconds);
        const QByteArray text = instant.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toLatin1() + '.' +
                                QByteArray::number(1000000 + fraction).mid(1) + "+00";
        EXPECT_EQ(binary(micros), canonical(text.constData())) << text.constData();
    }
}

} // namespace
} // namespace ferry
