// A destination's password typed in its editor goes to the system keychain (a real Secret Service), never to the
// state database: Test connection and an in-app transfer read it from there, and its bytes are nowhere in the state
// database's files.
#include "editor_fixture.h"

#include "editors/connection_test_panel.h"
#include "editors/destination_editor.h"
#include "editors/field_binder.h"
#include "editors/password_field.h"
#include "support/test_keychain.h"
#include "support/test_servers.h"
#include "views/main_window.h"
#include "views/workspace_page.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

namespace ferry::ui {
namespace {

using namespace Qt::Literals::StringLiterals;

class PasswordKeychainTest : public EditorFixture
{
protected:
    void TearDown() override
    {
        if (m_pg && !m_user.isEmpty())
            adminExec({u"DROP OWNED BY %1"_s.arg(m_user), u"DROP ROLE %1"_s.arg(m_user)});
        m_pg.reset();
        EditorFixture::TearDown();
    }

    void adminExec(const QStringList &statements)
    {
        const QString failed = m_pg->exec(statements);
        ASSERT_TRUE(failed.isEmpty()) << failed.toStdString();
    }

    QByteArray stateFileBytes() const
    {
        QByteArray bytes;
        const QString path = m_dir.filePath(u"state.db"_s);
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
            QFile file(path + suffix);
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        return bytes;
    }

    std::unique_ptr<test::TemporaryPostgresDatabase> m_pg;
    QString m_user;
};

TEST_F(PasswordKeychainTest, TypedPasswordLivesInTheKeychainOnly)
{
    FERRY_REQUIRE_POSTGRES();
    FERRY_REQUIRE_KEYCHAIN();
    m_pg = std::make_unique<test::TemporaryPostgresDatabase>();
    ASSERT_TRUE(m_pg->isValid()) << m_pg->error().toStdString();
    const QString suffix = QUuid::createUuid().toString(QUuid::Id128);
    m_user = u"ui_kc_"_s + suffix.left(12);
    const QString password = u"typed-secret-"_s + suffix; // bytes to look for afterwards
    adminExec({u"CREATE ROLE %1 LOGIN PASSWORD '%2'"_s.arg(m_user, password), u"GRANT ALL ON SCHEMA public TO %1"_s.arg(m_user)});

    // A new destination, filled in the editor as a support engineer would.
    MainWindow *shown = window();
    ASSERT_TRUE(shown->workspacePage()->newObject(ObjectKind::Destination, u"Acme PG"_s));
    auto *editor = qobject_cast<DestinationEditor *>(shown->workspacePage()->editor());
    ASSERT_NE(editor, nullptr);
    editor->edit(u"recipient"_s, "Acme Corp");
    editor->edit(u"vendor"_s, "postgres");
    editor->edit(u"host"_s, m_pg->host().toStdString());
    editor->edit(u"port"_s, m_pg->port());
    editor->edit(u"database"_s, m_pg->name().toStdString());
    editor->edit(u"username"_s, m_user.toStdString());
    PasswordField *passwordField = editor->passwordField();
    passwordField->modeBox()->setCurrentIndex(0);
    Q_EMIT passwordField->modeBox()->activated(0); // System keychain, as a click chooses it
    EXPECT_EQ(editor->draft().value(u"password_keychain"_s), ObjectDraft::Json(true));
    QTest::keyClicks(passwordField->passwordEdit(), password);
    waitValidated(editor);
    EXPECT_TRUE(editor->issues().isEmpty()) << editor->issues().value(0).toString().toStdString();

    QSignalSpy stored(passwordField, &PasswordField::stored);
    ASSERT_TRUE(saveAndWait(editor)) << editor->bannerText().toStdString();
    ASSERT_TRUE(stored.count() > 0 || stored.wait(kWaitMs));
    ASSERT_TRUE(stored.first().at(0).toBool()) << passwordField->statusText().toStdString();
    EXPECT_TRUE(passwordField->passwordEdit()->text().isEmpty());

    // Test connection reads it from the keychain.
    QSignalSpy tested(editor->connectionTest(), &ConnectionTestPanel::finished);
    editor->connectionTest()->start();
    ASSERT_TRUE(tested.wait(kWaitMs));
    EXPECT_TRUE(tested.first().at(0).toBool()) << editor->connectionTest()->resultText().toStdString();
    saveScreenshot(shown, u"editor-destination-keychain"_s);

    // An in-app transfer reads it too, and delivers.
    m_workspace = storedWorkspace();
    const QString transfer = enqueue(u"Acme PG"_s);
    runQueue();
    EXPECT_EQ(status(transfer), u"SUCCESS"_s) << (record(transfer).error ? record(transfer).error->toString().toStdString() : std::string());

    // Nowhere in the state database: not in the objects, the history, the logs.
    EXPECT_FALSE(stateFileBytes().contains(password.toUtf8()));
}

} // namespace
} // namespace ferry::ui
