#include "support/qt_printers.h"

#include "state/transfer_summary.h"

#include <gtest/gtest.h>

namespace ferry::test {
namespace {

TEST(TransferSummary, DurationRunsFromStartToEndOrToNow)
{
    const QDateTime start(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    TransferSummary summary;
    EXPECT_FALSE(summary.durationMs(start).has_value());
    summary.startedAt = start;
    EXPECT_EQ(summary.durationMs(start.addSecs(5)), 5000);
    summary.endedAt = start.addMSecs(1234);
    EXPECT_EQ(summary.durationMs(start.addSecs(99)), 1234);
    summary.endedAt = start.addSecs(-1); // another machine's clock
    EXPECT_EQ(summary.durationMs(), 0);
}

TEST(TransferQuery, EmptyOnlyWithoutAnyFilter)
{
    EXPECT_TRUE(TransferQuery().isEmpty());
    TransferQuery query;
    query.tagValue = QStringLiteral("x");
    EXPECT_FALSE(query.isEmpty());
    query = {};
    query.submittedTo = QDateTime::currentDateTimeUtc();
    EXPECT_FALSE(query.isEmpty());
    query = {};
    query.statuses = QStringList{QStringLiteral("ERROR")};
    EXPECT_FALSE(query.isEmpty());
    EXPECT_NE(query, TransferQuery());
}

} // namespace
} // namespace ferry::test
