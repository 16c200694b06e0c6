// Rename and delete through editors' patches (issue 15): references by name follow a rename, the id and history
// stay, a renamed model's table starts over; a delete removes list references and is refused when it would leave
// an object invalid. The pure rules (ReferenceRenamer, ObjectDependents) first.
#include "workspace/workspace_patch_fixture.h"

#include "state/change_history.h"
#include "state/checkpoint_store.h"
#include "workspace/object_dependents.h"
#include "workspace/reference_renamer.h"

namespace ferry::test {
namespace {

using namespace Qt::Literals::StringLiterals;

Workspace smallWorkspace()
{
    Workspace w;
    w.sources << Source{u"s1"_s, u"main"_s, u"postgres"_s, {}, {}, {}, {}, {}, {}};
    Model events;
    events.id = u"m1"_s;
    events.name = u"events"_s;
    events.sourceName = u"main"_s;
    Model users;
    users.id = u"m2"_s;
    users.name = u"users"_s;
    users.sourceId = u"s1"_s;
    w.models << events << users;
    w.products << Product{u"p1"_s, u"core"_s, {}, {u"events"_s, u"users"_s}, {}}
               << Product{u"p2"_s, u"solo"_s, {}, {u"events"_s}, {}};
    w.recipients << Recipient{u"r1"_s, u"acme"_s, u"t_acme"_s, {u"core"_s}, {}, {}}
                 << Recipient{u"r2"_s, u"globex"_s, u"t_globex"_s, {u"core"_s, u"solo"_s}, {}, {}};
    Destination acmeDb;
    acmeDb.id = u"d1"_s;
    acmeDb.name = u"acme db"_s;
    acmeDb.recipient = u"acme"_s;
    acmeDb.products = {u"solo"_s};
    w.destinations << acmeDb;
    return w;
}

TEST(ReferenceRenamer, EveryReferenceByNameFollowsSourceIdsStay)
{
    const Workspace stored = smallWorkspace();
    Workspace desired = stored;
    desired.sources[0].name = u"primary"_s;
    desired.models[0].name = u"events_v2"_s;
    desired.products[1].name = u"single"_s;
    desired.recipients[0].name = u"acme corp"_s;
    const QList<ObjectRename> renames = ReferenceRenamer::followRenames(desired, stored);
    EXPECT_EQ(renames.size(), 4);
    EXPECT_EQ(desired.models[0].sourceName, u"primary"_s);
    EXPECT_EQ(desired.models[1].sourceId, u"s1"_s);
    EXPECT_EQ(desired.products[0].models, (QStringList{u"events_v2"_s, u"users"_s}));
    EXPECT_EQ(desired.products[1].models, QStringList{u"events_v2"_s});
    EXPECT_EQ(desired.recipients[1].products, (QStringList{u"core"_s, u"single"_s}));
    EXPECT_EQ(desired.destinations[0].recipient, u"acme corp"_s);
    EXPECT_EQ(desired.destinations[0].products, QStringList{u"single"_s});

    // Two models swapping names stay apart.
    Workspace swapped = stored;
    swapped.models[0].name = u"users"_s;
    swapped.models[1].name = u"events"_s;
    ReferenceRenamer::followRenames(swapped, stored);
    EXPECT_EQ(swapped.products[0].models, (QStringList{u"users"_s, u"events"_s}));
}

TEST(ObjectDependents, ListReferencesGoSingleReferencesAndEmptiedProductListsBlock)
{
    const Workspace w = smallWorkspace();
    const QList<ObjectDependent> ofEvents = ObjectDependents::of(w, ObjectKind::Model, u"events"_s);
    ASSERT_EQ(ofEvents.size(), 2);
    EXPECT_EQ(ofEvents[0].name, u"core"_s);
    EXPECT_EQ(ofEvents[0].field, u"models"_s);
    EXPECT_FALSE(ofEvents[0].becomesInvalid);
    EXPECT_EQ(ofEvents[0].effect, u"product \"core\" lists it in models; the reference is removed"_s);
    EXPECT_FALSE(ofEvents[1].becomesInvalid); // an empty product delivers nothing: still valid

    const QList<ObjectDependent> ofSolo = ObjectDependents::of(w, ObjectKind::Product, u"solo"_s);
    ASSERT_EQ(ofSolo.size(), 2);
    EXPECT_EQ(ofSolo[0].kind, ObjectKind::Recipient);
    EXPECT_FALSE(ofSolo[0].becomesInvalid); // globex keeps core
    EXPECT_EQ(ofSolo[1].kind, ObjectKind::Destination);
    EXPECT_TRUE(ofSolo[1].becomesInvalid); // an empty list would deliver every model
    EXPECT_TRUE(ofSolo[1].effect.contains(u"every model"_s));

    const QList<ObjectDependent> ofMain = ObjectDependents::of(w, ObjectKind::Source, u"main"_s);
    ASSERT_EQ(ofMain.size(), 2);
    EXPECT_EQ(ofMain[0].field, u"source_name"_s);
    EXPECT_EQ(ofMain[1].field, u"source_id"_s);
    EXPECT_TRUE(ofMain[0].becomesInvalid && ofMain[1].becomesInvalid);

    const QList<ObjectDependent> ofAcme = ObjectDependents::of(w, ObjectKind::Recipient, u"acme"_s);
    ASSERT_EQ(ofAcme.size(), 1);
    EXPECT_EQ(ofAcme[0].name, u"acme db"_s);
    EXPECT_EQ(ofAcme[0].field, u"recipient"_s);
    EXPECT_TRUE(ofAcme[0].becomesInvalid);
    EXPECT_TRUE(ObjectDependents::of(w, ObjectKind::Destination, u"acme db"_s).isEmpty());
    EXPECT_TRUE(ObjectDependents::consequences(w, ObjectKind::Destination, u"acme db"_s)
                    .first()
                    .contains(u"left as they are"_s));
    EXPECT_TRUE(ObjectDependents::consequences(w, ObjectKind::Recipient, u"acme"_s).first().contains(u"\"acme db\""_s));
}

class ObjectEditTest : public WorkspacePatchTest
{
protected:
    template <typename T>
    WorkspaceApplier::Outcome rename(const T *object, const QString &newName)
    {
        T renamed = *object;
        renamed.name = newName;
        return applyOk(saving(renamed, versions()));
    }
};

TEST_P(ObjectEditTest, RenameFollowsReferencesAndKeepsIdAndHistory)
{
    const Workspace before = stored();
    const QString eventsId = before.model(u"events"_s)->id;
    const WorkspaceApplier::Outcome outcome = rename(before.model(u"events"_s), u"events_v2"_s);
    QStringList changes;
    for (const WorkspaceChange &change : outcome.changes)
        changes << change.toString() + u" was "_s + change.previousName;
    changes.sort();
    EXPECT_EQ(changes, (QStringList{u"changed model events_v2 was events"_s, u"changed product core was "_s}));

    rename(stored().recipient(u"acme"_s), u"acme corp"_s);
    rename(stored().product(u"core"_s), u"essentials"_s);
    const Workspace after = stored();
    EXPECT_EQ(after.model(u"events_v2"_s)->id, eventsId);
    EXPECT_EQ(after.model(u"events"_s), nullptr);
    EXPECT_EQ(after.product(u"essentials"_s)->models, (QStringList{u"events_v2"_s, u"users"_s}));
    EXPECT_EQ(after.recipient(u"acme corp"_s)->products, QStringList{u"essentials"_s});
    EXPECT_EQ(after.destination(u"acme db"_s)->recipient, u"acme corp"_s);

    // The history of the new name holds the changes made under the old one.
    ChangeHistory::Filter filter;
    filter.kind = ObjectKind::Model;
    filter.name = u"events_v2"_s;
    const QList<ObjectChange> history = *ChangeHistory(m_state->connection()).list(filter);
    ASSERT_EQ(history.size(), 2);
    EXPECT_EQ(history[0].action, u"renamed"_s);
    EXPECT_EQ(history[0].previousName, u"events"_s);
    EXPECT_EQ(history[1].action, u"added"_s);
    EXPECT_EQ(history[1].name, u"events"_s);
    EXPECT_EQ(history[1].objectId, eventsId);
}

TEST_P(ObjectEditTest, RenamingASourceRenamesModelsSourceName)
{
    Json events = WorkspaceFiles::model(u"events"_s);
    events["source_name"] = "main";
    WorkspaceFiles::write(m_folder.path(), u"models/events.json"_s, events);
    ASSERT_FALSE(applier().apply(m_folder.path())->report.hasErrors());
    rename(stored().source(u"main"_s), u"production"_s);
    EXPECT_EQ(stored().model(u"events"_s)->sourceName, u"production"_s);
}

TEST_P(ObjectEditTest, RenamedModelStartsItsTableOverAndSaysSo)
{
    const Workspace before = stored();
    const QString acmeDb = before.destination(u"acme db"_s)->id;
    ASSERT_TRUE(seedCheckpoint(m_state->connection(), acmeDb, u"events"_s));
    ASSERT_TRUE(seedCheckpoint(m_state->connection(), acmeDb, u"events_v2"_s)); // left by an older model of that name

    Model renamed = *before.model(u"events"_s);
    renamed.name = u"events_v2"_s;
    const Result<WorkspaceApplier::Outcome> checked = applier().checkPatch(saving(renamed, versions()));
    ASSERT_TRUE(checked.ok());
    const QList<ValidationIssue> said = checked->report.issuesFor(ObjectKind::Model, u"events_v2"_s);
    ASSERT_EQ(said.size(), 1);
    EXPECT_EQ(said.first().toString(),
              u"models/events_v2.json: model_name: warning: renamed from \"events\": each destination's next transfer "
              u"builds table \"events_v2\" from the start; the old table \"events\" is left as it is"_s);

    applyOk(saving(renamed, versions()));
    CheckpointStore checkpoints(m_state->connection());
    EXPECT_FALSE(checkpoints.find(acmeDb, u"events_v2"_s)->has_value());
    EXPECT_FALSE(checkpoints.find(acmeDb, u"events"_s)->has_value());
}

TEST_P(ObjectEditTest, DeleteRemovesListReferencesAndRecordsThem)
{
    const Workspace before = stored();
    const WorkspaceApplier::Outcome outcome =
        applyOk(removing(ObjectKind::Model, before.model(u"events"_s)->id, versions()));
    QStringList changes;
    for (const WorkspaceChange &change : outcome.changes)
        changes << change.toString();
    changes.sort();
    EXPECT_EQ(changes, (QStringList{u"changed product core"_s, u"removed model events"_s}));
    EXPECT_EQ(stored().product(u"core"_s)->models, QStringList{u"users"_s});
    ChangeHistory::Filter filter;
    filter.kind = ObjectKind::Product;
    filter.name = u"core"_s;
    EXPECT_EQ(ChangeHistory(m_state->connection()).list(filter)->first().action, u"changed"_s);
}

TEST_P(ObjectEditTest, DeleteThatLeavesAnObjectInvalidIsRefused)
{
    const Workspace before = stored();
    const QString snapshotBefore = snapshot();
    const Result<WorkspaceApplier::Outcome> recipient =
        applier().applyPatch(removing(ObjectKind::Recipient, before.recipient(u"acme"_s)->id, versions()));
    ASSERT_TRUE(recipient.ok());
    const QList<ValidationIssue> blocked = recipient->report.issuesFor(ObjectKind::Destination, u"acme db"_s);
    ASSERT_FALSE(blocked.isEmpty());
    EXPECT_EQ(blocked.first().toString(),
              u"destinations/acme db.json: recipient: recipient \"acme\" cannot be removed: destination \"acme db\" "
              u"delivers to it (recipient); give it another recipient or remove it too"_s);
    EXPECT_EQ(snapshot(), snapshotBefore);

    // The only product of acme: its products list would become empty, which means every model.
    const Result<WorkspaceApplier::Outcome> product =
        applier().applyPatch(removing(ObjectKind::Product, before.product(u"core"_s)->id, versions()));
    ASSERT_TRUE(product.ok());
    EXPECT_TRUE(product->report.hasErrors());
    EXPECT_EQ(product->report.issuesFor(ObjectKind::Recipient, u"acme"_s).size(), 1);
    EXPECT_EQ(snapshot(), snapshotBefore);

    // Removing the dependent in the same patch lets it through.
    WorkspacePatch both = removing(ObjectKind::Recipient, before.recipient(u"acme"_s)->id, versions());
    both.removed.append({ObjectKind::Destination, before.destination(u"acme db"_s)->id});
    both.expectedVersions.insert(before.destination(u"acme db"_s)->id, 1);
    EXPECT_EQ(applyOk(both).changes.size(), 2);
}

INSTANTIATE_TEST_SUITE_P(State, ObjectEditTest, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres),
                         backendName);

} // namespace
} // namespace ferry::test
