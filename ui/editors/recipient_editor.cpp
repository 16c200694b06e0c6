#include "editors/recipient_editor.h"

#include "editors/editor_services.h"
#include "editors/field_binder.h"
#include "models/object_display.h"
#include "models/transfer_display.h"

#include <QListWidget>

namespace ferry::ui {

RecipientEditor::RecipientEditor(EditorServices *services, QWidget *parent)
    : ObjectEditor(ObjectKind::Recipient, services, parent), m_destinations(new QListWidget)
{
    FieldBinder &f = *fields();
    f.addText(QStringLiteral("name"), QStringLiteral("Name"), QStringLiteral("e.g. Acme Corp"));
    f.addText(QStringLiteral("id_in_provider_system"), QStringLiteral("Tenant id"),
              QStringLiteral("the value of the organization column in this customer's rows"));
    f.addChecklist(QStringLiteral("products"), QStringLiteral("Products"));
    f.setHint(QStringLiteral("products"),
              QStringLiteral("None ticked: every model, unless a destination of this recipient lists its own products."));
    f.addNumber(QStringLiteral("default_full_refresh_min_start_time_epoch"), QStringLiteral("History from"), 0,
                std::numeric_limits<int>::max(), QStringLiteral("Each model's own start"), QStringLiteral(" (epoch s)"));
    m_destinations->setObjectName(QStringLiteral("recipientDestinations"));
    m_destinations->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_destinations->setFixedHeight(4 * (m_destinations->fontMetrics().height() + 8));
    m_destinations->setSelectionMode(QAbstractItemView::NoSelection);
    f.addRow(QStringLiteral("#destinations"), QStringLiteral("Destinations"), m_destinations);
    refreshChoices();
}

void RecipientEditor::refreshChoices()
{
    fields()->setChecklistItems(QStringLiteral("products"), services()->workspace().names(ObjectKind::Product));
    fields()->refresh(draft());
    draftChanged(draft());
}

void RecipientEditor::draftChanged(const ObjectDraft &)
{
    // Destinations point at a recipient by its saved name.
    m_destinations->clear();
    const QString name = saved().name();
    const QHash<QString, TransferSummary> &health = services()->destinationHealth();
    for (const Destination &destination : services()->workspace().destinations) {
        if (destination.recipient != name || name.isEmpty())
            continue;
        QString text = QStringLiteral("%1 · %2").arg(destination.name, destination.vendor);
        auto *item = new QListWidgetItem(ObjectDisplay::kindIcon(ObjectKind::Destination), text, m_destinations);
        const auto last = health.constFind(destination.name);
        if (last != health.cend()) {
            item->setText(text + QStringLiteral(" · last transfer %1 %2")
                                     .arg(TransferDisplay::statusText(last->status),
                                          TransferDisplay::relativeTime(last->endedAt.isValid() ? last->endedAt : last->submittedAt)));
            item->setForeground(TransferDisplay::statusColor(last->status));
        }
    }
    if (m_destinations->count() == 0)
        new QListWidgetItem(QStringLiteral("No destination yet"), m_destinations);
}

} // namespace ferry::ui
