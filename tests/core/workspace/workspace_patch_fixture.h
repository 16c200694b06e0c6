#pragma once

// An applied valid workspace (tests/support/workspace_files.h) on an SQLite or PostgreSQL state database, and an
// editor's view of it: the stored objects and their versions, for WorkspaceApplier::applyPatch.
#include "workspace/workspace_state_fixture.h"

#include "state/workspace_store.h"
#include "workspace/workspace_applier.h"


namespace ferry::test {

class WorkspacePatchTest : public WorkspaceFolderStateTest
{
protected:
    void SetUp() override
    {
        WorkspaceFolderStateTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        const Result<WorkspaceApplier::Outcome> applied = applier().apply(m_folder.path());
        ASSERT_TRUE(applied.ok()) << applied.error().toString().toStdString();
        ASSERT_FALSE(applied->report.hasErrors());
    }

    WorkspaceApplier applier(const QString &user = QStringLiteral("alice"))
    {
        WorkspaceApplier::Options options;
        options.author = {user, QStringLiteral("desk-7")};
        return WorkspaceApplier(m_state, options);
    }

    Workspace stored()
    {
        const Result<Workspace> workspace = WorkspaceStore(m_state->connection()).load();
        EXPECT_TRUE(workspace.ok());
        return workspace.ok() ? *workspace : Workspace{};
    }

    QHash<QString, qint64> versions()
    {
        const Result<QHash<QString, qint64>> loaded = WorkspaceStore(m_state->connection()).versions();
        EXPECT_TRUE(loaded.ok());
        return loaded.ok() ? *loaded : QHash<QString, qint64>{};
    }

    // The patch an editor makes when it saves `object` (loaded with `opened` versions).
    template <typename T>
    static WorkspacePatch saving(const T &object, const QHash<QString, qint64> &opened)
    {
        WorkspacePatch patch;
        add(patch.saved, object);
        if (!object.id.isEmpty() && opened.contains(object.id))
            patch.expectedVersions.insert(object.id, opened.value(object.id));
        return patch;
    }
    static void add(Workspace &w, const Source &o) { w.sources << o; }
    static void add(Workspace &w, const Model &o) { w.models << o; }
    static void add(Workspace &w, const Product &o) { w.products << o; }
    static void add(Workspace &w, const Recipient &o) { w.recipients << o; }
    static void add(Workspace &w, const Destination &o) { w.destinations << o; }

    static WorkspacePatch removing(ObjectKind kind, const QString &id, const QHash<QString, qint64> &opened)
    {
        WorkspacePatch patch;
        patch.removed.append({kind, id});
        patch.expectedVersions.insert(id, opened.value(id));
        return patch;
    }

    WorkspaceApplier::Outcome applyOk(const WorkspacePatch &patch, const QString &user = QStringLiteral("alice"))
    {
        const Result<WorkspaceApplier::Outcome> outcome = applier(user).applyPatch(patch);
        EXPECT_TRUE(outcome.ok()) << outcome.error().toString().toStdString();
        if (!outcome.ok())
            return {};
        QStringList errors;
        for (const ValidationIssue &issue : outcome->report.issues())
            errors << issue.toString();
        EXPECT_FALSE(outcome->report.hasErrors()) << errors.join(QLatin1Char('\n')).toStdString();
        return *outcome;
    }

    QString snapshot() { return stateSnapshot(m_state->connection()); }
};

} // namespace ferry::test
