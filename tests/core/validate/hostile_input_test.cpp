// Issue 13, "errors that stay small and secret" and the configurations refused up front: input a careless or
// hostile user writes gets one clear, short error naming its file and field, and never echoes a secret.
#include "validation_fixture.h"

#include <QFile>
#include <QTemporaryDir>

namespace ferry::test {

class HostileInput : public ValidationFixture
{
protected:
    // The longest line any issue prints: bounded whatever the input's size.
    qsizetype longestIssue() const
    {
        qsizetype longest = 0;
        for (const ValidationIssue &issue : m_report.issues())
            longest = std::max(longest, issue.toString().size());
        return longest;
    }
};

TEST_F(HostileInput, APasswordPastedIntoPasswordEnvIsNeverEchoed)
{
    Json source = WorkspaceFiles::source(QStringLiteral("pasted"));
    source["password_env"] = "correct horse battery staple!";
    add(ObjectKind::Source, source);
    validate();
    EXPECT_ISSUE("password_env", "looks like a password");
    EXPECT_FALSE(describe().contains(QStringLiteral("horse"))) << describe().toStdString();
}

TEST_F(HostileInput, AHugeUnknownKeyGetsAShortErrorWithoutSuggestions)
{
    Json source = WorkspaceFiles::source(QStringLiteral("huge"));
    source[std::string(2 * 1024 * 1024, 'k')] = 1; // took 154 s in the "did you mean" search
    add(ObjectKind::Source, source);
    validate();
    ASSERT_EQ(m_report.errorCount(), 1) << describe().left(500).toStdString();
    const ValidationIssue &issue = m_report.issues().first();
    EXPECT_TRUE(issue.message.startsWith(QStringLiteral("unknown key"))) << issue.message.left(200).toStdString();
    EXPECT_FALSE(issue.message.contains(QStringLiteral("did you mean")));
    EXPECT_TRUE(issue.path.contains(QStringLiteral("2097152 characters"))) << issue.path.left(200).toStdString();
    EXPECT_LT(longestIssue(), 400);
}

TEST_F(HostileInput, AnUnterminatedHugeStringGivesAShortParseError)
{
    const QByteArray text = "{\"name\": \"x\", \"vendor\": \"" + QByteArray(50 * 1024 * 1024, 'v');
    addText(ObjectKind::Source, QStringLiteral("unterminated"), text);
    ASSERT_EQ(m_report.errorCount(), 1);
    EXPECT_TRUE(m_report.issues().first().message.startsWith(QStringLiteral("invalid JSON at line 1")))
        << m_report.issues().first().message.left(300).toStdString();
    EXPECT_LT(longestIssue(), 400);
}

TEST_F(HostileInput, LongValuesAreShownAsShortExcerpts)
{
    Json source = WorkspaceFiles::source(QStringLiteral("long"));
    source["ssl_mode"] = std::string(100000, 's');
    source["vendor"] = std::string(100000, 'p');
    add(ObjectKind::Source, source);
    validate();
    EXPECT_ISSUE("ssl_mode", "is not one of");
    EXPECT_ISSUE("vendor", "100000 characters");
    EXPECT_LT(longestIssue(), 600);
}

TEST_F(HostileInput, DuplicateKeysAreAnErrorNamingBothLines)
{
    addText(ObjectKind::Recipient, QStringLiteral("twice"),
            "{\n"
            "  \"name\": \"twice\",\n"
            "  \"id_in_provider_system\": \"acme\",\n"
            "  \"products\": [],\n"
            "  \"id_in_provider_system\": \"globex\"\n"
            "}\n");
    addText(ObjectKind::Model, QStringLiteral("nested"),
            "{\"model_name\": \"nested\", \"source_table\": \"t\", \"columns\": [\n"
            "  {\"name_in_source\": \"id\", \"data_type\": \"string\",\n"
            "   \"data_type\": \"integer\"}]}\n");
    validate();
    EXPECT_ISSUE("id_in_provider_system", "appears twice in one object, on lines 3 and 5");
    EXPECT_ISSUE("columns[0].data_type", "appears twice in one object, on lines 2 and 3");
}

TEST_F(HostileInput, ATenantIdWithAControlCharacterIsRefused)
{
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("nul"), QString::fromUtf8("acme\0zzz", 8)));
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("tab"), QStringLiteral("acme\tzzz")));
    add(ObjectKind::Recipient, WorkspaceFiles::recipient(QStringLiteral("spaced"), QStringLiteral("t1 ")));
    validate();
    EXPECT_ISSUE("id_in_provider_system", "control or unprintable character (U+0000)");
    EXPECT_ISSUE("id_in_provider_system", "control or unprintable character (U+0009)");
    EXPECT_EQ(m_report.errorCount(), 2) << describe().toStdString(); // a space is a character like any other
    for (const ValidationIssue &issue : m_report.issues())
        EXPECT_FALSE(issue.toString().contains(QChar(0)) || issue.toString().contains(QLatin1Char('\t'))) << describe().toStdString();
}

TEST(ValidationReportQuoted, ControlCharactersAreSpeltOutAndLongValuesCut)
{
    EXPECT_EQ(ValidationReport::quoted(QString::fromUtf8("a\0b\x1b[31m c", 10)), QStringLiteral("\"a\\u0000b\\u001b[31m c\""));
    EXPECT_EQ(ValidationReport::quoted(QString(100, QLatin1Char('x'))),
              QStringLiteral("\"") + QString(30, QLatin1Char('x')) + QStringLiteral("...\" (100 characters)"));
}

TEST_F(HostileInput, AnSqliteDestinationOrSourceNeedsAFile)
{
    for (const char *path : {"", "  ", ":memory:"}) {
        Json destination = WorkspaceFiles::destination(QStringLiteral("nowhere-%1").arg(std::strlen(path)), QStringLiteral("acme"));
        destination["vendor"] = "sqlite";
        destination["path"] = path;
        for (const char *key : {"host", "port", "database", "username", "password_env", "ssl_mode"})
            destination.erase(key);
        add(ObjectKind::Destination, destination);
    }
    add(ObjectKind::Source, Json{{"name", "memory"}, {"vendor", "sqlite"}, {"path", ":memory:"}});
    validate();
    int found = 0;
    for (const ValidationIssue &issue : m_report.issues())
        found += issue.path == QLatin1String("path") && issue.message.contains(QLatin1String("must name a database file")) ? 1 : 0;
    EXPECT_EQ(found, 4) << describe().toStdString();
}

TEST_F(HostileInput, ACertificatePathMustBeAnAbsolutePathAndNothingMore)
{
    int n = 0;
    for (const char *path : {"ca.pem", "/etc/ca.pem;port=1", "/etc/ca.pem\nsslmode=disable", ""}) {
        Json source = WorkspaceFiles::source(QStringLiteral("cert-%1").arg(++n));
        source["ssl_mode"] = "verify-full";
        source["ssl_root_cert"] = path;
        add(ObjectKind::Source, source);
    }
    Json fine = WorkspaceFiles::source(QStringLiteral("fine"));
    fine["ssl_mode"] = "verify-full";
    fine["ssl_root_cert"] = "/etc/ssl/certs/my ca.pem";
    add(ObjectKind::Source, fine);
    validate();
    EXPECT_ISSUE("ssl_root_cert", "must be an absolute path");
    EXPECT_ISSUE("ssl_root_cert", "must not contain ';'");
    EXPECT_ISSUE("ssl_root_cert", "control or unprintable character (U+000a)");
    EXPECT_EQ(m_report.errorCount(), 4) << describe().toStdString();
}

// A destination that is a source: a full refresh would rewrite the source's table. The same file through a symbolic
// link, the same server database and schema under another spelling of the host, are the same place.
TEST_F(HostileInput, ADestinationThatIsASourceIsRefused)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("source.db"));
    QFile touch(file);
    ASSERT_TRUE(touch.open(QIODevice::WriteOnly));
    touch.close();
    ASSERT_TRUE(QFile::link(file, dir.filePath(QStringLiteral("alias.db"))));
    add(ObjectKind::Source, Json{{"name", "lite"}, {"vendor", "sqlite"}, {"path", file.toStdString()}});
    Json pgSource = WorkspaceFiles::source(QStringLiteral("pg"));
    pgSource["host"] = "LocalHost";
    pgSource["database"] = "app";
    pgSource.erase("port");
    add(ObjectKind::Source, pgSource);

    auto destination = [&](const char *name, const char *vendor, const Json &fields) {
        Json json = WorkspaceFiles::destination(QLatin1String(name), QStringLiteral("acme"));
        for (const char *key : {"host", "port", "database", "username", "password_env", "ssl_mode", "schema", "path"})
            json.erase(key);
        json["vendor"] = vendor;
        json.update(fields);
        add(ObjectKind::Destination, json);
    };
    destination("through-link", "sqlite", Json{{"path", dir.filePath(QStringLiteral("alias.db")).toStdString()}});
    destination("same-file", "sqlite", Json{{"path", QString(dir.path() + QStringLiteral("/./source.db")).toStdString()}});
    destination("other-file", "sqlite", Json{{"path", dir.filePath(QStringLiteral("dest.db")).toStdString()}});
    const Json server{{"host", "127.0.0.1"}, {"port", 5432}, {"database", "app"}, {"username", "u"}};
    destination("same-schema", "postgres", server);
    Json otherSchema = server;
    otherSchema["schema"] = "delivered";
    destination("other-schema", "postgres", otherSchema);
    Json otherDatabase = server;
    otherDatabase["database"] = "customer";
    destination("other-database", "postgres", otherDatabase);
    validate();
    QStringList refused;
    for (const ValidationIssue &issue : m_report.issues()) {
        if (issue.message.contains(QLatin1String("a transfer would overwrite its tables")))
            refused << issue.file;
    }
    refused.sort();
    EXPECT_EQ(refused, (QStringList{QStringLiteral("destinations/same-file.json"), QStringLiteral("destinations/same-schema.json"),
                                    QStringLiteral("destinations/through-link.json")}))
        << describe().toStdString();
}

} // namespace ferry::test
