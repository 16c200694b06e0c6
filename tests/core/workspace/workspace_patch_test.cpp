// Editors' patches (issue 15): WorkspaceApplier::applyPatch adds, replaces and removes objects with an optimistic
// check of per-object versions, and keeps what it does not touch; on SQLite and PostgreSQL state databases.
#include "workspace/workspace_patch_fixture.h"

#include "state/change_history.h"

namespace ferry::test {
namespace {

using namespace Qt::Literals::StringLiterals;

TEST_P(WorkspacePatchTest, EveryObjectStartsAtVersionOneAndEachUpdateRaisesIt)
{
    const Workspace workspace = stored();
    QHash<QString, qint64> opened = versions();
    ASSERT_EQ(opened.size(), workspace.objectCount());
    for (qint64 version : std::as_const(opened))
        EXPECT_EQ(version, 1);

    Model users = *workspace.model(u"users"_s);
    users.description = u"one row per user"_s;
    const WorkspaceApplier::Outcome first = applyOk(saving(users, opened));
    EXPECT_EQ(first.versions.value(users.id), 2);
    EXPECT_EQ(first.versions.value(workspace.model(u"events"_s)->id), 1);
    EXPECT_EQ(first.versions, versions());

    // Editing on from the outcome's versions, without reloading.
    users.description = u"one row per account"_s;
    const WorkspaceApplier::Outcome second = applyOk(saving(users, first.versions));
    EXPECT_EQ(second.versions.value(users.id), 3);
    // A folder apply raises it too; an unchanged object keeps its version.
    Json edited = WorkspaceFiles::model(u"users"_s);
    edited["source_table"] = "public.accounts";
    WorkspaceFiles::write(m_folder.path(), u"models/users.json"_s, edited);
    ASSERT_TRUE(applier().apply(m_folder.path()).ok());
    EXPECT_EQ(versions().value(users.id), 4);
    EXPECT_EQ(versions().value(workspace.model(u"events"_s)->id), 1);
}

TEST_P(WorkspacePatchTest, PatchAddsReplacesAndRemovesAndRecordsEachChange)
{
    const Workspace workspace = stored();
    const QHash<QString, qint64> opened = versions();
    WorkspacePatch patch;
    Product extra;
    extra.name = u"extra"_s;
    extra.models = {u"users"_s};
    patch.saved.products << extra;
    Model users = *workspace.model(u"users"_s);
    users.columns[1].nameInDestination = u"user_kind"_s;
    patch.saved.models << users;
    patch.expectedVersions.insert(users.id, opened.value(users.id));
    const QString globexDb = workspace.destination(u"globex db"_s)->id;
    patch.removed.append({ObjectKind::Destination, globexDb});
    patch.expectedVersions.insert(globexDb, opened.value(globexDb));

    const WorkspaceApplier::Outcome outcome = applyOk(patch, u"bob"_s);
    QStringList changes;
    for (const WorkspaceChange &change : outcome.changes)
        changes << change.toString();
    changes.sort();
    EXPECT_EQ(changes, (QStringList{u"added product extra"_s, u"changed model users"_s,
                                    u"removed destination globex db"_s}));

    const Workspace after = stored();
    ASSERT_NE(after.product(u"extra"_s), nullptr);
    EXPECT_EQ(after.product(u"extra"_s)->models, QStringList{u"users"_s});
    EXPECT_EQ(after.model(u"users"_s)->columns[1].nameInDestination, u"user_kind"_s);
    EXPECT_EQ(after.destination(u"globex db"_s), nullptr);
    EXPECT_EQ(after.objectCount(), workspace.objectCount()); // one added, one removed
    EXPECT_EQ(outcome.versions.value(after.product(u"extra"_s)->id), 1);
    EXPECT_FALSE(outcome.versions.contains(globexDb));

    ChangeHistory::Filter byBob;
    byBob.limit = 10;
    const QList<ObjectChange> recorded = *ChangeHistory(m_state->connection()).list(byBob);
    ASSERT_GE(recorded.size(), 3);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(recorded[i].author.user, u"bob"_s);
}

TEST_P(WorkspacePatchTest, SecondEditorOfOneObjectIsRefusedAndNothingIsWritten)
{
    const Workspace workspace = stored();
    const QHash<QString, qint64> opened = versions(); // both editors open the model
    Model mine = *workspace.model(u"events"_s);
    mine.description = u"first editor"_s;
    applyOk(saving(mine, opened), u"alice"_s);

    Model theirs = *workspace.model(u"events"_s);
    theirs.description = u"second editor"_s;
    WorkspacePatch second = saving(theirs, opened);
    Product extra; // refused with everything else in the patch
    extra.name = u"extra"_s;
    extra.models = {u"users"_s};
    second.saved.products << extra;
    const QString before = snapshot();
    const Result<WorkspaceApplier::Outcome> refused = applier(u"bob"_s).applyPatch(second);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, u"FERRY-WORKSPACE-CONFLICT"_s);
    EXPECT_TRUE(refused.error().message.startsWith(
        u"model \"events\" changed in the state database since you opened it (now version 2, you opened version 1)"_s))
        << refused.error().message.toStdString();
    EXPECT_TRUE(refused.error().message.contains(u"alice on desk-7"_s)) << refused.error().message.toStdString();
    EXPECT_TRUE(refused.error().hint.contains(u"reload"_s));
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(stored().model(u"events"_s)->description, u"first editor"_s);
    // checkPatch says the same.
    EXPECT_EQ(applier().checkPatch(second).error().code, u"FERRY-WORKSPACE-CONFLICT"_s);
}

TEST_P(WorkspacePatchTest, ConcurrentChangeToAnotherObjectIsKept)
{
    const Workspace workspace = stored();
    const QHash<QString, qint64> opened = versions();
    Model events = *workspace.model(u"events"_s);
    events.description = u"alice's change"_s;
    applyOk(saving(events, opened), u"alice"_s);

    // Bob opened the workspace before Alice saved; he edits another object.
    Model users = *workspace.model(u"users"_s);
    users.description = u"bob's change"_s;
    const WorkspaceApplier::Outcome outcome = applyOk(saving(users, opened), u"bob"_s);
    ASSERT_EQ(outcome.changes.size(), 1);
    EXPECT_EQ(outcome.changes.first().name, u"users"_s);
    const Workspace after = stored();
    EXPECT_EQ(after.model(u"events"_s)->description, u"alice's change"_s);
    EXPECT_EQ(after.model(u"users"_s)->description, u"bob's change"_s);
}

TEST_P(WorkspacePatchTest, ObjectRemovedOrNameTakenMeanwhileIsAConflict)
{
    const Workspace workspace = stored();
    const QHash<QString, qint64> opened = versions();
    Destination globex = *workspace.destination(u"globex db"_s);
    applyOk(removing(ObjectKind::Destination, globex.id, opened), u"alice"_s);

    globex.enabled = true;
    const QString before = snapshot();
    const Result<WorkspaceApplier::Outcome> edited = applier(u"bob"_s).applyPatch(saving(globex, opened));
    ASSERT_FALSE(edited.ok());
    EXPECT_EQ(edited.error().code, u"FERRY-WORKSPACE-CONFLICT"_s);
    EXPECT_TRUE(edited.error().message.contains(u"destination \"globex db\" was removed from the state database"_s))
        << edited.error().message.toStdString();
    EXPECT_EQ(applier().applyPatch(removing(ObjectKind::Destination, globex.id, opened)).error().code,
              u"FERRY-WORKSPACE-CONFLICT"_s);

    Product first;
    first.name = u"extra"_s;
    first.models = {u"users"_s};
    applyOk(saving(first, opened), u"alice"_s);
    const QString afterFirst = snapshot();
    Product second = first; // another editor's new object, named the same
    second.models = {u"events"_s};
    const Result<WorkspaceApplier::Outcome> taken = applier(u"bob"_s).applyPatch(saving(second, opened));
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, u"FERRY-WORKSPACE-CONFLICT"_s);
    EXPECT_TRUE(taken.error().message.contains(u"another product is named \"extra\""_s)) << taken.error().message.toStdString();
    EXPECT_EQ(snapshot(), afterFirst);
    EXPECT_NE(before, afterFirst);
}

TEST_P(WorkspacePatchTest, ReplacingWithoutItsVersionIsRefused)
{
    Model users = *stored().model(u"users"_s);
    users.description = u"no version"_s;
    const QString before = snapshot();
    const Result<WorkspaceApplier::Outcome> refused = applier().applyPatch(saving(users, {}));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, u"FERRY-WORKSPACE-PATCH"_s);
    EXPECT_EQ(snapshot(), before);
}

TEST_P(WorkspacePatchTest, InvalidPatchIsReportedAndWritesNothing)
{
    Model users = *stored().model(u"users"_s);
    users.columns[1].nameInDestination = u"select"_s;
    const QString before = snapshot();
    const Result<WorkspaceApplier::Outcome> checked = applier().applyPatch(saving(users, versions()));
    ASSERT_TRUE(checked.ok());
    const QList<ValidationIssue> issues = checked->report.issuesFor(ObjectKind::Model, u"users"_s);
    ASSERT_EQ(issues.size(), 1);
    EXPECT_EQ(issues.first().toString(),
              u"models/users.json: columns[1].name_in_destination: \"select\" is a reserved column name"_s);
    EXPECT_EQ(snapshot(), before);
}

// An object built in memory that no file could hold (an editor's emptied required field) is refused as the file's
// reader would refuse it, never stored: a stored definition that does not read back makes the state unreadable.
TEST_P(WorkspacePatchTest, ObjectThatWouldNotReadBackIsRefused)
{
    Recipient globex = *stored().recipient(u"globex"_s);
    globex.idInProviderSystem.clear();
    const QString before = snapshot();
    const Result<WorkspaceApplier::Outcome> refused = applier().applyPatch(saving(globex, versions()));
    ASSERT_TRUE(refused.ok()) << refused.error().toString().toStdString();
    ASSERT_TRUE(refused->report.hasErrors());
    const QList<ValidationIssue> issues = refused->report.issuesFor(ObjectKind::Recipient, u"globex"_s);
    ASSERT_FALSE(issues.isEmpty());
    EXPECT_EQ(issues.first().path, u"id_in_provider_system"_s) << issues.first().toString().toStdString();
    EXPECT_EQ(snapshot(), before);
    EXPECT_TRUE(WorkspaceStore(m_state->connection()).load().ok());
}

TEST_P(WorkspacePatchTest, CheckPatchWritesNothingAndGivesTheCurrentVersions)
{
    Model users = *stored().model(u"users"_s);
    users.description = u"checked only"_s;
    const QString before = snapshot();
    const Result<WorkspaceApplier::Outcome> checked = applier().checkPatch(saving(users, versions()));
    ASSERT_TRUE(checked.ok());
    EXPECT_FALSE(checked->report.hasErrors());
    EXPECT_EQ(checked->workspace.model(u"users"_s)->description, u"checked only"_s);
    EXPECT_EQ(checked->versions, versions());
    EXPECT_EQ(snapshot(), before);
}

TEST_P(WorkspacePatchTest, ApplyWorkspaceMakesTheStateEqualToIt)
{
    Workspace desired = stored();
    desired.destinations.removeIf([](const Destination &d) { return d.name == u"globex db"_s; });
    desired.models[0].description = u"in memory"_s;
    const Result<WorkspaceApplier::Outcome> outcome = applier().applyWorkspace(desired);
    ASSERT_TRUE(outcome.ok()) << outcome.error().toString().toStdString();
    EXPECT_FALSE(outcome->report.hasErrors());
    EXPECT_EQ(outcome->changes.size(), 2);
    const Workspace after = stored();
    EXPECT_EQ(after.destination(u"globex db"_s), nullptr);
    EXPECT_EQ(after.models[0].description, u"in memory"_s);
    // Applying it again changes nothing; the folder, applied again, restores what it holds.
    EXPECT_TRUE(applier().applyWorkspace(desired)->changes.isEmpty());
    EXPECT_EQ(applier().apply(m_folder.path())->changes.size(), 2);
}

INSTANTIATE_TEST_SUITE_P(State, WorkspacePatchTest, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres),
                         backendName);

} // namespace
} // namespace ferry::test
