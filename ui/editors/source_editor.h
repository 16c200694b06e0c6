#pragma once

#include "editors/object_editor.h"

namespace ferry::ui {

class ConnectionTestPanel;
class PasswordField;

// A source: its vendor, connection, tenancy and limits, with Test connection.
class SourceEditor : public ObjectEditor
{
    Q_OBJECT

public:
    explicit SourceEditor(EditorServices *services, QWidget *parent = nullptr);
    ConnectionTestPanel *connectionTest() const { return m_test; }
    PasswordField *passwordField() const { return m_password; }

protected:
    void draftChanged(const ObjectDraft &draft) override;

private:
    ConnectionTestPanel *m_test;
    PasswordField *m_password;
};

} // namespace ferry::ui
