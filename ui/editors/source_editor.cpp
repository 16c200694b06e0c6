#include "editors/source_editor.h"

#include "config/source.h"
#include "editors/connection_fields.h"
#include "editors/connection_test_panel.h"
#include "editors/field_binder.h"
#include "editors/password_field.h"

namespace ferry::ui {

SourceEditor::SourceEditor(EditorServices *services, QWidget *parent) : ObjectEditor(ObjectKind::Source, services, parent)
{
    FieldBinder &f = *fields();
    f.addText(QStringLiteral("name"), QStringLiteral("Name"), QStringLiteral("e.g. Production database"));
    f.addChoice(QStringLiteral("vendor"), QStringLiteral("Vendor"),
                {{QStringLiteral("postgres"), QStringLiteral("PostgreSQL")},
                 {QStringLiteral("mysql"), QStringLiteral("MySQL / MariaDB")},
                 {QStringLiteral("sqlite"), QStringLiteral("SQLite")}});
    m_password = new PasswordField(this, ObjectKind::Source);
    ConnectionFields::add(f, false, m_password);
    m_test = new ConnectionTestPanel(this, ConnectionTestPanel::Side::Source);
    f.addRow(QStringLiteral("#test"), QString(), m_test);
    f.addChoice(QStringLiteral("tenancy"), QStringLiteral("Tenancy"),
                {{QStringLiteral("multi_tenant_tables"), QStringLiteral("Shared tables, one organization column")},
                 {QStringLiteral("schema_tenanted"), QStringLiteral("One schema per recipient")}},
                QStringLiteral("Default (shared tables)"));
    f.addNumber(QStringLiteral("lookback_seconds"), QStringLiteral("Look-back"), 0, 86400 * 7,
                QStringLiteral("Vendor default"), QStringLiteral(" s"));
    f.addNumber(QStringLiteral("max_concurrent_transfers"), QStringLiteral("Transfers at once"), 1, 1000,
                QStringLiteral("Default (10)"));
    f.addNumber(QStringLiteral("max_concurrent_queries_per_transfer"), QStringLiteral("Queries per transfer"), 1, 64,
                QStringLiteral("Default (1)"));
}

void SourceEditor::draftChanged(const ObjectDraft &draft)
{
    ConnectionFields::showFor(*fields(), draft.text(QStringLiteral("vendor")), false);
    m_password->showDraft(draft);
}

} // namespace ferry::ui
