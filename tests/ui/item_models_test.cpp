// The item models behind the main window, on their own: structure (checked by QAbstractItemModelTester), what
// each row shows, and how validation problems land on rows.
#include "models/issue_list_model.h"
#include "models/model_columns_model.h"
#include "models/object_display.h"
#include "models/object_fields_model.h"
#include "models/workspace_filter_model.h"
#include "models/workspace_tree_model.h"

#include "support/qt_printers.h"
#include "support/workspace_files.h"

#include "validate/workspace_reader.h"
#include "validate/workspace_validator.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QTemporaryDir>

namespace ferry::ui {
namespace {

using test::Json;
using test::WorkspaceFiles;

// A workspace read from files the way apply reads it, so issue paths and files are the real ones.
class ItemModelsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_folder.isValid());
        WorkspaceFiles::writeValidWorkspace(m_folder.path());
    }

    void read()
    {
        m_report = {};
        m_workspace = WorkspaceReader::readFolder(m_folder.path(), m_report);
        WorkspaceValidator::validate(m_workspace, {}, m_report);
    }

    // The events model with its second column renamed to a reserved word.
    void breakEventsModel()
    {
        Json events = WorkspaceFiles::model(QStringLiteral("events"));
        events["columns"][1]["name_in_destination"] = "SELECT";
        WorkspaceFiles::write(m_folder.path(), QStringLiteral("models/events.json"), events);
    }

    QTemporaryDir m_folder;
    Workspace m_workspace;
    ValidationReport m_report;
};

TEST_F(ItemModelsTest, TreeListsEveryKindWithCountsAndObjects)
{
    read();
    ASSERT_EQ(m_report.errorCount(), 0);
    WorkspaceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setWorkspace(m_workspace, m_report);

    ASSERT_EQ(model.rowCount(), 5);
    EXPECT_EQ(model.groupIndex(ObjectKind::Source).data().toString(), QStringLiteral("Sources"));
    EXPECT_EQ(model.groupIndex(ObjectKind::Model, WorkspaceTreeModel::SummaryColumn).data().toString(),
              QStringLiteral("2 models"));
    EXPECT_EQ(model.rowCount(model.groupIndex(ObjectKind::Recipient)), 2);
    const QModelIndex users = model.objectIndex(ObjectKind::Model, QStringLiteral("users"));
    ASSERT_TRUE(users.isValid());
    EXPECT_EQ(users.data().toString(), QStringLiteral("users"));
    EXPECT_EQ(users.parent(), model.groupIndex(ObjectKind::Model));
    EXPECT_FALSE(model.objectIndex(ObjectKind::Model, QStringLiteral("nope")).isValid());
}

TEST_F(ItemModelsTest, TreeMarksObjectsWithProblems)
{
    breakEventsModel();
    read();
    WorkspaceTreeModel model;
    model.setWorkspace(m_workspace, m_report);

    const QModelIndex events = model.objectIndex(ObjectKind::Model, QStringLiteral("events"));
    EXPECT_EQ(events.data(WorkspaceTreeModel::ErrorCountRole).toInt(), 1);
    EXPECT_FALSE(events.data(Qt::DecorationRole).value<QIcon>().isNull());
    EXPECT_TRUE(events.data(Qt::ToolTipRole).toString().contains(QStringLiteral("columns[1].name_in_destination")))
        << events.data(Qt::ToolTipRole).toString().toStdString();
    const QModelIndex users = model.objectIndex(ObjectKind::Model, QStringLiteral("users"));
    EXPECT_EQ(users.data(WorkspaceTreeModel::ErrorCountRole).toInt(), 0);
}

TEST_F(ItemModelsTest, FilterKeepsMatchingObjectsUnderTheirGroups)
{
    read();
    WorkspaceTreeModel tree;
    tree.setWorkspace(m_workspace, m_report);
    WorkspaceFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
    filter.setSourceModel(&tree);

    filter.setNameFilter(QStringLiteral("  GLOB "));
    // Recipient "globex" and destination "globex db", each under its group; nothing else.
    ASSERT_EQ(filter.rowCount(), 2);
    QStringList shown;
    for (int group = 0; group < filter.rowCount(); ++group) {
        const QModelIndex parent = filter.index(group, 0);
        for (int row = 0; row < filter.rowCount(parent); ++row)
            shown << parent.data().toString() + QLatin1Char('/') + filter.index(row, 0, parent).data().toString();
    }
    EXPECT_EQ(shown, QStringList({QStringLiteral("Recipients/globex"), QStringLiteral("Destinations/globex db")}));
    EXPECT_FALSE(filter.isFilteredEmpty());

    filter.setNameFilter(QStringLiteral("zzz"));
    EXPECT_EQ(filter.rowCount(), 0);
    EXPECT_TRUE(filter.isFilteredEmpty());

    filter.setNameFilter({});
    EXPECT_EQ(filter.rowCount(), 5);
    filter.setProblemsOnly(true);
    EXPECT_TRUE(filter.isFilteredEmpty()); // a valid workspace has nothing to fix
}

TEST_F(ItemModelsTest, ProblemsOnlyShowsBrokenObjects)
{
    breakEventsModel();
    read();
    WorkspaceTreeModel tree;
    tree.setWorkspace(m_workspace, m_report);
    WorkspaceFilterModel filter;
    filter.setSourceModel(&tree);
    filter.setProblemsOnly(true);

    ASSERT_EQ(filter.rowCount(), 1);
    const QModelIndex group = filter.index(0, 0);
    EXPECT_EQ(group.data().toString(), QStringLiteral("Models"));
    ASSERT_EQ(filter.rowCount(group), 1);
    EXPECT_EQ(filter.index(0, 0, group).data().toString(), QStringLiteral("events"));
}

TEST_F(ItemModelsTest, FieldsFlattenNestedJsonIntoTheirFilePaths)
{
    ObjectFieldsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setJson(Json{{"name", "main"},
                       {"ssh_tunnel", {{"host", "bastion"}, {"port", 22}}},
                       {"products", Json::array({"core", "extra"})},
                       {"columns", Json::array({{{"name_in_source", "id"}}, {{"name_in_source", "kind"}}})}});

    EXPECT_EQ(model.valueOf(QStringLiteral("name")), QStringLiteral("main"));
    EXPECT_EQ(model.valueOf(QStringLiteral("ssh_tunnel.port")), QStringLiteral("22"));
    EXPECT_EQ(model.valueOf(QStringLiteral("products")), QStringLiteral("core, extra"));
    EXPECT_EQ(model.valueOf(QStringLiteral("columns[1].name_in_source")), QStringLiteral("kind"));
    EXPECT_EQ(model.rowCount(), 6);
}

TEST_F(ItemModelsTest, FieldPathsOverlapOnlyAlongTheSamePath)
{
    EXPECT_TRUE(ObjectFieldsModel::pathsOverlap(QStringLiteral("columns"), QStringLiteral("columns[2].data_type")));
    EXPECT_TRUE(ObjectFieldsModel::pathsOverlap(QStringLiteral("ssh_tunnel.host"), QStringLiteral("ssh_tunnel")));
    EXPECT_TRUE(ObjectFieldsModel::pathsOverlap(QStringLiteral("name"), QStringLiteral("name")));
    EXPECT_FALSE(ObjectFieldsModel::pathsOverlap(QStringLiteral("name"), QStringLiteral("name_in_source")));
    EXPECT_FALSE(ObjectFieldsModel::pathsOverlap(QStringLiteral("host"), QStringLiteral("")));
}

TEST_F(ItemModelsTest, ModelFieldsAndColumnsCarryTheirProblems)
{
    breakEventsModel();
    read();
    const qsizetype events = ObjectDisplay::indexOf(m_workspace, ObjectKind::Model, QStringLiteral("events"));
    ASSERT_GE(events, 0);
    const QList<ValidationIssue> issues = m_report.issuesFor(ObjectKind::Model, QStringLiteral("events"));
    ASSERT_EQ(issues.size(), 1);

    ObjectFieldsModel fields;
    fields.setObject(m_workspace, ObjectKind::Model, events);
    fields.setIssues(issues);
    EXPECT_EQ(fields.valueOf(QStringLiteral("model_name")), QStringLiteral("events"));
    EXPECT_EQ(fields.valueOf(QStringLiteral("columns")), QStringLiteral("4 columns"));
    const int columnsRow = fields.rowOf(QStringLiteral("columns"));
    EXPECT_FALSE(fields.index(columnsRow, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
    EXPECT_TRUE(fields.index(fields.rowOf(QStringLiteral("model_name")), 0).data(Qt::DecorationRole).isNull());

    ModelColumnsModel columns;
    QAbstractItemModelTester tester(&columns, QAbstractItemModelTester::FailureReportingMode::Fatal);
    columns.setModel(m_workspace.models.at(events), issues);
    ASSERT_EQ(columns.rowCount(), 4);
    EXPECT_EQ(columns.index(1, ModelColumnsModel::DestinationNameSection).data().toString(), QStringLiteral("SELECT"));
    EXPECT_EQ(columns.index(0, ModelColumnsModel::PrimaryKeySection).data(ModelColumnsModel::IsMarkedRole).toBool(),
              true);
    EXPECT_EQ(columns.index(3, ModelColumnsModel::LastModifiedSection).data(ModelColumnsModel::IsMarkedRole).toBool(),
              true);
    EXPECT_TRUE(columns.index(1, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("reserved")))
        << columns.index(1, 0).data(Qt::ToolTipRole).toString().toStdString();
    EXPECT_TRUE(columns.index(0, 0).data(Qt::DecorationRole).isNull());

    IssueListModel list;
    QAbstractItemModelTester listTester(&list, QAbstractItemModelTester::FailureReportingMode::Fatal);
    list.setIssues(issues);
    EXPECT_EQ(list.errorCount(), 1);
    EXPECT_EQ(list.index(0, IssueListModel::PathColumn).data().toString(),
              QStringLiteral("columns[1].name_in_destination"));
    EXPECT_TRUE(list.index(0, IssueListModel::MessageColumn).data().toString().contains(QStringLiteral("SELECT")));
}

} // namespace
} // namespace ferry::ui
