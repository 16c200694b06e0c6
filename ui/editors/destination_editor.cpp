#include "editors/destination_editor.h"

#include "config/destination.h"
#include "editors/connection_fields.h"
#include "editors/connection_test_panel.h"
#include "editors/editor_services.h"
#include "editors/field_binder.h"
#include "editors/password_field.h"
#include "models/transfer_display.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace ferry::ui {

namespace {

QString frequencyText(int minutes)
{
    switch (minutes) {
    case 0:
        return QStringLiteral("Workspace default");
    case 15:
        return QStringLiteral("Every 15 minutes");
    case 60:
        return QStringLiteral("Every hour");
    case 1440:
        return QStringLiteral("Once a day");
    default:
        return QStringLiteral("Every %1 hours").arg(minutes / 60);
    }
}

} // namespace

DestinationEditor::DestinationEditor(EditorServices *services, QWidget *parent)
    : ObjectEditor(ObjectKind::Destination, services, parent)
{
    FieldBinder &f = *fields();
    f.addText(QStringLiteral("name"), QStringLiteral("Name"), QStringLiteral("e.g. acme-warehouse"));
    f.addChoice(QStringLiteral("recipient"), QStringLiteral("Recipient"), {});
    f.addChoice(QStringLiteral("vendor"), QStringLiteral("Vendor"),
                {{QStringLiteral("postgres"), QStringLiteral("PostgreSQL")},
                 {QStringLiteral("mysql"), QStringLiteral("MySQL / MariaDB")},
                 {QStringLiteral("sqlite"), QStringLiteral("SQLite file")},
                 {QStringLiteral("object_storage"), QStringLiteral("Folder of files")},
                 {QStringLiteral("sftp"), QStringLiteral("SFTP server")}});
    m_password = new PasswordField(this, ObjectKind::Destination);
    ConnectionFields::add(f, true, m_password);
    m_test = new ConnectionTestPanel(this, ConnectionTestPanel::Side::Destination);
    f.addRow(QStringLiteral("#test"), QString(), m_test);
    f.addChoice(QStringLiteral("format"), QStringLiteral("File format"),
                {{QStringLiteral("jsonl"), QStringLiteral("JSON lines")}, {QStringLiteral("csv"), QStringLiteral("CSV")}},
                QStringLiteral("Default (JSON lines)"));
    f.addChoice(QStringLiteral("compression"), QStringLiteral("Compression"),
                {{QStringLiteral("gzip"), QStringLiteral("gzip")}, {QStringLiteral("none"), QStringLiteral("none")}},
                QStringLiteral("Default (gzip)"));
    f.addChecklist(QStringLiteral("products"), QStringLiteral("Products"));
    f.setHint(QStringLiteral("products"), QStringLiteral("None ticked: its recipient's products, else every model."));
    f.addFlag(QStringLiteral("enabled"), QStringLiteral("Schedule"), QStringLiteral("Deliver automatically"));
    FieldBinder::Choices frequencies;
    for (int minutes : Destination::frequencies())
        frequencies.append({minutes, frequencyText(minutes)});
    f.addChoice(QStringLiteral("frequency_minutes"), QStringLiteral("Every"), frequencies, QStringLiteral("Default (once a day)"));
    f.addNumber(QStringLiteral("max_concurrent_transfers"), QStringLiteral("Transfers at once"), 1, 100,
                QStringLiteral("Default (1)"));
    f.addNumber(QStringLiteral("max_concurrent_queries_per_transfer"), QStringLiteral("Queries per transfer"), 1, 64,
                QStringLiteral("Default (1)"));
    refreshChoices();
}

void DestinationEditor::refreshChoices()
{
    const Workspace &workspace = services()->workspace();
    if (auto *recipients = qobject_cast<QComboBox *>(fields()->field(QStringLiteral("recipient")))) {
        const QSignalBlocker blocker(recipients);
        recipients->clear();
        recipients->addItem(QStringLiteral("Choose a recipient…"), QVariant());
        for (const QString &name : workspace.names(ObjectKind::Recipient))
            recipients->addItem(name, name);
    }
    fields()->setChecklistItems(QStringLiteral("products"), workspace.names(ObjectKind::Product));
    fields()->refresh(draft());
    draftChanged(draft());
}

void DestinationEditor::draftChanged(const ObjectDraft &draft)
{
    const QString vendor = draft.text(QStringLiteral("vendor"));
    ConnectionFields::showFor(*fields(), vendor, true);
    m_password->showDraft(draft);
    const bool files = vendor == QLatin1String("object_storage") || vendor == QLatin1String("sftp");
    fields()->setRowVisible(QStringLiteral("format"), files);
    fields()->setRowVisible(QStringLiteral("compression"), files);
    const auto last = services()->destinationHealth().constFind(saved().name());
    if (last == services()->destinationHealth().cend())
        setStatusLine({});
    else
        setStatusLine(TransferDisplay::lastTransferText(*last), TransferDisplay::statusColor(last->status),
                      TransferDisplay::isFailure(last->status));
    const ObjectDraft::Json enabled = draft.value(QStringLiteral("enabled"));
    if (auto *every = fields()->field(QStringLiteral("frequency_minutes")))
        every->setEnabled(enabled.is_boolean() && enabled.get<bool>());
}

} // namespace ferry::ui
