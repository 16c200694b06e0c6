// The small table models of the Transfers page on their own: a transfer's models and a dry-run plan, checked by
// QAbstractItemModelTester and for what they show; and how times, sizes and durations read.
#include "models/transfer_display.h"
#include "models/transfer_models_model.h"
#include "models/transfer_plan_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QTimeZone>

namespace ferry::ui {
namespace {

TEST(TransferItemModelsTest, ATransfersModelsShowTheirCursorWindowsRowsAndError)
{
    TransferModelsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ModelMetrics events;
    events.modelName = QStringLiteral("events");
    events.status = QStringLiteral("ERROR");
    events.mode = QStringLiteral("full_refresh");
    events.cursorFrom = QStringLiteral("2026-11-01T00:00:00.000000Z");
    events.windowsDone = 2;
    events.windowsPlanned = 5;
    events.rowsRead = 1234567;
    events.error = Error{QStringLiteral("FERRY-DST-WRITE"), QStringLiteral("Destination write failed"),
                         QStringLiteral("disk full"), {}, Blame::Destination};
    ModelMetrics users;
    users.modelName = QStringLiteral("users");
    users.status = QStringLiteral("SUCCESS");
    model.setModels({events, users});
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.index(0, TransferModelsModel::ModeColumn).data().toString(), QStringLiteral("full refresh"));
    EXPECT_EQ(model.index(0, TransferModelsModel::WindowsColumn).data().toString(), QStringLiteral("2 / 5"));
    EXPECT_EQ(model.index(0, TransferModelsModel::RowsReadColumn).data().toString(), QLocale().toString(1234567));
    EXPECT_EQ(model.index(0, TransferModelsModel::ErrorColumn).data().toString(),
              QStringLiteral("FERRY-DST-WRITE: Destination write failed"));
    EXPECT_EQ(model.index(0, TransferModelsModel::ErrorColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("disk full"));
    EXPECT_EQ(model.index(0, TransferModelsModel::CursorFromColumn).data().toString(),
              QDateTime(QDate(2026, 11, 1), QTime(0, 0), QTimeZone::utc()).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    EXPECT_EQ(model.index(1, TransferModelsModel::StatusColumn).data().toString(), QStringLiteral("Success"));
    EXPECT_TRUE(model.index(1, TransferModelsModel::WindowsColumn).data().toString().isEmpty());
    model.setModels({});
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(TransferItemModelsTest, APlanShowsModesEstimatesAndWhatARefreshReplaces)
{
    TransferPlanModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TransferPreview preview;
    ModelPreview events;
    events.model = QStringLiteral("events");
    events.plan.mode = QStringLiteral("full_refresh");
    events.plan.windows.resize(3);
    events.loadMode = QStringLiteral("rebuild");
    events.estimatedTotal = 18000;
    events.rowsReplaced = 20000;
    events.tableExists = true;
    ModelPreview users;
    users.model = QStringLiteral("users");
    users.error = Error{QStringLiteral("FERRY-SRC-CONNECT"), QStringLiteral("Cannot connect"), QStringLiteral("refused"),
                        {}, Blame::Source};
    preview.models = {events, users};
    model.setPreview(preview);
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.errorCount(), 1);
    EXPECT_EQ(model.index(0, TransferPlanModel::ModeColumn).data().toString(), QStringLiteral("full refresh (rebuild)"));
    EXPECT_EQ(model.index(0, TransferPlanModel::WindowsColumn).data().toString(), QStringLiteral("3"));
    EXPECT_EQ(model.index(0, TransferPlanModel::EstimatedColumn).data().toString(), QStringLiteral("~") + QLocale().toString(18000));
    EXPECT_EQ(model.index(0, TransferPlanModel::HeldNowColumn).data().toString(), QLocale().toString(20000));
    EXPECT_TRUE(model.index(1, TransferPlanModel::NotesColumn).data().toString().contains(QStringLiteral("Cannot connect")));
    EXPECT_TRUE(model.index(1, TransferPlanModel::WindowsColumn).data().toString().isEmpty());
    model.clear();
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(TransferItemModelsTest, TimesDurationsAndSizesReadForPeople)
{
    EXPECT_EQ(TransferDisplay::duration(std::nullopt), QString());
    EXPECT_EQ(TransferDisplay::duration(850), QStringLiteral("850 ms"));
    EXPECT_EQ(TransferDisplay::duration(245000), QStringLiteral("4 min 05 s"));
    EXPECT_EQ(TransferDisplay::duration(2 * 3600000 + 13 * 60000), QStringLiteral("2 h 13 min"));
    EXPECT_EQ(TransferDisplay::duration(3 * 86400000LL + 4 * 3600000), QStringLiteral("3 d 4 h"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    EXPECT_EQ(TransferDisplay::relativeTime(now.addSecs(-10), now), QStringLiteral("just now"));
    EXPECT_EQ(TransferDisplay::relativeTime(now.addSecs(-240), now), QStringLiteral("4 min ago"));
    EXPECT_EQ(TransferDisplay::relativeTime(now.addSecs(3 * 3600), now), QStringLiteral("in 3 h"));
    EXPECT_EQ(TransferDisplay::relativeTime(now.addDays(-3), now), QStringLiteral("3 days ago"));
    EXPECT_EQ(TransferDisplay::rate(0, 1000), QString());
    EXPECT_EQ(TransferDisplay::rate(5000, 2000), QStringLiteral("%1 rows/s").arg(QLocale().toString(2500)));
    EXPECT_TRUE(TransferDisplay::isFailure(QStringLiteral("PARTIAL_FAILURE")));
    EXPECT_FALSE(TransferDisplay::isFailure(QStringLiteral("CANCELLED")));
    EXPECT_NE(TransferDisplay::statusColor(QStringLiteral("ERROR")), TransferDisplay::statusColor(QStringLiteral("SUCCESS")));
    EXPECT_FALSE(TransferDisplay::statusIcon(QStringLiteral("RUNNING")).isNull());
}

} // namespace
} // namespace ferry::ui
