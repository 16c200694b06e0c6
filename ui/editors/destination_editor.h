#pragma once

#include "editors/object_editor.h"

namespace ferry::ui {

class ConnectionTestPanel;
class PasswordField;

// A destination: whose it is, where it is, what it receives, and when (the schedule), with Test connection.
class DestinationEditor : public ObjectEditor
{
    Q_OBJECT

public:
    explicit DestinationEditor(EditorServices *services, QWidget *parent = nullptr);
    ConnectionTestPanel *connectionTest() const { return m_test; }
    PasswordField *passwordField() const { return m_password; }
    // Refills the recipient and product choices from the loaded workspace.
    void refreshChoices() override;

protected:
    void draftChanged(const ObjectDraft &draft) override;

private:
    ConnectionTestPanel *m_test;
    PasswordField *m_password;
};

} // namespace ferry::ui
