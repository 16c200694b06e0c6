#pragma once

#include "config/object_kind.h"
#include "editors/object_draft.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ferry::ui {

class ObjectEditor;

// Where a connection's password lives: in the system keychain (typed here, never written to the state database,
// files or logs) or in an environment variable named here (for headless workers). A password typed for a new
// object is stored once the object is saved and has its id.
class PasswordField : public QWidget
{
    Q_OBJECT

public:
    PasswordField(ObjectEditor *editor, ObjectKind kind);

    // The draft's choice: password_keychain or password_env.
    void showDraft(const ObjectDraft &draft);
    // Stores the typed password under the saved object's id (after a save); nothing when none was typed.
    void storePending(const QString &objectId);
    bool hasPendingPassword() const;
    QString statusText() const;
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *variableEdit() const { return m_variable; }
    QComboBox *modeBox() const { return m_mode; }

Q_SIGNALS:
    void stored(bool ok);

private:
    void chooseMode(int index);
    void setStatus(const QString &text, const QString &tone);

    ObjectEditor *m_editor;
    ObjectKind m_kind;
    QComboBox *m_mode;
    QLineEdit *m_variable;
    QLineEdit *m_password;
    QPushButton *m_store;
    QLabel *m_status;
};

} // namespace ferry::ui
