#include "editors/password_field.h"

#include "editors/editor_style.h"
#include "editors/object_editor.h"
#include "secrets/secret_store.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {
constexpr int kKeychainMode = 0;
constexpr int kVariableMode = 1;
constexpr int kNoPasswordMode = 2;
} // namespace

PasswordField::PasswordField(ObjectEditor *editor, ObjectKind kind)
    : QWidget(editor), m_editor(editor), m_kind(kind), m_mode(new QComboBox(this)), m_variable(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_store(new QPushButton(QStringLiteral("Store in keychain"), this)),
      m_status(new QLabel(this))
{
    m_mode->setObjectName(QStringLiteral("passwordMode"));
    m_mode->addItem(QStringLiteral("System keychain (this desktop)"));
    m_mode->addItem(QStringLiteral("Environment variable (headless workers)"));
    m_mode->addItem(QStringLiteral("No password"));
    m_variable->setObjectName(QStringLiteral("password_env"));
    m_variable->setPlaceholderText(QStringLiteral("variable name, e.g. ACME_PG_PASSWORD"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(QStringLiteral("password (kept in the keychain only)"));
    m_status->setObjectName(QStringLiteral("passwordStatus"));
    m_status->setWordWrap(true);
    auto *keychainRow = new QHBoxLayout;
    keychainRow->addWidget(m_password, 1);
    keychainRow->addWidget(m_store);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_mode);
    layout->addWidget(m_variable);
    layout->addLayout(keychainRow);
    layout->addWidget(m_status);

    connect(m_mode, &QComboBox::activated, this, &PasswordField::chooseMode);
    connect(m_variable, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_editor->edit(QStringLiteral("password_env"), text.toStdString());
    });
    connect(m_password, &QLineEdit::textEdited, this, [this] {
        setStatus(m_editor->draft().id().isEmpty() ? QStringLiteral("Stored in the keychain when you save.")
                                                   : QStringLiteral("Not stored yet: press Store in keychain, or save."),
                  QStringLiteral("info"));
    });
    connect(m_store, &QPushButton::clicked, this, [this] { storePending(m_editor->draft().id()); });
    connect(m_editor, &ObjectEditor::savedAs, this, [this](ObjectKind, const QString &id, const QString &) { storePending(id); });
}

void PasswordField::showDraft(const ObjectDraft &draft)
{
    const bool keychain = draft.value(QStringLiteral("password_keychain")) == ObjectDraft::Json(true);
    const bool variable = !draft.text(QStringLiteral("password_env")).isEmpty();
    const QSignalBlocker blocker(m_mode);
    const int mode = keychain ? kKeychainMode : (variable || m_mode->currentIndex() == kVariableMode) ? kVariableMode : kNoPasswordMode;
    // An unsaved "variable" choice with the name still empty stays chosen while the user types it.
    m_mode->setCurrentIndex(keychain && variable ? kKeychainMode : mode);
    if (m_variable->text() != draft.text(QStringLiteral("password_env")))
        m_variable->setText(draft.text(QStringLiteral("password_env")));
    m_variable->setVisible(m_mode->currentIndex() == kVariableMode);
    m_password->setVisible(m_mode->currentIndex() == kKeychainMode);
    m_store->setVisible(m_mode->currentIndex() == kKeychainMode);
    m_store->setEnabled(!draft.id().isEmpty());
    m_store->setToolTip(draft.id().isEmpty() ? QStringLiteral("Save first: the entry is named after the saved object's id")
                                             : QStringLiteral("Store the typed password in the system keychain now"));
    if (m_mode->currentIndex() != kKeychainMode)
        setStatus({}, {});
}

void PasswordField::chooseMode(int index)
{
    ObjectDraft next = m_editor->draft();
    next = next.with(QStringLiteral("password_keychain"), index == kKeychainMode ? ObjectDraft::Json(true) : ObjectDraft::Json());
    if (index != kVariableMode)
        next = next.with(QStringLiteral("password_env"), ObjectDraft::Json());
    m_editor->replaceDraft(next.canonical(), QStringLiteral("password choice"));
    showDraft(m_editor->draft());
    if (index == kVariableMode)
        m_variable->setFocus();
    else if (index == kKeychainMode)
        m_password->setFocus();
}

bool PasswordField::hasPendingPassword() const
{
    return !m_password->text().isEmpty();
}

void PasswordField::storePending(const QString &objectId)
{
    if (m_password->text().isEmpty() || objectId.isEmpty() || m_mode->currentIndex() != kKeychainMode)
        return;
    const std::shared_ptr<SecretStore> store = SecretStore::installed();
    if (!store) {
        setStatus(QStringLiteral("No keychain in this process: use an environment variable instead."), QStringLiteral("error"));
        Q_EMIT stored(false);
        return;
    }
    setStatus(QStringLiteral("Storing in the keychain…"), QStringLiteral("info"));
    store->write(SecretStore::passwordKey(m_kind, objectId), m_password->text(), this, [this](const Status &status) {
        if (!status) {
            setStatus(QStringLiteral("Not stored: %1 (%2)").arg(status.error().title, status.error().message), QStringLiteral("error"));
            Q_EMIT stored(false);
            return;
        }
        m_password->clear(); // gone from the window as soon as the keychain holds it
        setStatus(QStringLiteral("Stored in the system keychain."), QStringLiteral("success"));
        Q_EMIT stored(true);
    });
}

QString PasswordField::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void PasswordField::setStatus(const QString &text, const QString &tone)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_status->setStyleSheet(tone == QLatin1String("error")     ? EditorStyle::problemTextStyle(true)
                            : tone == QLatin1String("success") ? QStringLiteral("color: %1;").arg(EditorStyle::successColor().name())
                                                               : QString());
}

} // namespace ferry::ui
