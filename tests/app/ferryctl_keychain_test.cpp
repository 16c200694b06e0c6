// ferryctl and password_keychain: without a reachable keychain it says so, naming the object and what to do, and
// exits 1; with one (the Secret Service scripts/test starts), `password set|remove` manage the object's entry and
// connections read it.
#include "ferryctl_fixture.h"
#include "support/test_keychain.h"

#include "secrets/secret_store.h"

#include <QProcessEnvironment>
#include <QRegularExpression>

namespace ferry::test {
namespace {

using namespace Qt::Literals::StringLiterals;

class FerryctlKeychain : public Ferryctl
{
protected:
    void SetUp() override
    {
        Ferryctl::SetUp();
        // Nothing listens on port 1: a connection that got its password fails connecting, not before.
        Json source = WorkspaceFiles::source(u"main"_s);
        source.erase("password_env");
        source.update(Json{{"host", "127.0.0.1"}, {"port", 1}, {"password_keychain", true}, {"ssl_mode", "disable"}});
        WorkspaceFiles::write(m_workspace, u"sources/main.json"_s, source);
        const CommandRun applied = ferryctl({u"apply"_s, m_workspace});
        ASSERT_EQ(applied.exitCode, 0) << applied.text();
    }

    CommandRun run(const QStringList &arguments, const QProcessEnvironment &environment, const QByteArray &input = {})
    {
        return ferryctl(arguments, true, input, environment);
    }

    // A headless worker's environment: no D-Bus session bus to find (nor an X display to start one from).
    QProcessEnvironment withoutSessionBus()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"DBUS_SESSION_BUS_ADDRESS"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s})
            environment.remove(name);
        const QString runtime = m_dir.filePath(u"runtime-without-bus"_s);
        QDir().mkpath(runtime);
        environment.insert(u"XDG_RUNTIME_DIR"_s, runtime);
        return environment;
    }
};

TEST_F(FerryctlKeychain, WithoutAReachableKeychainItSaysWhereThePasswordIsAndExits1)
{
    const CommandRun tested = run({u"source"_s, u"test"_s, u"main"_s}, withoutSessionBus());
    EXPECT_EQ(tested.exitCode, 1) << tested.text();
    EXPECT_TRUE(tested.all().contains(
        u"source \"main\": its password is kept in the desktop keychain, which this process cannot reach (no Secret "
        "Service on the D-Bus session bus, DBUS_SESSION_BUS_ADDRESS is not set: "_s))
        << tested.text();
    EXPECT_TRUE(tested.all().contains(u"run the transfer from the Ferry app on that desktop"_s)) << tested.text();
    EXPECT_TRUE(tested.all().contains(u"password_env"_s)) << tested.text();

    const CommandRun saved = run({u"password"_s, u"set"_s, u"source"_s, u"main"_s}, withoutSessionBus(), "pw\n");
    EXPECT_EQ(saved.exitCode, 1) << saved.text();
    EXPECT_TRUE(saved.err.contains(u"source \"main\": "_s)) << saved.text();
    EXPECT_TRUE(saved.err.contains(u"password_env for headless workers"_s)) << saved.text();
}

TEST_F(FerryctlKeychain, PasswordSetSavesTheObjectsEntryThatConnectionsReadAndRemoveDeletesIt)
{
    FERRY_REQUIRE_KEYCHAIN();
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString password = u"s3cret-from-stdin"_s;
    const CommandRun saved = run({u"password"_s, u"set"_s, u"source"_s, u"main"_s}, environment, password.toUtf8() + '\n');
    ASSERT_EQ(saved.exitCode, 0) << saved.text();
    EXPECT_FALSE(saved.all().contains(password)) << saved.text();
    const QRegularExpressionMatch entry = QRegularExpression(u"entry (source/[0-9a-f-]{36})"_s).match(saved.out);
    ASSERT_TRUE(entry.hasMatch()) << saved.text();
    const QString key = entry.captured(1);
    const Result<QString> stored = SecretStore::installed()->readNow(key);
    ASSERT_TRUE(stored.ok()) << stored.error().toString().toStdString();
    EXPECT_EQ(*stored, password);

    // The connection got its password and went on to the server (nobody listens there).
    const CommandRun tested = run({u"source"_s, u"test"_s, u"main"_s}, environment);
    EXPECT_EQ(tested.exitCode, 1) << tested.text();
    EXPECT_FALSE(tested.all().contains(u"keychain"_s)) << tested.text();
    EXPECT_TRUE(tested.all().contains(u"127.0.0.1:1"_s)) << tested.text();
    EXPECT_FALSE(tested.all().contains(password)) << tested.text();

    const CommandRun removed = run({u"password"_s, u"remove"_s, u"source"_s, u"main"_s}, environment);
    ASSERT_EQ(removed.exitCode, 0) << removed.text();
    const Result<QString> gone = SecretStore::installed()->readNow(key);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, u"FERRY-KEYCHAIN-NO-ENTRY"_s);

    const CommandRun missing = run({u"source"_s, u"test"_s, u"main"_s}, environment);
    EXPECT_EQ(missing.exitCode, 1) << missing.text();
    EXPECT_TRUE(missing.all().contains(u"but the keychain has no entry \"%1\""_s.arg(key))) << missing.text();
}

TEST_F(FerryctlKeychain, PasswordNeedsAKnownObjectAndAKind)
{
    const CommandRun unknown = run({u"password"_s, u"set"_s, u"destination"_s, u"nobody"_s},
                                   QProcessEnvironment::systemEnvironment(), "pw\n");
    EXPECT_EQ(unknown.exitCode, 2) << unknown.text();
    EXPECT_TRUE(unknown.err.contains(u"no destination named \"nobody\""_s)) << unknown.text();
    const CommandRun badKind = run({u"password"_s, u"set"_s, u"model"_s, u"events"_s},
                                   QProcessEnvironment::systemEnvironment(), "pw\n");
    EXPECT_EQ(badKind.exitCode, 2) << badKind.text();
}

} // namespace
} // namespace ferry::test
