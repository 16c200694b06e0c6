// The history's row cache: pages append, newer transfers prepend, changes replace in place, and ids map to rows
// in O(1) however many rows were prepended.
#include "models/transfer_row_cache.h"

#include <gtest/gtest.h>

#include <QTimeZone>

namespace ferry::ui {
namespace {

using namespace Qt::Literals::StringLiterals;

const QDateTime kBase = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);

TransferSummary summary(int minute, const QString &id, const QString &status = QStringLiteral("SUCCESS"))
{
    TransferSummary row;
    row.id = id;
    row.status = status;
    row.submittedAt = kBase.addSecs(60 * minute);
    return row;
}

QStringList ids(const TransferRowCache &cache)
{
    QStringList list;
    for (int row = 0; row < cache.size(); ++row)
        list << cache.at(row).id;
    return list;
}

TEST(TransferRowCacheTest, PagesAppendInOrderAndSkipRowsAlreadyLoaded)
{
    TransferRowCache cache;
    EXPECT_FALSE(cache.lastKey().has_value());
    EXPECT_EQ(cache.appendPage({summary(9, u"i"_s), summary(8, u"h"_s), summary(7, u"g"_s)}), 3);
    // A row that moved into the next page (a transfer submitted meanwhile shifted it) is not shown twice.
    EXPECT_EQ(cache.appendPage({summary(7, u"g"_s), summary(6, u"f"_s)}), 1);
    EXPECT_EQ(ids(cache), (QStringList{u"i"_s, u"h"_s, u"g"_s, u"f"_s}));
    EXPECT_EQ(cache.rowOf(u"g"_s), 2);
    EXPECT_EQ(cache.rowOf(u"nope"_s), -1);
    ASSERT_TRUE(cache.lastKey().has_value());
    EXPECT_EQ(cache.lastKey()->id, u"f"_s);
    EXPECT_EQ(cache.lastKey()->submittedAt, kBase.addSecs(360));
}

TEST(TransferRowCacheTest, NewerTransfersArePrependedNewestFirstAndRowsOfOldOnesFollow)
{
    TransferRowCache cache;
    cache.appendPage({summary(5, u"e"_s), summary(4, u"d"_s)});
    // A poll's top page: two newer, one known, one older than the first row (it belongs further down: skipped).
    EXPECT_EQ(cache.prependNewer({summary(7, u"g"_s), summary(6, u"f"_s), summary(5, u"e"_s), summary(1, u"a"_s)}), 2);
    EXPECT_EQ(ids(cache), (QStringList{u"g"_s, u"f"_s, u"e"_s, u"d"_s}));
    EXPECT_EQ(cache.rowOf(u"g"_s), 0);
    EXPECT_EQ(cache.rowOf(u"e"_s), 2);
    EXPECT_EQ(cache.rowOf(u"d"_s), 3);
    // Given out of order, they still land newest first.
    EXPECT_EQ(cache.prependNewer({summary(8, u"h"_s), summary(9, u"i"_s)}), 2);
    EXPECT_EQ(ids(cache), (QStringList{u"i"_s, u"h"_s, u"g"_s, u"f"_s, u"e"_s, u"d"_s}));
    EXPECT_EQ(cache.rowOf(u"d"_s), 5);
    cache.appendPage({summary(3, u"c"_s)});
    EXPECT_EQ(cache.rowOf(u"c"_s), 6);
}

TEST(TransferRowCacheTest, TheSameSecondIsOrderedByIdLikeTheStateDatabasesKey)
{
    TransferRowCache cache;
    cache.appendPage({summary(5, u"b"_s)});
    EXPECT_EQ(cache.prependNewer({summary(5, u"c"_s), summary(5, u"a"_s)}), 1); // u"a"_s sorts after u"b"_s: not newer
    EXPECT_EQ(ids(cache), (QStringList{u"c"_s, u"b"_s}));
    EXPECT_TRUE(TransferRowCache::isNewer({kBase, u"b"_s}, {kBase, u"a"_s}));
    EXPECT_FALSE(TransferRowCache::isNewer({kBase, u"a"_s}, {kBase.addSecs(1), u"a"_s}));
}

TEST(TransferRowCacheTest, UpdatesReplaceTheLoadedRowOnly)
{
    TransferRowCache cache;
    cache.appendPage({summary(2, u"b"_s, u"RUNNING"_s), summary(1, u"a"_s)});
    EXPECT_EQ(cache.update(summary(2, u"b"_s, u"SUCCESS"_s)), 0);
    EXPECT_EQ(cache.at(0).status, QStringLiteral("SUCCESS"));
    EXPECT_EQ(cache.update(summary(3, u"z"_s)), -1);
    EXPECT_EQ(cache.size(), 2);
    cache.clear();
    EXPECT_TRUE(cache.isEmpty());
    EXPECT_EQ(cache.rowOf(u"a"_s), -1);
}

} // namespace
} // namespace ferry::ui
