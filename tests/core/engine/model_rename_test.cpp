// A renamed model (issue 15) is a new destination table: its next transfer builds it from the start, and the table
// under the old name is left as it was.
#include "engine_fixture.h"

#include "state/workspace_store.h"
#include "workspace/workspace_applier.h"

namespace ferry::test {

class ModelRenameTest : public EngineTest
{
};

TEST_P(ModelRenameTest, RenamedModelsNextTransferBuildsTheNewTableFromTheStart)
{
    insert(QStringLiteral("a1"), QStringLiteral("v1"), at(1));
    insert(QStringLiteral("a2"), QStringLiteral("v1"), at(2));
    applyWorkspace(modelJson());
    ASSERT_EQ(transfer().status, QStringLiteral("SUCCESS"));
    ASSERT_EQ(destinationCount(), 2);

    WorkspaceStore store(m_state->connection());
    Model renamed = *store.load()->model(QStringLiteral("events"));
    renamed.name = QStringLiteral("events_v2");
    WorkspacePatch patch;
    patch.saved.models << renamed;
    patch.expectedVersions.insert(renamed.id, store.versions()->value(renamed.id));
    const Result<WorkspaceApplier::Outcome> outcome = WorkspaceApplier(m_state, {}).applyPatch(patch);
    ASSERT_TRUE(outcome.ok()) << outcome.error().toString().toStdString();
    ASSERT_FALSE(outcome->report.hasErrors());
    const QList<ValidationIssue> said = outcome->report.issuesFor(ObjectKind::Model, QStringLiteral("events_v2"));
    ASSERT_EQ(said.size(), 1);
    EXPECT_TRUE(said.first().message.startsWith(QStringLiteral("renamed from \"events\": each destination's next "
                                                               "transfer builds table \"events_v2\" from the start")))
        << said.first().message.toStdString();

    insert(QStringLiteral("a3"), QStringLiteral("v1"), at(3));
    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, QStringLiteral("SUCCESS"));
    const ModelMetrics metrics = modelOf(record, QStringLiteral("events_v2"));
    EXPECT_EQ(metrics.mode, QStringLiteral("backfill"));
    EXPECT_EQ(metrics.rowsRead, 3);
    EXPECT_EQ(destinationCount(QStringLiteral("events_v2")), 3);
    EXPECT_EQ(destinationCount(QStringLiteral("events")), 2); // the old table, left alone
    EXPECT_EQ(checkpoint(QStringLiteral("events_v2")), QStringLiteral("2026-03-04T00:00:00.000000Z"));
}

INSTANTIATE_TEST_SUITE_P(Destinations, ModelRenameTest, ::testing::Values(DestinationVendor::Sqlite),
                         destinationVendorName);

} // namespace ferry::test
