#include "support/qt_printers.h"

#include "demo/demo_workspace.h"
#include "state/workspace_store.h"

#include <gtest/gtest.h>

#include <QDateTime>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace ferry {
namespace {

TEST(DemoWorkspace, SourceHoldsAYearOfMultiTenantEvents)
{
    QTemporaryDir dir;
    const Result<DemoWorkspace::Layout> layout = DemoWorkspace::create(dir.path());
    ASSERT_TRUE(layout.ok()) << layout.error().toString().toStdString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("demo-check"));
        db.setDatabaseName(layout->sourceDatabase);
        ASSERT_TRUE(db.open());
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT tenant_id), MIN(updated_at), "
                                              "MAX(updated_at) FROM events")));
        ASSERT_TRUE(query.next());
        EXPECT_EQ(query.value(0).toInt(), DemoWorkspace::kEventRows);
        EXPECT_GE(query.value(1).toInt(), 3);
        const QDateTime first = QDateTime::fromString(query.value(2).toString(), Qt::ISODateWithMs);
        const QDateTime last = QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs);
        EXPECT_GT(first.daysTo(last), 350);
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM users")));
        ASSERT_TRUE(query.next());
        EXPECT_GT(query.value(0).toInt(), 0);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("demo-check"));
}

TEST(DemoWorkspace, IsAppliedOnceToAnEmptyStateDatabase)
{
    QTemporaryDir dir;
    const auto location = StateLocation::parse(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("state.db")));
    auto state = StateDatabase::open(*location);
    ASSERT_TRUE(state.ok());
    const Result<bool> first = DemoWorkspace::ensureApplied(*state);
    ASSERT_TRUE(first.ok()) << first.error().toString().toStdString();
    EXPECT_TRUE(*first);
    const Result<bool> second = DemoWorkspace::ensureApplied(*state);
    ASSERT_TRUE(second.ok());
    EXPECT_FALSE(*second);

    const Result<Workspace> stored = WorkspaceStore((*state)->connection()).load();
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->sources.size(), 1);
    EXPECT_EQ(stored->models.size(), 2);
    EXPECT_EQ(stored->products.size(), 1);
    EXPECT_EQ(stored->recipients.size(), 3);
    EXPECT_EQ(stored->destinations.size(), 3);
    // The demo lives next to the state database, destinations in their own folder.
    for (const Destination &destination : stored->destinations) {
        EXPECT_TRUE(destination.connection.path->startsWith(dir.filePath(QStringLiteral("demo/destinations/"))))
            << destination.connection.path->toStdString();
    }
}

} // namespace
} // namespace ferry
