// Connection fields Ferry cannot honour yet are refused by validate and apply, never silently ignored.
#include "validation_fixture.h"

#include "config/config_json.h"

namespace ferry::test {
namespace {

class ConnectionValidation : public ValidationFixture
{
protected:
    void SetUp() override
    {
        add(ObjectKind::Model, WorkspaceFiles::model(QStringLiteral("events")));
        add(ObjectKind::Product, WorkspaceFiles::product(QStringLiteral("core"), {QStringLiteral("events")}));
        add(ObjectKind::Recipient,
            WorkspaceFiles::recipient(QStringLiteral("acme"), QStringLiteral("t1"), {QStringLiteral("core")}));
    }
};

TEST_F(ConnectionValidation, SshTunnelIsRefusedUntilTunnelsAreBuilt)
{
    // Ferry would connect straight to host:port and send the password there.
    Json source = WorkspaceFiles::source(QStringLiteral("behind bastion"));
    source["ssh_tunnel"] = Json{{"host", "bastion.example.com"}, {"username", "ferry"}};
    add(ObjectKind::Source, source);
    Json destination = WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme"));
    destination.erase("path");
    destination.update(Json{{"vendor", "mysql"}, {"host", "db.acme.example"}, {"database", "acme"},
                            {"username", "ferry"}, {"password_env", "ACME_PASSWORD"},
                            {"ssh_tunnel", {{"host", "bastion.acme.example"}, {"username", "ferry"}}}});
    add(ObjectKind::Destination, destination);
    validate();
    EXPECT_ISSUE("ssh_tunnel", "SSH tunnels are not supported yet");
    EXPECT_EQ(m_report.errorCount(), 2) << describe().toStdString();
    EXPECT_TRUE(describe().contains(QStringLiteral("sources/behind bastion.json: ssh_tunnel: ")))
        << describe().toStdString();
    EXPECT_TRUE(describe().contains(QStringLiteral("destinations/acme db.json: ssh_tunnel: ")))
        << describe().toStdString();
}

TEST_F(ConnectionValidation, WorkspaceWithoutSshTunnelIsValid)
{
    add(ObjectKind::Source, WorkspaceFiles::source(QStringLiteral("direct")));
    add(ObjectKind::Destination, WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme")));
    validate();
    EXPECT_NO_ERRORS();
}

TEST_F(ConnectionValidation, PasswordInTheKeychainAndInAnEnvironmentVariableIsRefused)
{
    // One place for a password: a worker could otherwise use another password than the one the app saved.
    Json destination = WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme"));
    destination.erase("path");
    destination.update(Json{{"vendor", "postgres"}, {"host", "db.acme.example"}, {"database", "acme"},
                            {"username", "ferry"}, {"password_env", "ACME_PASSWORD"}, {"password_keychain", true}});
    add(ObjectKind::Source, WorkspaceFiles::source(QStringLiteral("direct")));
    add(ObjectKind::Destination, destination);
    validate();
    EXPECT_ISSUE("password_keychain", "password_env");
    EXPECT_EQ(m_report.errorCount(), 1) << describe().toStdString();
    EXPECT_TRUE(describe().contains(QStringLiteral("destinations/acme db.json: password_keychain: ")))
        << describe().toStdString();
}

TEST_F(ConnectionValidation, PasswordInTheKeychainIsValidAndExportedAsAReference)
{
    Json destination = WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme"));
    destination.erase("path");
    destination.update(Json{{"vendor", "postgres"}, {"host", "db.acme.example"}, {"database", "acme"},
                            {"username", "ferry"}, {"password_keychain", true}});
    add(ObjectKind::Source, WorkspaceFiles::source(QStringLiteral("direct")));
    add(ObjectKind::Destination, destination);
    validate();
    EXPECT_NO_ERRORS();
    ASSERT_EQ(m_workspace.destinations.size(), 1);
    EXPECT_TRUE(m_workspace.destinations.first().connection.usesKeychain());
    const Json exported = ConfigJson::toJson(m_workspace.destinations.first(), false);
    EXPECT_EQ(exported.value("password_keychain", false), true) << exported.dump();
    EXPECT_FALSE(exported.contains("password_env")) << exported.dump();
}

TEST_F(ConnectionValidation, PasswordInTheKeychainDoesNotApplyToSqlite)
{
    Json destination = WorkspaceFiles::destination(QStringLiteral("acme db"), QStringLiteral("acme"));
    destination["password_keychain"] = true;
    add(ObjectKind::Source, WorkspaceFiles::source(QStringLiteral("direct")));
    add(ObjectKind::Destination, destination);
    validate();
    EXPECT_ISSUE("password_keychain", "does not apply to a sqlite destination");
}

} // namespace
} // namespace ferry::test
