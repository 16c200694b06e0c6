// Connection fields Ferry cannot honour yet are refused by validate and apply, never silently ignored.
#include "validation_fixture.h"

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

} // namespace
} // namespace ferry::test
