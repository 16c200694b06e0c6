// WindowPlanner on numbers that validation would refuse but that reach it anyway (state written by an older
// version): it refuses the plan with an error naming the object and the field, and never loops, overflows or
// builds millions of windows.
#include "support/qt_printers.h"

#include "config/time_limits.h"
#include "engine/window_planner.h"

#include <gtest/gtest.h>

#include <QElapsedTimer>

#include <limits>

namespace ferry {
namespace {

constexpr qint64 kInt64Max = std::numeric_limits<qint64>::max();

class WindowPlannerLimits : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_model.name = QStringLiteral("events");
        m_model.file = QStringLiteral("models/events.json");
        m_source.name = QStringLiteral("main");
        m_source.vendor = QStringLiteral("postgres");
        m_recipient.name = QStringLiteral("acme");
        m_request.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    }

    // Plans a backfill and checks it came back at once, whatever it decided.
    Result<ModelPlan> plan(const std::optional<Checkpoint> &checkpoint = std::nullopt)
    {
        QElapsedTimer timer;
        timer.start();
        Result<ModelPlan> result = WindowPlanner::plan(m_model, m_source, m_recipient, checkpoint, m_request);
        EXPECT_LT(timer.elapsed(), 5000) << "planning took long enough to be building windows one by one";
        return result;
    }

    // The plan was refused, and its message names each of `mentions`.
    void expectRefused(const Result<ModelPlan> &result, const QStringList &mentions)
    {
        ASSERT_FALSE(result.ok()) << "planned " << result->windows.size() << " windows";
        EXPECT_EQ(result.error().blame, Blame::Config);
        const QString text = result.error().toString();
        for (const QString &mention : mentions)
            EXPECT_TRUE(text.contains(mention)) << "does not name " << mention.toStdString() << ": " << text.toStdString();
    }

    Model m_model;
    Source m_source;
    Recipient m_recipient;
    PlanRequest m_request;
};

TEST_F(WindowPlannerLimits, OneSecondWindowsFromEpochZeroAreRefusedNotBuilt)
{
    m_model.maxTransferTimeWindowSeconds = 1; // 1.77 billion windows to 2026
    expectRefused(plan(), {QStringLiteral("events"), QStringLiteral("max_transfer_time_window_seconds")});
}

TEST_F(WindowPlannerLimits, TooManyMinuteWindowsAreRefusedWithTheFieldToRaise)
{
    m_model.maxTransferTimeWindowSeconds = 60; // valid size, but 28 million windows since 1970
    const Result<ModelPlan> result = plan();
    expectRefused(result, {QStringLiteral("events"), QStringLiteral("max_transfer_time_window_seconds"),
                           QStringLiteral("100000"), QStringLiteral("min_start_time_epoch")});
}

TEST_F(WindowPlannerLimits, TheLimitItselfIsAllowedAndOneMoreIsNot)
{
    const qint64 window = 3600;
    m_model.maxTransferTimeWindowSeconds = window;
    const QDateTime now = m_request.now;
    m_model.minStartTimeEpoch = now.toSecsSinceEpoch() - TimeLimits::kMaxWindowsPerPlan * window;
    const Result<ModelPlan> atLimit = plan();
    ASSERT_TRUE(atLimit.ok()) << atLimit.error().toString().toStdString();
    EXPECT_EQ(atLimit->windows.size(), TimeLimits::kMaxWindowsPerPlan);
    EXPECT_EQ(atLimit->windows.last().end, QByteArray("2026-01-01T00:00:00.000000Z"));

    m_model.minStartTimeEpoch = *m_model.minStartTimeEpoch - 1; // one more (short) window
    expectRefused(plan(), {QStringLiteral("max_transfer_time_window_seconds")});
}

TEST_F(WindowPlannerLimits, HugeWindowSizeIsRefusedWithoutOverflow)
{
    m_model.maxTransferTimeWindowSeconds = kInt64Max;
    expectRefused(plan(), {QStringLiteral("events"), QStringLiteral("max_transfer_time_window_seconds")});
    m_model.maxTransferTimeWindowSeconds = -86400;
    expectRefused(plan(), {QStringLiteral("events"), QStringLiteral("max_transfer_time_window_seconds")});
}

TEST_F(WindowPlannerLimits, StartTimesPastTheRangeAreRefusedNotPrintedAsGarbage)
{
    for (const qint64 epoch : {kInt64Max, qint64(253402300800) /* 10000-01-01 */, qint64(-1),
                               m_request.now.toSecsSinceEpoch() + 2 * 86400}) {
        m_model.minStartTimeEpoch = epoch;
        const Result<ModelPlan> result = plan();
        expectRefused(result, {QStringLiteral("events"), QStringLiteral("min_start_time_epoch"), QString::number(epoch)});
        m_request.fullRefresh = true; // a full refresh would swap in an empty table: refused just the same
        expectRefused(plan(), {QStringLiteral("min_start_time_epoch")});
        m_request.fullRefresh = false;
    }
}

TEST_F(WindowPlannerLimits, RecipientStartOverrideIsCheckedAndNamed)
{
    m_model.minStartTimeEpoch = 0;
    m_recipient.defaultFullRefreshMinStartTimeEpoch = kInt64Max;
    expectRefused(plan(), {QStringLiteral("acme"), QStringLiteral("default_full_refresh_min_start_time_epoch")});
}

TEST_F(WindowPlannerLimits, CheckpointPastTheRangeIsRefused)
{
    Checkpoint checkpoint;
    checkpoint.modelName = m_model.name;
    checkpoint.cursorValue = QStringLiteral("garbage");
    expectRefused(plan(checkpoint), {QStringLiteral("events")});
}

TEST_F(WindowPlannerLimits, OrdinaryPlansAreUnchanged)
{
    m_model.maxTransferTimeWindowSeconds = 86400;
    m_model.minStartTimeEpoch = m_request.now.addDays(-3).toSecsSinceEpoch();
    const Result<ModelPlan> result = plan();
    ASSERT_TRUE(result.ok()) << result.error().toString().toStdString();
    ASSERT_EQ(result->windows.size(), 3);
    EXPECT_EQ(result->windows.first().start, QByteArray("2025-12-29T00:00:00.000000Z"));
    EXPECT_EQ(result->mode, QStringLiteral("backfill"));

    m_model.maxTransferTimeWindowSeconds.reset(); // one window, however long the range
    m_model.minStartTimeEpoch = 0;
    const Result<ModelPlan> whole = plan();
    ASSERT_TRUE(whole.ok()) << whole.error().toString().toStdString();
    EXPECT_EQ(whole->windows.size(), 1);
}

} // namespace
} // namespace ferry
