// The Logs page's row cache: pages grow it downwards, follow polls upwards, and overlap never shows a row
// twice.
#include "models/log_row_cache.h"

#include <gtest/gtest.h>

namespace ferry::ui {
namespace {

QList<LogEvent> events(std::initializer_list<qint64> ids)
{
    QList<LogEvent> list;
    for (const qint64 id : ids) {
        LogEvent event;
        event.id = id;
        list.append(event);
    }
    return list;
}

QList<qint64> ids(const LogRowCache &cache)
{
    QList<qint64> list;
    for (int row = 0; row < cache.size(); ++row)
        list.append(cache.at(row).id);
    return list;
}

TEST(LogRowCacheTest, PagesAppendBelowAndPollsPrependAbove)
{
    LogRowCache cache;
    EXPECT_EQ(cache.newestId(), 0);
    EXPECT_EQ(cache.appendOlder(events({9, 8, 7})), 3);
    EXPECT_EQ(cache.appendOlder(events({6, 5})), 2);
    EXPECT_EQ(cache.prependNewer(events({10, 11})), 2); // oldest first, as newerThan returns them
    EXPECT_EQ(ids(cache), (QList<qint64>{11, 10, 9, 8, 7, 6, 5}));
    EXPECT_EQ(cache.newestId(), 11);
    EXPECT_EQ(cache.oldestId(), 5);
    EXPECT_EQ(cache.rowOf(11), 0);
    EXPECT_EQ(cache.rowOf(7), 4);
    EXPECT_EQ(cache.rowOf(12), -1);
}

TEST(LogRowCacheTest, OverlapIsDroppedAndCountedAlike)
{
    LogRowCache cache;
    cache.appendOlder(events({9, 8, 7}));
    const QList<LogEvent> page = events({8, 7, 6, 5});
    EXPECT_EQ(cache.olderCount(page), 2);
    EXPECT_EQ(cache.appendOlder(page), 2);
    const QList<LogEvent> polled = events({8, 9, 10});
    EXPECT_EQ(cache.newerCount(polled), 1);
    EXPECT_EQ(cache.prependNewer(polled), 1);
    EXPECT_EQ(ids(cache), (QList<qint64>{10, 9, 8, 7, 6, 5}));
    cache.clear();
    EXPECT_TRUE(cache.isEmpty());
    EXPECT_EQ(cache.prependNewer(events({1, 2})), 2);
    EXPECT_EQ(ids(cache), (QList<qint64>{2, 1}));
}

} // namespace
} // namespace ferry::ui
