// `apply`: all or nothing, idempotent, export/apply round trip, column type changes; on SQLite and PostgreSQL.
#include "workspace/workspace_state_fixture.h"

#include "state/checkpoint_store.h"
#include "state/transfer_store.h"
#include "state/workspace_store.h"
#include "workspace/workspace_applier.h"
#include "workspace/workspace_exporter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

#include <functional>
#include <vector>

namespace ferry::test {
namespace {

class Apply : public WorkspaceFolderStateTest
{
protected:
    WorkspaceApplier::Outcome apply(const QString &folder, bool allowTypeChanges = false)
    {
        WorkspaceApplier applier(m_state, {allowTypeChanges});
        Result<WorkspaceApplier::Outcome> outcome = applier.apply(folder);
        EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().toString().toStdString());
        return outcome.ok() ? *outcome : WorkspaceApplier::Outcome{};
    }

    QString snapshot() { return stateSnapshot(m_state->connection()); }

    void seedCheckpoint(const QString &destination, const QString &model)
    {
        const Result<Workspace> stored = WorkspaceStore(m_state->connection()).load();
        ASSERT_TRUE(stored.ok() && stored->destination(destination));
        ASSERT_TRUE(test::seedCheckpoint(m_state->connection(), stored->destination(destination)->id, model));
    }

    QString errorsOf(const WorkspaceApplier::Outcome &outcome)
    {
        QString text;
        for (const ValidationIssue &issue : outcome.report.issues())
            text += issue.toString() + QLatin1Char('\n');
        return text;
    }
};

TEST_P(Apply, ValidFolderIsStoredWithIds)
{
    const WorkspaceApplier::Outcome outcome = apply(m_folder.path());
    EXPECT_FALSE(outcome.report.hasErrors()) << errorsOf(outcome).toStdString();
    EXPECT_EQ(outcome.changes.size(), 8);
    const Result<Workspace> stored = WorkspaceStore(m_state->connection()).load();
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->objectCount(), 8);
    EXPECT_EQ(stored->names(ObjectKind::Model), (QStringList{QStringLiteral("events"), QStringLiteral("users")}));
    const Model *events = stored->model(QStringLiteral("events"));
    ASSERT_TRUE(events);
    EXPECT_EQ(events->id.size(), 36);
    EXPECT_EQ(events->columns.size(), 4);
    EXPECT_TRUE(events->columns[0].isPrimaryKey);
}

TEST_P(Apply, SecondApplyOfTheSameFolderChangesNothing)
{
    apply(m_folder.path());
    const QString before = snapshot();
    const WorkspaceApplier::Outcome second = apply(m_folder.path());
    EXPECT_FALSE(second.report.hasErrors());
    EXPECT_TRUE(second.changes.isEmpty());
    EXPECT_EQ(snapshot(), before);
}

TEST_P(Apply, FolderWithOneBadFileChangesNothing)
{
    apply(m_folder.path());
    const QString before = snapshot();

    // A valid edit, a new valid object, a removal and one broken file: none of it may land.
    Json edited = WorkspaceFiles::model(QStringLiteral("events"));
    edited["description"] = "edited";
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/events.json"), edited);
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("recipients/initech.json"),
                          WorkspaceFiles::recipient(QStringLiteral("initech"), QStringLiteral("t3")));
    QFile::remove(QDir(m_folder.path()).filePath(QStringLiteral("destinations/globex db.json")));
    Json broken = WorkspaceFiles::model(QStringLiteral("orders"));
    broken["columns"][1]["name_in_destination"] = "select";
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/orders.json"), broken);

    const WorkspaceApplier::Outcome outcome = apply(m_folder.path());
    EXPECT_TRUE(outcome.report.hasErrors());
    EXPECT_TRUE(outcome.changes.isEmpty());
    EXPECT_EQ(snapshot(), before);
}

TEST_P(Apply, BadFolderOnAnEmptyStateLeavesItEmpty)
{
    WorkspaceFiles::writeText(m_folder.path(), QStringLiteral("products/bad.json"), "{ not json");
    const WorkspaceApplier::Outcome outcome = apply(m_folder.path());
    ASSERT_EQ(outcome.report.errorCount(), 1) << errorsOf(outcome).toStdString();
    EXPECT_EQ(outcome.report.issues().first().file, QStringLiteral("products/bad.json"));
    EXPECT_EQ(WorkspaceStore(m_state->connection()).load()->objectCount(), 0);
}

TEST_P(Apply, WhatCannotBeReadIsAnErrorNotAnAbsence)
{
    apply(m_folder.path());
    seedCheckpoint(QStringLiteral("acme db"), QStringLiteral("users"));
    const QString before = snapshot();
    ASSERT_TRUE(before.contains(QStringLiteral(" users 2026-01-01T00:00:00.123456Z"))) << before.toStdString();
    const QDir root(m_folder.path());
    const QString aside = root.filePath(QStringLiteral("aside"));
    // Each of these once read as "no such object", and apply removed the object (and its checkpoints).
    struct Breakage
    {
        QString path;
        std::function<bool(const QString &)> put; // puts something unreadable at the path
    };
    const std::vector<Breakage> breakages = {
        {QStringLiteral("destinations"),
         [](const QString &path) {
             QFile file(path);
             return file.open(QIODevice::WriteOnly) && file.write("x") == 1;
         }},
        {QStringLiteral("models/users.json"),
         [&](const QString &path) { return QFile::link(root.filePath(QStringLiteral("gone.json")), path); }},
        {QStringLiteral("products/core.json"), [](const QString &path) { return QDir().mkdir(path); }},
    };
    for (const Breakage &breakage : breakages) {
        SCOPED_TRACE(breakage.path.toStdString());
        const QString path = root.filePath(breakage.path);
        ASSERT_TRUE(QDir().rename(path, aside));
        ASSERT_TRUE(breakage.put(path));
        const WorkspaceApplier::Outcome outcome = apply(m_folder.path());
        EXPECT_TRUE(outcome.changes.isEmpty());
        ASSERT_TRUE(outcome.report.hasErrors());
        EXPECT_EQ(outcome.report.issues().first().file, breakage.path) << errorsOf(outcome).toStdString();
        EXPECT_EQ(snapshot(), before);
        ASSERT_TRUE(QFileInfo(path).isDir() && !QFileInfo(path).isSymLink() ? QDir(path).removeRecursively()
                                                                              : QFile::remove(path));
        ASSERT_TRUE(QDir().rename(aside, path));
    }
}

// A destination whose tenant changes, by its recipient's id or by another recipient: `validate` (check) says so and
// writes nothing; apply resets its checkpoints and queues a full refresh, and leaves other destinations alone.
TEST_P(Apply, ADestinationThatChangesHandsIsRebuiltFromTheStart)
{
    apply(m_folder.path());
    seedCheckpoint(QStringLiteral("acme db"), QStringLiteral("users"));
    seedCheckpoint(QStringLiteral("globex db"), QStringLiteral("users"));
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("recipients/acme.json"),
                          WorkspaceFiles::recipient(QStringLiteral("acme"), QStringLiteral("t_initech"), {QStringLiteral("core")}));
    const QString before = snapshot();
    WorkspaceApplier checker(m_state, {});
    const Result<WorkspaceApplier::Outcome> checked = checker.check(m_folder.path());
    ASSERT_TRUE(checked.ok());
    EXPECT_FALSE(checked->report.hasErrors()) << errorsOf(*checked).toStdString();
    EXPECT_TRUE(errorsOf(*checked).contains(QStringLiteral(
        "destinations/acme db.json: recipient: warning: changes hands: it held tenant \"t_acme\"'s rows and will hold "
        "tenant \"t_initech\"'s")))
        << errorsOf(*checked).toStdString();
    EXPECT_EQ(snapshot(), before);

    const WorkspaceApplier::Outcome outcome = apply(m_folder.path());
    ASSERT_EQ(outcome.enqueuedTransferIds.size(), 1) << errorsOf(outcome).toStdString();
    EXPECT_EQ(outcome.handedOver, QStringList{QStringLiteral("acme db")});
    const Result<Workspace> stored = WorkspaceStore(m_state->connection()).load();
    ASSERT_TRUE(stored.ok());
    CheckpointStore checkpoints(m_state->connection());
    EXPECT_TRUE(checkpoints.forDestination(stored->destination(QStringLiteral("acme db"))->id)->isEmpty());
    EXPECT_EQ(checkpoints.forDestination(stored->destination(QStringLiteral("globex db"))->id)->size(), 1);
    const Result<TransferRecord> queued = TransferStore(m_state->connection()).load(outcome.enqueuedTransferIds.first());
    ASSERT_TRUE(queued.ok());
    EXPECT_EQ(queued->destinationName, QStringLiteral("acme db"));
    EXPECT_TRUE(queued->fullRefresh);
    EXPECT_EQ(queued->reason, QStringLiteral("changed-hands"));
    EXPECT_EQ(queued->status, QStringLiteral("PENDING"));

    // Pointing the other destination at another recipient is a change of hands too.
    Json globex = WorkspaceFiles::destination(QStringLiteral("globex db"), QStringLiteral("acme"));
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("destinations/globex db.json"), globex);
    const WorkspaceApplier::Outcome moved = apply(m_folder.path());
    EXPECT_EQ(moved.enqueuedTransferIds.size(), 1) << errorsOf(moved).toStdString();
    EXPECT_TRUE(checkpoints.forDestination(stored->destination(QStringLiteral("globex db"))->id)->isEmpty());
}

TEST_P(Apply, EditsAndRemovalsAreApplied)
{
    apply(m_folder.path());
    Json edited = WorkspaceFiles::model(QStringLiteral("events"));
    edited["description"] = "edited";
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/events.json"), edited);
    QFile::remove(QDir(m_folder.path()).filePath(QStringLiteral("destinations/globex db.json")));
    const WorkspaceApplier::Outcome outcome = apply(m_folder.path());
    ASSERT_EQ(outcome.changes.size(), 2) << errorsOf(outcome).toStdString();
    QStringList described;
    for (const WorkspaceChange &change : outcome.changes)
        described << change.toString();
    described.sort();
    EXPECT_EQ(described, (QStringList{QStringLiteral("changed model events"), QStringLiteral("removed destination globex db")}));
    const Result<Workspace> stored = WorkspaceStore(m_state->connection()).load();
    EXPECT_EQ(stored->model(QStringLiteral("events"))->description, QStringLiteral("edited"));
    EXPECT_EQ(stored->destination(QStringLiteral("globex db")), nullptr);
}

TEST_P(Apply, ExportThenApplyIsARoundTrip)
{
    apply(m_folder.path());
    const QString before = snapshot();
    QTemporaryDir exported;
    const Result<Workspace> stored = WorkspaceStore(m_state->connection()).load();
    ASSERT_TRUE(stored.ok());
    const Result<int> written = WorkspaceExporter::exportTo(*stored, exported.path());
    ASSERT_TRUE(written.ok()) << written.error().toString().toStdString();
    EXPECT_EQ(*written, 8);
    EXPECT_TRUE(QFile::exists(exported.filePath(QStringLiteral("destinations/acme db.json"))));

    const WorkspaceApplier::Outcome outcome = apply(exported.path());
    EXPECT_FALSE(outcome.report.hasErrors());
    EXPECT_TRUE(outcome.changes.isEmpty());
    EXPECT_EQ(snapshot(), before);

    // Exporting again gives the same bytes, and a second export into a full folder is refused without --force.
    QTemporaryDir again;
    ASSERT_TRUE(WorkspaceExporter::exportTo(*WorkspaceStore(m_state->connection()).load(), again.path()).ok());
    QDirIterator files(exported.path(), {QStringLiteral("*.json")}, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        QFile a(path);
        QFile b(again.filePath(QDir(exported.path()).relativeFilePath(path)));
        ASSERT_TRUE(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly)) << path.toStdString();
        EXPECT_EQ(a.readAll(), b.readAll()) << path.toStdString();
    }
    EXPECT_FALSE(WorkspaceExporter::exportTo(*stored, exported.path()).ok());
    EXPECT_TRUE(WorkspaceExporter::exportTo(*stored, exported.path(), true).ok());
}

TEST_P(Apply, ColumnTypeChangeOfATransferredModelIsRejectedUnlessAllowed)
{
    apply(m_folder.path());
    const Workspace stored = *WorkspaceStore(m_state->connection()).load();
    // A model that has been transferred: it has a checkpoint (transfers write theirs through guarded writes only).
    QSqlQuery seed(m_state->connection());
    seed.prepare(QStringLiteral("INSERT INTO checkpoints (destination_id, model_name, cursor_value, updated_at) "
                                "VALUES (?, ?, ?, ?)"));
    seed.addBindValue(stored.destination(QStringLiteral("acme db"))->id);
    seed.addBindValue(QStringLiteral("events"));
    seed.addBindValue(QStringLiteral("2026-01-01T00:00:00.123456Z"));
    seed.addBindValue(StateDatabase::toDatabaseTime(m_state->connection(), QDateTime::currentDateTimeUtc()));
    ASSERT_TRUE(seed.exec());

    Json retyped = WorkspaceFiles::model(QStringLiteral("events"));
    retyped["columns"][2]["data_type"] = "float"; // was decimal
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/events.json"), retyped);
    Json usersRetyped = WorkspaceFiles::model(QStringLiteral("users"));
    usersRetyped["source_table"] = "public.users";
    usersRetyped["columns"][2]["data_type"] = "float"; // users never transferred: free to change
    WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/users.json"), usersRetyped);

    const QString before = snapshot();
    const WorkspaceApplier::Outcome rejected = apply(m_folder.path());
    ASSERT_EQ(rejected.report.errorCount(), 1) << errorsOf(rejected).toStdString();
    const ValidationIssue &issue = rejected.report.issues().first();
    EXPECT_EQ(issue.file, QStringLiteral("models/events.json"));
    EXPECT_EQ(issue.path, QStringLiteral("columns[2].data_type"));
    EXPECT_TRUE(issue.message.contains(QStringLiteral("--allow-type-change"))) << issue.message.toStdString();
    EXPECT_EQ(snapshot(), before);

    const WorkspaceApplier::Outcome allowed = apply(m_folder.path(), true);
    EXPECT_FALSE(allowed.report.hasErrors()) << errorsOf(allowed).toStdString();
    // Both destinations receive events (acme through product core, globex through "every model").
    EXPECT_EQ(allowed.enqueuedTransferIds.size(), 2);
    QSqlQuery query(m_state->connection());
    ASSERT_TRUE(query.exec(QStringLiteral("SELECT status, is_full_refresh, requested_models, reason FROM transfers")));
    int rows = 0;
    while (query.next()) {
        ++rows;
        EXPECT_EQ(query.value(0).toString(), QStringLiteral("PENDING"));
        EXPECT_TRUE(query.value(1).toBool());
        EXPECT_EQ(query.value(2).toString(), QStringLiteral("[\"events\"]"));
        EXPECT_EQ(query.value(3).toString(), QStringLiteral("type-change"));
    }
    EXPECT_EQ(rows, 2);
}

TEST_P(Apply, TransferTagsAreValidated)
{
    apply(m_folder.path());
    TransferStore transfers(m_state->connection());
    TransferRequest request{QStringLiteral("d"), QStringLiteral("acme db"), QStringLiteral("acme"), false, {}, {}, QStringLiteral("user"), {}, {}};
    request.tags.insert(QStringLiteral("team"), QStringLiteral("data eng"));
    EXPECT_FALSE(transfers.enqueue(request).ok());
    request.tags[QStringLiteral("team")] = QStringLiteral("data-eng");
    EXPECT_TRUE(transfers.enqueue(request).ok());
}

INSTANTIATE_TEST_SUITE_P(State, Apply, ::testing::Values(StateBackend::Sqlite, StateBackend::Postgres), backendName);

} // namespace
} // namespace ferry::test
