// CanonicalValue::timestamp: every text form a source sends becomes the same exact UTC instant, and text that is
// not an instant is refused (the digit-by-digit formatter must agree with the calendar).
#include "support/qt_printers.h"

#include "rows/canonical_value.h"

#include <gtest/gtest.h>

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

} // namespace
} // namespace ferry
