// The model builder as an analyst uses it: a model made from an introspected PostgreSQL table (a reserved column
// name flagged, then fixed by renaming it), its preview showing only the chosen tenant's rows, its destination DDL,
// and a Prequel model file imported and saved.
#include "editor_fixture.h"

#include "actions/workspace_edit_actions.h"
#include "editors/model_columns_tab.h"
#include "editors/model_ddl_tab.h"
#include "editors/model_editor.h"
#include "editors/row_preview_panel.h"
#include "models/model_columns_model.h"
#include "models/preview_rows_model.h"
#include "support/test_servers.h"
#include "views/main_window.h"
#include "views/workspace_page.h"
#include "workspace/workspace_applier.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QUndoStack>

namespace ferry::ui {
namespace {

using namespace Qt::Literals::StringLiterals;

class ModelBuilderTest : public EditorFixture
{
protected:
    // A PostgreSQL source with an `orders` table of two tenants, one of its columns named "select".
    void addPostgresSource()
    {
        m_pg = std::make_unique<test::TemporaryPostgresDatabase>();
        ASSERT_TRUE(m_pg->isValid()) << m_pg->error().toStdString();
        const QString failed = m_pg->exec(
            {u"CREATE TABLE orders (id bigint PRIMARY KEY, org_id text NOT NULL, \"select\" text, "
             "total numeric(12,2), updated_at timestamptz NOT NULL)"_s,
             u"CREATE INDEX orders_org_updated ON orders (org_id, updated_at)"_s,
             u"INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN 'tenant_acme' ELSE 'tenant_globex' END, "
             "'pick ' || g, g * 1.5, now() - g * interval '1 minute' FROM generate_series(1, 90) g"_s});
        ASSERT_TRUE(failed.isEmpty()) << failed.toStdString();

        WorkspacePatch patch;
        Source source;
        source.name = u"Shop"_s;
        source.vendor = u"postgres"_s;
        source.connection.host = m_pg->host();
        source.connection.port = m_pg->port();
        source.connection.database = m_pg->name();
        source.connection.username = m_pg->userName();
        source.connection.passwordEnv = u"PGPASSWORD"_s;
        patch.saved.sources.append(source);
        const Result<WorkspaceApplier::Outcome> applied = WorkspaceApplier(m_state, {}).applyPatch(patch);
        ASSERT_TRUE(applied.ok()) << applied.error().toString().toStdString();
        ASSERT_FALSE(applied->report.hasErrors()) << applied->report.issues().first().toString().toStdString();
        m_workspace = applied->workspace;
    }

    ModelEditor *newModel()
    {
        if (!window()->workspacePage()->newObject(ObjectKind::Model, u"orders"_s))
            return nullptr;
        return qobject_cast<ModelEditor *>(window()->workspacePage()->editor());
    }

    std::unique_ptr<test::TemporaryPostgresDatabase> m_pg;
};

TEST_F(ModelBuilderTest, ModelFromAnIntrospectedPostgresTable)
{
    FERRY_REQUIRE_POSTGRES();
    addPostgresSource();
    ModelEditor *editor = newModel();
    ASSERT_NE(editor, nullptr);
    editor->edit(u"source_name"_s, "Shop");
    QSignalSpy described(editor, &ModelEditor::described);
    editor->useTable(u"public"_s, u"orders"_s);
    ASSERT_TRUE(described.wait(kWaitMs)) << editor->bannerText().toStdString();
    waitValidated(editor);

    // Filled from the catalog: key, last-modified and tenant column guessed, types mapped.
    EXPECT_EQ(editor->draft().text(u"source_table"_s), u"orders"_s);
    EXPECT_EQ(editor->draft().text(u"organization_column"_s), u"org_id"_s);
    ModelColumnsModel *columns = editor->columnsTab()->model();
    QAbstractItemModelTester tester(columns);
    ASSERT_EQ(columns->includedCount(), 5);
    EXPECT_TRUE(columns->columnAt(0).isPrimaryKey);
    EXPECT_TRUE(columns->columnAt(4).isLastModified);
    EXPECT_EQ(columns->columnAt(3).dataType, u"decimal"_s);

    // "select" is reserved: an error on its row, at its destination name.
    const auto reservedError = [editor] {
        for (const ValidationIssue &issue : editor->issues()) {
            if (issue.isError() && issue.path == u"columns[2].name_in_destination"_s)
                return true;
        }
        return false;
    };
    EXPECT_TRUE(reservedError());
    EXPECT_TRUE(columns->index(2, ModelColumnsModel::SourceNameSection).data(Qt::DecorationRole).isValid());
    editor->tabs()->setCurrentWidget(editor->columnsTab());
    saveScreenshot(window(), u"model-builder-reserved-name"_s);

    // Renamed at the destination in the columns table: the error goes.
    ASSERT_TRUE(columns->setData(columns->index(2, ModelColumnsModel::DestinationNameSection), u"choice"_s));
    waitValidated(editor);
    EXPECT_FALSE(reservedError());
    EXPECT_FALSE(columns->index(2, ModelColumnsModel::SourceNameSection).data(Qt::DecorationRole).isValid());
    EXPECT_EQ(editor->draft().text(u"columns[2].name_in_destination"_s), u"choice"_s);

    // The destination DDL follows the model.
    editor->tabs()->setCurrentWidget(editor->ddlTab());
    editor->ddlTab()->setVendor(u"postgres"_s);
    EXPECT_TRUE(editor->ddlTab()->ddlText().contains(u"\"choice\" text"_s)) << editor->ddlTab()->ddlText().toStdString();
    EXPECT_TRUE(editor->ddlTab()->ddlText().contains(u"PRIMARY KEY (\"id\")"_s));

    // The preview: the newest rows of one tenant only.
    editor->tabs()->setCurrentWidget(editor->previewPanel());
    editor->previewPanel()->setRecipient(u"Acme Corp"_s);
    QSignalSpy previewed(editor->previewPanel(), &RowPreviewPanel::finished);
    editor->previewPanel()->start();
    ASSERT_TRUE(previewed.wait(kWaitMs));
    ASSERT_TRUE(previewed.first().at(0).toBool()) << editor->previewPanel()->statusText().toStdString();
    PreviewRowsModel *rows = editor->previewPanel()->model();
    QAbstractItemModelTester rowsTester(rows);
    EXPECT_EQ(rows->rowCount(), 30); // 90 rows, every third is Acme's
    const int idColumn = int(rows->rows().columns.indexOf(u"id"_s));
    ASSERT_GE(idColumn, 0);
    for (const QStringList &row : rows->rows().rows)
        EXPECT_EQ(row.at(idColumn).toLongLong() % 3, 0) << "a row of another tenant: id " << row.at(idColumn).toStdString();
    EXPECT_EQ(rows->rows().tenant, u"tenant_acme"_s);
    saveScreenshot(window(), u"model-builder-preview"_s);

    // Saved, it is a model like any other.
    ASSERT_TRUE(saveAndWait(editor)) << editor->bannerText().toStdString();
    const Workspace stored = storedWorkspace();
    const Model *saved = stored.model(u"orders"_s);
    ASSERT_NE(saved, nullptr);
    EXPECT_EQ(saved->columns.at(2).nameInDestination, u"choice"_s);
    EXPECT_EQ(saved->sourceName.value_or(QString()), u"Shop"_s);
}

TEST_F(ModelBuilderTest, ColumnsMoveAndLeaveOut)
{
    ModelEditor *editor = qobject_cast<ModelEditor *>(openEditor(ObjectKind::Model, u"events"_s));
    ASSERT_NE(editor, nullptr);
    ModelColumnsModel *columns = editor->columnsTab()->model();
    QAbstractItemModelTester tester(columns);
    const QString first = columns->columnAt(0).nameInSource;
    const QString second = columns->columnAt(1).nameInSource;
    ASSERT_TRUE(columns->moveRows({}, 0, 1, {}, 2));
    EXPECT_EQ(editor->draft().text(u"columns[0].name_in_source"_s), second);
    EXPECT_EQ(editor->draft().text(u"columns[1].name_in_source"_s), first);
    // Leaving a column out removes it from the file; undo brings it back.
    ASSERT_TRUE(columns->setData(columns->index(1, ModelColumnsModel::IncludedSection), Qt::Unchecked, Qt::CheckStateRole));
    EXPECT_EQ(editor->draft().value(u"columns"_s).size(), 6u);
    editor->undoStack()->undo();
    EXPECT_EQ(editor->draft().value(u"columns"_s).size(), 7u);
    // One primary key: marking another unmarks the first.
    ASSERT_TRUE(columns->setData(columns->index(2, ModelColumnsModel::PrimaryKeySection), Qt::Checked, Qt::CheckStateRole));
    int keys = 0;
    for (int row = 0; row < columns->rowCount(); ++row)
        keys += columns->columnAt(row).isPrimaryKey ? 1 : 0;
    EXPECT_EQ(keys, 1);
}

TEST_F(ModelBuilderTest, PrequelModelFileImportsAndSaves)
{
    // A model file as Prequel writes it: no model_name (the file's name is it), Prequel's keys only.
    const QString path = m_dir.filePath(u"signups.json"_s);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({
  "description": "Signups per tenant",
  "source_table": "users",
  "source_name": "Demo Source",
  "organization_column": "tenant_id",
  "columns": [
    {"name_in_source": "id", "name_in_destination": "id", "data_type": "string", "is_primary_key": true},
    {"name_in_source": "email", "name_in_destination": "email", "data_type": "string"},
    {"name_in_source": "updated_at", "name_in_destination": "updated_at", "data_type": "timestamp", "is_last_modified": true}
  ]
})");
    file.close();
    ASSERT_TRUE(window()->workspacePage()->newObject(ObjectKind::Model, u"new_model"_s));
    auto *editor = qobject_cast<ModelEditor *>(window()->workspacePage()->editor());
    ASSERT_NE(editor, nullptr);
    QString error;
    ASSERT_TRUE(editor->importFile(path, &error)) << error.toStdString();
    EXPECT_EQ(editor->draft().name(), u"signups"_s);
    waitValidated(editor);
    EXPECT_TRUE(editor->issues().isEmpty()) << editor->issues().value(0).toString().toStdString();
    ASSERT_TRUE(saveAndWait(editor)) << editor->bannerText().toStdString();
    const Workspace stored = storedWorkspace();
    const Model *saved = stored.model(u"signups"_s);
    ASSERT_NE(saved, nullptr);
    EXPECT_EQ(saved->columns.size(), 3);
    EXPECT_EQ(saved->description.value_or(QString()), u"Signups per tenant"_s);

    // Exported again, it reads back the same.
    const QString exported = m_dir.filePath(u"exported.json"_s);
    ASSERT_TRUE(editor->exportFile(exported, &error)) << error.toStdString();
    QFile back(exported);
    ASSERT_TRUE(back.open(QIODevice::ReadOnly));
    EXPECT_TRUE(back.readAll().contains("\"model_name\": \"signups\""));

    // Not JSON: the file and line are named, the draft stays as it was.
    QFile broken(m_dir.filePath(u"broken.json"_s));
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("{\n  \"model_name\": \"x\",\n  oops\n}");
    broken.close();
    EXPECT_FALSE(editor->importFile(broken.fileName(), &error));
    EXPECT_TRUE(error.contains(u"broken.json"_s) && error.contains(u"line 3"_s)) << error.toStdString();
    EXPECT_EQ(editor->draft().name(), u"signups"_s);
}

TEST_F(ModelBuilderTest, AFolderOfPrequelModelFilesImportsAllOrNothing)
{
    const QString folder = m_dir.filePath(u"prequel-models"_s);
    ASSERT_TRUE(QDir().mkpath(folder));
    const auto write = [&folder](const QString &file, const QByteArray &json) {
        QFile out(QDir(folder).filePath(file));
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(json);
    };
    const QByteArray columns = R"("columns": [
      {"name_in_source": "id", "name_in_destination": "id", "data_type": "string", "is_primary_key": true},
      {"name_in_source": "updated_at", "name_in_destination": "updated_at", "data_type": "timestamp", "is_last_modified": true}])";
    // A new model, and "users" again with a description: replaced, keeping its id.
    write(u"signups.json"_s, R"({"source_table": "users", "organization_column": "tenant_id", )" + columns + "}");
    write(u"users.json"_s, R"({"description": "From the folder", "source_table": "users", "organization_column": "tenant_id", )" +
                               columns + "}");
    const QString usersId = storedWorkspace().model(u"users"_s)->id;

    WorkspaceEditActions *actions = window()->editActions();
    QSignalSpy finished(actions, &WorkspaceEditActions::finished);
    QSignalSpy reloaded(window(), &MainWindow::workspaceShown);
    ASSERT_TRUE(actions->importModelFolder(folder));
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_TRUE(finished.first().at(0).toBool()) << finished.first().at(1).toString().toStdString();
    EXPECT_TRUE(finished.first().at(1).toString().contains(u"1 new, 1 replaced"_s)) << finished.first().at(1).toString().toStdString();
    const Workspace stored = storedWorkspace();
    ASSERT_NE(stored.model(u"signups"_s), nullptr);
    ASSERT_NE(stored.model(u"users"_s), nullptr);
    EXPECT_EQ(stored.model(u"users"_s)->id, usersId);
    EXPECT_EQ(stored.model(u"users"_s)->description.value_or(QString()), u"From the folder"_s);

    // One broken file: nothing is imported, and the file is named.
    write(u"broken.json"_s, R"({"source_table": "users", "columns": [{"name_in_source": "select", "name_in_destination": "select", "data_type": "string", "is_primary_key": true}]})");
    write(u"another.json"_s, R"({"source_table": "users", "organization_column": "tenant_id", )" + columns + "}");
    finished.clear();
    ASSERT_TRUE(reloaded.count() > 0 || reloaded.wait(kWaitMs)); // the editors see the imported versions
    ASSERT_TRUE(actions->importModelFolder(folder));
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_FALSE(finished.first().at(0).toBool());
    EXPECT_TRUE(finished.first().at(1).toString().contains(u"broken.json"_s)) << finished.first().at(1).toString().toStdString();
    EXPECT_EQ(storedWorkspace().model(u"another"_s), nullptr);
}

} // namespace
} // namespace ferry::ui
