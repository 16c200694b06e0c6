#pragma once

#include "support/test_servers.h"

#include "state/state_database.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <memory>

namespace ferry::test {

enum class StateBackend { Sqlite, Postgres };

inline std::string backendName(const ::testing::TestParamInfo<StateBackend> &info)
{
    return info.param == StateBackend::Sqlite ? "Sqlite" : "Postgres";
}

// Runs a test once on an SQLite state file and once on a fresh PostgreSQL database.
class StateBackendTest : public ::testing::TestWithParam<StateBackend>
{
protected:
    void SetUp() override
    {
        if (GetParam() == StateBackend::Postgres) {
            FERRY_REQUIRE_POSTGRES();
            m_pg = std::make_unique<TemporaryPostgresDatabase>();
            ASSERT_TRUE(m_pg->isValid()) << m_pg->error().toStdString();
            m_url = m_pg->url();
        } else {
            ASSERT_TRUE(m_dir.isValid());
            m_url = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("state.db"));
        }
    }

    std::shared_ptr<StateDatabase> openState()
    {
        const Result<StateLocation> location = StateLocation::parse(m_url);
        EXPECT_TRUE(location.ok());
        Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*location);
        EXPECT_TRUE(state.ok()) << (state.ok() ? "" : state.error().toString().toStdString());
        return state.ok() ? *state : nullptr;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<TemporaryPostgresDatabase> m_pg;
    QString m_url;
};

// A StateBackendTest whose state database is open in m_state for each test.
class OpenedStateTest : public StateBackendTest
{
protected:
    void SetUp() override
    {
        StateBackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_state = openState();
        ASSERT_TRUE(m_state);
    }
    void TearDown() override { m_state.reset(); }

    std::shared_ptr<StateDatabase> m_state;
};

} // namespace ferry::test
