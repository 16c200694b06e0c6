// Rules for sources, products, recipients and destinations, and the references between objects.
#include "validation_fixture.h"

#include "config/name_rules.h"
#include "validate/workspace_reader.h"

#include <QDateTime>

#include <limits>

namespace ferry::test {
namespace {

class WorkspaceValidation : public ValidationFixture
{
protected:
    void SetUp() override
    {
        addSource(WorkspaceFiles::source());
        addModel(WorkspaceFiles::model(QStringLiteral("events")));
        add(ObjectKind::Product, WorkspaceFiles::product(QStringLiteral("core"), {QStringLiteral("events")}));
        add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("acme"), QStringLiteral("t1"), {QStringLiteral("core")}));
    }
};

TEST_F(WorkspaceValidation, CompleteWorkspaceIsValid)
{
    add(ObjectKind::Destination, WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme")));
    validate();
    EXPECT_TRUE(m_report.issues().isEmpty()) << describe().toStdString();
    EXPECT_EQ(m_workspace.modelNamesFor(m_workspace.destinations[0]), QStringList{QStringLiteral("events")});
}

TEST_F(WorkspaceValidation, DuplicateDestinationNamesAreAnError)
{
    add(ObjectKind::Destination, WorkspaceFiles::destination(QStringLiteral("Acme DB"), QStringLiteral("acme")),
        QStringLiteral("Acme DB"));
    add(ObjectKind::Destination, WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme")),
        QStringLiteral("acme db"));
    validate();
    EXPECT_ISSUE("name", "\"acme db\" is already the name of the destination in destinations/Acme DB.json");
    EXPECT_EQ(m_report.errorCount(), 1) << describe().toStdString();
}

TEST_F(WorkspaceValidation, ProductMustNameExistingModels)
{
    add(ObjectKind::Product, WorkspaceFiles::product(QStringLiteral("broken"), {QStringLiteral("event")}));
    validate();
    EXPECT_ISSUE("models[0]", "no model is named \"event\" (did you mean \"events\"?)");
}

TEST_F(WorkspaceValidation, RecipientMustNameExistingProducts)
{
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("globex"), QStringLiteral("t2"), {QStringLiteral("cor")}));
    validate();
    EXPECT_ISSUE("products[0]", "no product is named \"cor\" (did you mean \"core\"?)");
}

TEST_F(WorkspaceValidation, RecipientStartTimeOverrideHasARange)
{
    m_workspace.recipients.clear();
    Json acme = WorkspaceFiles::recipient(QStringLiteral("acme"), QStringLiteral("t1"), {QStringLiteral("core")});
    acme["default_full_refresh_min_start_time_epoch"] = std::numeric_limits<qint64>::max();
    add(ObjectKind::Recipient, acme);
    validate();
    EXPECT_ISSUE("default_full_refresh_min_start_time_epoch", "must lie between 0 (1970-01-01) and");
    ASSERT_FALSE(m_report.issues().isEmpty());
    EXPECT_EQ(m_report.issues().first().file, QStringLiteral("recipients/acme.json")) << describe().toStdString();
}

TEST_F(WorkspaceValidation, RecipientStartTimeOverrideMayNotCutTooManyWindows)
{
    m_workspace = {};
    addSource(WorkspaceFiles::source());
    Json events = WorkspaceFiles::model(QStringLiteral("events"));
    events["max_transfer_time_window_seconds"] = 3600;
    events["min_start_time_epoch"] = QDateTime::currentSecsSinceEpoch() - 86400; // fine on its own
    addModel(events);
    add(ObjectKind::Product, WorkspaceFiles::product(QStringLiteral("core"), {QStringLiteral("events")}));
    Json acme = WorkspaceFiles::recipient(QStringLiteral("acme"), QStringLiteral("t1"), {QStringLiteral("core")});
    acme["default_full_refresh_min_start_time_epoch"] = 0; // hourly windows since 1970: about 490,000
    add(ObjectKind::Recipient, acme);
    add(ObjectKind::Destination, WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme")));
    validate();
    EXPECT_ISSUE("default_full_refresh_min_start_time_epoch", "model \"events\"");
    EXPECT_ISSUE("default_full_refresh_min_start_time_epoch", "at most 100000 windows");
}

TEST_F(WorkspaceValidation, DestinationMustNameExistingRecipientAndProducts)
{
    Json destination = WorkspaceFiles::destination(QStringLiteral("d"), QStringLiteral("acmee"));
    destination["products"] = Json::array({"core", "nope"});
    add(ObjectKind::Destination, destination);
    validate();
    EXPECT_ISSUE("recipient", "no recipient is named \"acmee\" (did you mean \"acme\"?)");
    EXPECT_ISSUE("products[1]", "no product is named \"nope\"");
    EXPECT_EQ(m_report.errorCount(), 2) << describe().toStdString();
}

TEST_F(WorkspaceValidation, DestinationFieldsFollowItsVendor)
{
    Json sqlite = WorkspaceFiles::destination(QStringLiteral("lite"), QStringLiteral("acme"));
    sqlite.erase("path");
    sqlite["host"] = "db.example.com";
    sqlite["format"] = "csv";
    sqlite["frequency_minutes"] = 30;
    add(ObjectKind::Destination, sqlite);
    Json files = WorkspaceFiles::destination(QStringLiteral("files"), QStringLiteral("acme"));
    files["vendor"] = "object_storage";
    files["format"] = "parquet";
    files["frequency_minutes"] = 60;
    add(ObjectKind::Destination, files);
    validate();
    EXPECT_ISSUE("path", "is required for a sqlite destination");
    EXPECT_ISSUE("host", "does not apply to a sqlite destination");
    EXPECT_ISSUE("format", "applies only to object_storage and sftp destinations");
    EXPECT_ISSUE("frequency_minutes", "30 is not a schedule Ferry offers");
    EXPECT_ISSUE("format", "\"parquet\" is not one of csv, jsonl");
    EXPECT_EQ(m_report.errorCount(), 5) << describe().toStdString();
}

TEST_F(WorkspaceValidation, SourceRulesAndSecrets)
{
    Json source = WorkspaceFiles::source(QStringLiteral("second"));
    source["vendor"] = "postgress";
    source["password"] = "hunter2";
    source["password_env"] = "1BAD NAME";
    source["ssl_mode"] = "always";
    add(ObjectKind::Source, source);
    validate();
    EXPECT_ISSUE("vendor", "(did you mean \"postgres\"?)");
    EXPECT_ISSUE("password", "secrets never go in workspace files");
    EXPECT_ISSUE("ssl_mode", "\"always\" is not one of disable, prefer, require, verify-ca, verify-full");
    EXPECT_FALSE(describe().contains(QStringLiteral("hunter2"))) << "a secret leaked into a message";
}

TEST_F(WorkspaceValidation, SourceVendorNeedsItsConnectionFields)
{
    Json sqlite = Json{{"name", "lite"}, {"vendor", "sqlite"}, {"host", "x"}, {"ssh_tunnel", {{"host", "b"}, {"username", "u"}}}};
    add(ObjectKind::Source, sqlite);
    Json pg = Json{{"name", "pg"}, {"vendor", "postgres"}, {"password_env", "PG_PASS"}};
    add(ObjectKind::Source, pg);
    validate();
    EXPECT_ISSUE("path", "is required for a sqlite source");
    EXPECT_ISSUE("host", "does not apply to a sqlite source");
    EXPECT_ISSUE("ssh_tunnel", "does not apply to a sqlite source");
    EXPECT_ISSUE("host", "is required for a postgres source");
    EXPECT_ISSUE("database", "is required for a postgres source");
}

TEST_F(WorkspaceValidation, ObjectNamesFollowTheirPattern)
{
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("a/b"), QStringLiteral("t")), QStringLiteral("ab"));
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QString(129, QLatin1Char('r')), QStringLiteral("t")), QStringLiteral("long"));
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("tab\there"), QStringLiteral("t")), QStringLiteral("tab"));
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QString(128, QLatin1Char('k')), QStringLiteral("t")));
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("Example Production Customer"), QStringLiteral("t")));
    validate();
    EXPECT_ISSUE("name", "\"a/b\" contains '/'");
    EXPECT_ISSUE("name", "is 129 characters long; names have at most 128");
    EXPECT_ISSUE("name", "contains a control or unprintable character (U+0009)");
    EXPECT_EQ(m_report.errorCount(), 3) << describe().toStdString();
}

TEST_F(WorkspaceValidation, IdsMustBeUniqueUuids)
{
    Json bad = WorkspaceFiles::recipient(QStringLiteral("r1"), QStringLiteral("t"));
    bad["id"] = "not-a-uuid";
    add(ObjectKind::Recipient, bad);
    Json first = WorkspaceFiles::recipient(QStringLiteral("r2"), QStringLiteral("t"));
    first["id"] = "44444444-4444-4444-8444-444444444444";
    add(ObjectKind::Recipient, first);
    Json second = WorkspaceFiles::recipient(QStringLiteral("r3"), QStringLiteral("t"));
    second["id"] = "44444444-4444-4444-8444-444444444444";
    add(ObjectKind::Recipient, second);
    validate();
    EXPECT_ISSUE("id", "\"not-a-uuid\" is not a UUID");
    EXPECT_ISSUE("id", "is also the id of recipients/r2.json");
}

TEST_F(WorkspaceValidation, FileNamedDifferentlyFromItsObjectIsAWarning)
{
    add(ObjectKind::Product, WorkspaceFiles::product(QStringLiteral("extras"), {}), QStringLiteral("extra"));
    validate();
    EXPECT_TRUE(hasWarning(QStringLiteral("name"), QStringLiteral("export writes it as \"extras.json\"")))
        << describe().toStdString();
    EXPECT_NO_ERRORS();
}

TEST_F(WorkspaceValidation, FileNameExportShortenedIsNoMismatch)
{
    const QString name = QStringLiteral("\u65e5").repeated(120); // 360 bytes: no file can take it whole
    add(ObjectKind::Product, WorkspaceFiles::product(name, {}), WorkspaceReader::nameFromFileName(WorkspaceReader::fileNameFor(name)));
    validate();
    EXPECT_TRUE(m_report.issues().isEmpty()) << describe().toStdString();
}

TEST(WorkspaceFileName, NamesNoFileCanTakeAreShortenedWithAHash)
{
    EXPECT_EQ(WorkspaceReader::fileNameFor(QStringLiteral("acme db")), QStringLiteral("acme db.json"));
    EXPECT_TRUE(WorkspaceReader::fileNameFor(QStringLiteral(".hidden")).startsWith(QStringLiteral("_hidden~")));

    // 128 characters outside the BMP are 512 bytes: cut on a character, never between a surrogate pair's halves.
    const QString emoji = QStringLiteral("\U0001F600").repeated(128);
    const QString shortened = WorkspaceReader::fileNameFor(emoji);
    EXPECT_LE(shortened.toUtf8().size(), 255);
    EXPECT_GE(shortened.toUtf8().size(), 252);
    EXPECT_EQ(QString::fromUtf8(shortened.toUtf8()), shortened);
    EXPECT_FALSE(shortened.contains(QChar::ReplacementCharacter));
    EXPECT_TRUE(shortened.endsWith(QStringLiteral(".json")));

    // Two names alike up to the cut stay apart.
    const QString other = QStringLiteral("\U0001F600").repeated(127) + QLatin1Char('x');
    EXPECT_NE(WorkspaceReader::fileNameFor(other), shortened);
    EXPECT_EQ(WorkspaceReader::fileNameFor(emoji), shortened); // stable: export twice, same files
}

TEST_F(WorkspaceValidation, IssuesAreAttributedToTheirObject)
{
    add(ObjectKind::Product, WorkspaceFiles::product(QStringLiteral("broken"), {QStringLiteral("nope")}));
    validate();
    const QList<ValidationIssue> issues = m_report.issuesFor(ObjectKind::Product, QStringLiteral("broken"));
    ASSERT_EQ(issues.size(), 1) << describe().toStdString();
    EXPECT_EQ(issues[0].path, QStringLiteral("models[0]"));
}

TEST(NameRules, TagsMatchTheirPattern)
{
    EXPECT_TRUE(NameRules::isValidTag(QStringLiteral("team-data_2")));
    EXPECT_FALSE(NameRules::isValidTag(QStringLiteral("")));
    EXPECT_FALSE(NameRules::isValidTag(QStringLiteral("a b")));
    EXPECT_FALSE(NameRules::isValidTag(QStringLiteral("x';DROP")));
    EXPECT_FALSE(NameRules::isValidTag(QStringLiteral("é")));
}

} // namespace
} // namespace ferry::test
