// Every model rule of SPEC section 1, each with a failing and a passing case.
#include "validation_fixture.h"

#include "config/data_types.h"

#include <QDateTime>

#include <limits>

namespace ferry::test {
namespace {

Json col(const std::string &name, const std::string &type, bool pk = false, bool lastModified = false)
{
    return Json{{"name_in_source", name}, {"name_in_destination", name}, {"data_type", type},
                {"is_primary_key", pk},   {"is_last_modified", lastModified}};
}

// A model with `count` columns, the primary key at `pkIndex` and the last-modified column at `lmIndex`.
Json wideModel(int count, int pkIndex, int lmIndex)
{
    Json model = WorkspaceFiles::model();
    Json columns = Json::array();
    for (int i = 0; i < count; ++i)
        columns.push_back(col("c" + std::to_string(i), i == lmIndex ? "timestamp" : "string", i == pkIndex, i == lmIndex));
    model["columns"] = columns;
    return model;
}

class ModelValidation : public ValidationFixture
{
protected:
    void SetUp() override { addSource(WorkspaceFiles::source()); }
};

TEST_F(ModelValidation, ValidModelHasNoIssues)
{
    addModel(WorkspaceFiles::model());
    validate();
    EXPECT_TRUE(m_report.issues().isEmpty()) << describe().toStdString();
}

TEST_F(ModelValidation, NoPrimaryKeyIsAnError)
{
    Json model = WorkspaceFiles::model();
    model["columns"][0]["is_primary_key"] = false;
    addModel(model);
    validate();
    EXPECT_ISSUE("columns", "no column has is_primary_key");
}

TEST_F(ModelValidation, TwoPrimaryKeysIsAnError)
{
    Json model = WorkspaceFiles::model();
    model["columns"][1]["is_primary_key"] = true;
    addModel(model);
    validate();
    EXPECT_ISSUE("columns[1].is_primary_key", "a second primary key (columns[0] is one already)");
}

TEST_F(ModelValidation, NoOrTwoLastModifiedColumnsAreErrors)
{
    Json none = WorkspaceFiles::model();
    none["columns"][3]["is_last_modified"] = false;
    addModel(none);
    Json two = WorkspaceFiles::model(QStringLiteral("two"));
    two["columns"][1] = col("created_at", "timestamp", false, true);
    addModel(two);
    validate();
    EXPECT_ISSUE("columns", "no column has is_last_modified");
    EXPECT_TRUE(hasError(QStringLiteral("columns[3].is_last_modified"), QStringLiteral("a second last-modified column")))
        << describe().toStdString();
}

TEST_F(ModelValidation, PrimaryKeyMustBeAmongTheFirst32Columns)
{
    addModel(wideModel(40, 32, 0));
    validate();
    EXPECT_ISSUE("columns[32].is_primary_key", "the primary key is column 33; it must be among the first 32 columns");
}

TEST_F(ModelValidation, LastModifiedMustBeAmongTheFirst32Columns)
{
    addModel(wideModel(40, 0, 35));
    validate();
    EXPECT_ISSUE("columns[35].is_last_modified", "must be among the first 32 columns");
}

TEST_F(ModelValidation, BothFlagsInColumn32AreAccepted)
{
    addModel(wideModel(40, 31, 30));
    validate();
    EXPECT_NO_ERRORS();
}

TEST_F(ModelValidation, ReservedWordInAnyLetterCaseIsAnError)
{
    Json model = WorkspaceFiles::model();
    model["columns"][1]["name_in_destination"] = "select";
    model["columns"][2]["name_in_destination"] = "SeLeCt_not";
    addModel(model);
    Json upper = WorkspaceFiles::model(QStringLiteral("upper"));
    upper["columns"][1]["name_in_destination"] = "SELECT";
    addModel(upper);
    Json mixed = WorkspaceFiles::model(QStringLiteral("mixed"));
    mixed["columns"][1]["name_in_destination"] = "Order";
    addModel(mixed);
    validate();
    EXPECT_ISSUE("columns[1].name_in_destination", "\"select\" is a reserved column name");
    EXPECT_ISSUE("columns[1].name_in_destination", "\"SELECT\" is a reserved column name");
    EXPECT_ISSUE("columns[1].name_in_destination", "\"Order\" is a reserved column name");
    EXPECT_FALSE(hasError(QStringLiteral("columns[2].name_in_destination"), QStringLiteral("reserved")));
}

TEST_F(ModelValidation, ReservedPrefixIsAnError)
{
    Json model = WorkspaceFiles::model();
    model["columns"][1]["name_in_destination"] = "_Partition_day";
    model["columns"][2]["name_in_destination"] = "partition_day";
    addModel(model);
    validate();
    EXPECT_ISSUE("columns[1].name_in_destination", "starts with the reserved prefix \"_PARTITION\"");
    EXPECT_FALSE(hasError(QStringLiteral("columns[2].name_in_destination"), QStringLiteral("reserved")))
        << describe().toStdString();
}

TEST_F(ModelValidation, ColumnNamedLikeItsTableIsAnError)
{
    Json model = WorkspaceFiles::model(); // source table public.events, destination table events
    model["columns"][1]["name_in_source"] = "EVENTS";
    model["columns"][1]["name_in_destination"] = "kind";
    model["columns"][2]["name_in_destination"] = "Events";
    addModel(model);
    validate();
    EXPECT_ISSUE("columns[1].name_in_source", "is also the name of the source table");
    EXPECT_ISSUE("columns[2].name_in_destination", "is also the name of the");
}

TEST_F(ModelValidation, ColumnNamedAlmostLikeItsTableIsFine)
{
    Json model = WorkspaceFiles::model();
    model["columns"][1]["name_in_destination"] = "event";
    addModel(model);
    validate();
    EXPECT_NO_ERRORS();
}

TEST_F(ModelValidation, DuplicateDestinationNamesIgnoringCaseAreAnError)
{
    Json model = WorkspaceFiles::model();
    model["columns"][2]["name_in_destination"] = "KIND";
    addModel(model);
    validate();
    EXPECT_ISSUE("columns[2].name_in_destination", "repeats columns[1].name_in_destination (\"kind\")");
}

TEST_F(ModelValidation, UnknownKeysGetADidYouMeanHint)
{
    Json model = WorkspaceFiles::model();
    model["source_tabel"] = "x";
    model["columns"][0]["is_primarykey"] = true;
    model["colour"] = "blue";
    addModel(model);
    validate();
    EXPECT_ISSUE("source_tabel", "unknown key (did you mean \"source_table\"?)");
    EXPECT_ISSUE("columns[0].is_primarykey", "unknown key (did you mean \"is_primary_key\"?)");
    EXPECT_ISSUE("colour", "unknown key");
    EXPECT_FALSE(hasError(QStringLiteral("colour"), QStringLiteral("did you mean")));
}

class DataTypeValidation : public ModelValidation, public ::testing::WithParamInterface<QString>
{
};

TEST_P(DataTypeValidation, AcceptedTypeIsValid)
{
    Json model = WorkspaceFiles::model();
    model["columns"][2]["data_type"] = GetParam().toStdString();
    addModel(model);
    validate();
    EXPECT_NO_ERRORS();
}

INSTANTIATE_TEST_SUITE_P(EveryType, DataTypeValidation, ::testing::ValuesIn(DataTypes::acceptedNames()),
                         [](const auto &info) { return info.param.toStdString(); });

TEST_F(ModelValidation, UnknownDataTypeIsAnErrorWithHint)
{
    Json model = WorkspaceFiles::model();
    model["columns"][1]["data_type"] = "strng";
    model["columns"][2]["data_type"] = "varchar(20)";
    addModel(model);
    validate();
    EXPECT_ISSUE("columns[1].data_type", "(did you mean \"string\"?)");
    EXPECT_ISSUE("columns[2].data_type", "\"varchar(20)\" is not a data type Ferry knows");
}

TEST_F(ModelValidation, LastModifiedColumnMustBeATimestamp)
{
    Json model = WorkspaceFiles::model();
    model["columns"][3]["data_type"] = "date";
    addModel(model);
    validate();
    EXPECT_ISSUE("columns[3].data_type", "the last-modified column must be a timestamp, not \"date\"");
}

TEST_F(ModelValidation, OrganizationColumnIsRequiredForMultiTenantSources)
{
    Json model = WorkspaceFiles::model();
    model.erase("organization_column");
    addModel(model);
    validate();
    EXPECT_ISSUE("organization_column", "is required");
}

TEST_F(ModelValidation, OrganizationColumnMustBeAString)
{
    Json model = WorkspaceFiles::model();
    model["organization_column"] = "amount"; // typed decimal in the model
    addModel(model);
    validate();
    EXPECT_ISSUE("organization_column", "\"amount\" must be a string column");
}

TEST_F(ModelValidation, WriteModeMustBeKnown)
{
    Json bad = WorkspaceFiles::model();
    bad["write_mode"] = "apend";
    addModel(bad);
    Json good = WorkspaceFiles::model(QStringLiteral("good"));
    good["write_mode"] = "overwrite-delete-stale";
    addModel(good);
    validate();
    EXPECT_ISSUE("write_mode", "(did you mean \"append\"?)");
    EXPECT_EQ(m_report.errorCount(), 1) << describe().toStdString();
}

TEST_F(ModelValidation, ModelNameLongerThanDestinationsAllowIsAnError)
{
    addModel(WorkspaceFiles::model(QString(64, QLatin1Char('m'))));
    addModel(WorkspaceFiles::model(QString(63, QLatin1Char('n'))));
    validate();
    EXPECT_ISSUE("model_name", "is 64 bytes long; destination databases allow at most 63");
    EXPECT_EQ(m_report.errorCount(), 1) << describe().toStdString();
}

TEST_F(ModelValidation, ModelNameDefaultsToTheFileName)
{
    Json model = WorkspaceFiles::model();
    model.erase("model_name");
    add(ObjectKind::Model, model, QStringLiteral("page_views"));
    validate();
    EXPECT_NO_ERRORS();
    ASSERT_EQ(m_workspace.models.size(), 1);
    EXPECT_EQ(m_workspace.models[0].name, QStringLiteral("page_views"));
}

TEST_F(ModelValidation, WrongValueTypesAreReported)
{
    Json model = WorkspaceFiles::model();
    model["columns"][0]["is_primary_key"] = "yes";
    model["max_transfer_time_window_seconds"] = 0;
    model["min_start_time_epoch"] = 1.5;
    addModel(model);
    validate();
    EXPECT_ISSUE("columns[0].is_primary_key", "must be true or false, not a string");
    EXPECT_ISSUE("max_transfer_time_window_seconds", "must be between 60 and 3153600000, not 0");
    EXPECT_ISSUE("min_start_time_epoch", "must be an integer, not a fractional number");
}

// Issue 13: a window size or a start time outside its range once looped forever, or ran out of memory, or printed
// "0000-00-00T-1:-1:-1" and still delivered rows.
TEST_F(ModelValidation, WindowSizeHasARange)
{
    for (const qint64 seconds : {qint64(0), qint64(1), qint64(59), std::numeric_limits<qint64>::max()}) {
        m_report = {};
        m_workspace = {};
        SetUp();
        Json model = WorkspaceFiles::model();
        model["max_transfer_time_window_seconds"] = seconds;
        model["min_start_time_epoch"] = QDateTime::currentSecsSinceEpoch() - 86400;
        addModel(model);
        validate();
        EXPECT_ISSUE("max_transfer_time_window_seconds", "must be between 60 and");
        EXPECT_TRUE(describe().contains(QString::number(seconds))) << describe().toStdString();
    }
}

TEST_F(ModelValidation, MinStartTimeLiesBetween1970AndTomorrow)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const qint64 epoch : {std::numeric_limits<qint64>::max(), qint64(253402300800) /* year 10000 */, now + 2 * 86400}) {
        m_report = {};
        m_workspace = {};
        SetUp();
        Json model = WorkspaceFiles::model();
        model["min_start_time_epoch"] = epoch;
        addModel(model);
        validate();
        EXPECT_ISSUE("min_start_time_epoch", "must lie between 0 (1970-01-01) and");
        EXPECT_TRUE(describe().contains(QString::number(epoch))) << describe().toStdString();
    }
    m_report = {};
    m_workspace = {};
    SetUp();
    Json model = WorkspaceFiles::model();
    model["min_start_time_epoch"] = now + 3600; // a little ahead is fine
    addModel(model);
    validate();
    EXPECT_NO_ERRORS();
}

TEST_F(ModelValidation, TooManyWindowsNameTheFieldsThatChangeIt)
{
    Json model = WorkspaceFiles::model();
    model["max_transfer_time_window_seconds"] = 60; // from 1970: tens of millions of windows
    addModel(model);
    validate();
    EXPECT_ISSUE("max_transfer_time_window_seconds", "at most 100000 windows");
    EXPECT_ISSUE("max_transfer_time_window_seconds", "raise max_transfer_time_window_seconds to at least");
    EXPECT_ISSUE("max_transfer_time_window_seconds", "min_start_time_epoch");
    EXPECT_EQ(m_report.errorCount(), 1) << describe().toStdString();

    m_report = {};
    m_workspace = {};
    SetUp();
    model["min_start_time_epoch"] = QDateTime::currentSecsSinceEpoch() - 30 * 86400; // 43,200 windows
    addModel(model);
    validate();
    EXPECT_NO_ERRORS();
}

TEST_F(ModelValidation, MalformedJsonNamesFileLineAndColumn)
{
    addText(ObjectKind::Model, QStringLiteral("broken"), "{\n  \"model_name\": \"x\",\n  \"columns\": [,]\n}");
    validate();
    ASSERT_EQ(m_report.errorCount(), 1) << describe().toStdString();
    const ValidationIssue &issue = m_report.issues().first();
    EXPECT_EQ(issue.file, QStringLiteral("models/broken.json"));
    EXPECT_TRUE(issue.message.startsWith(QStringLiteral("invalid JSON at line 3, column 15: syntax error while parsing value"))) << issue.message.toStdString();
}

TEST_F(ModelValidation, EveryProblemIsReportedAtOnce)
{
    Json model = WorkspaceFiles::model();
    model["columns"][0]["is_primary_key"] = false;     // no primary key
    model["columns"][1]["name_in_destination"] = "from"; // reserved
    model["columns"][2]["data_type"] = "money";         // unknown type
    model["sourcetable"] = "x";                          // unknown key
    addModel(model);
    validate();
    EXPECT_EQ(m_report.errorCount(), 4) << describe().toStdString();
    for (const ValidationIssue &issue : m_report.issues())
        EXPECT_EQ(issue.file, QStringLiteral("models/events.json"));
}

// source_name / source_id resolution.
class SourceResolution : public ValidationFixture
{
};

TEST_F(SourceResolution, TheOnlySourceIsUsedWhenNoneIsNamed)
{
    addSource(WorkspaceFiles::source());
    addModel(WorkspaceFiles::model());
    validate();
    EXPECT_NO_ERRORS();
    EXPECT_EQ(m_workspace.sourceOf(m_workspace.models[0]), &m_workspace.sources[0]);
}

TEST_F(SourceResolution, SeveralSourcesRequireANameOrId)
{
    addSource(WorkspaceFiles::source(QStringLiteral("main")));
    addSource(WorkspaceFiles::source(QStringLiteral("replica")));
    addModel(WorkspaceFiles::model());
    Json named = WorkspaceFiles::model(QStringLiteral("named"));
    named["source_name"] = "replica";
    addModel(named);
    validate();
    EXPECT_ISSUE("source_name", "is required when the workspace has several sources (main, replica)");
    EXPECT_EQ(m_report.errorCount(), 1) << describe().toStdString();
}

TEST_F(SourceResolution, WrongSourceNameIsAnErrorWithHint)
{
    addSource(WorkspaceFiles::source(QStringLiteral("Example Production Source")));
    Json model = WorkspaceFiles::model();
    model["source_name"] = "Example Production Sourse";
    addModel(model);
    validate();
    EXPECT_ISSUE("source_name", "no source is named \"Example Production Sourse\" (did you mean \"Example Production Source\"?)");
}

TEST_F(SourceResolution, NameAndIdMustAgree)
{
    Json main = WorkspaceFiles::source(QStringLiteral("main"));
    main["id"] = "11111111-1111-4111-8111-111111111111";
    Json replica = WorkspaceFiles::source(QStringLiteral("replica"));
    replica["id"] = "22222222-2222-4222-8222-222222222222";
    addSource(main);
    addSource(replica);
    Json disagree = WorkspaceFiles::model(QStringLiteral("disagree"));
    disagree["source_name"] = "main";
    disagree["source_id"] = "22222222-2222-4222-8222-222222222222";
    addModel(disagree);
    Json agree = WorkspaceFiles::model(QStringLiteral("agree"));
    agree["source_name"] = "replica";
    agree["source_id"] = "22222222-2222-4222-8222-222222222222";
    addModel(agree);
    Json byId = WorkspaceFiles::model(QStringLiteral("by_id"));
    byId["source_id"] = "11111111-1111-4111-8111-111111111111";
    addModel(byId);
    Json unknownId = WorkspaceFiles::model(QStringLiteral("unknown_id"));
    unknownId["source_id"] = "33333333-3333-4333-8333-333333333333";
    addModel(unknownId);
    validate();
    EXPECT_ISSUE("source_id", "is the id of source \"replica\", but source_name says \"main\"");
    EXPECT_ISSUE("source_id", "no source has id \"33333333-3333-4333-8333-333333333333\"");
    EXPECT_EQ(m_report.errorCount(), 2) << describe().toStdString();
    EXPECT_EQ(m_workspace.sourceOf(*m_workspace.model(QStringLiteral("by_id")))->name, QStringLiteral("main"));
}

TEST_F(SourceResolution, SchemaTenantedSourceNeedsNoOrganizationColumn)
{
    Json source = WorkspaceFiles::source();
    source["tenancy"] = "schema_tenanted";
    addSource(source);
    Json model = WorkspaceFiles::model();
    model.erase("organization_column");
    addModel(model);
    validate();
    EXPECT_NO_ERRORS();
}

TEST_F(SourceResolution, NoSourceAtAllIsAnError)
{
    addModel(WorkspaceFiles::model());
    validate();
    EXPECT_ISSUE("source_name", "the workspace has no source");
}

} // namespace
} // namespace ferry::test
