#include "dialogs/full_refresh_dialog.h"

#include "loading/plan_previewer.h"
#include "models/transfer_display.h"
#include "models/transfer_plan_model.h"
#include "views/plan_table_view.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry::ui {

QString FullRefreshDialog::impactFor(const QString &vendor)
{
    if (vendor == QLatin1String("object_storage") || vendor == QLatin1String("sftp")) {
        return QStringLiteral("Nothing is deleted. Every row is written again, from the start of the source's history, "
                              "as new files with new manifests: readers see each row twice (the old files and the new "
                              "ones) unless they keep only the newest manifest.");
    }
    return QStringLiteral("Each table is rebuilt from the start of the source's history, aside, and swapped in at "
                          "the end in one short transaction: readers keep the current rows until then and never see "
                          "an empty table. Rows the source no longer holds (deleted there, or older than its retained "
                          "history) disappear from the destination.");
}

FullRefreshDialog::FullRefreshDialog(std::shared_ptr<StateDatabase> state, const Workspace &workspace,
                                     const QString &destination, const QString &model, QWidget *parent)
    : QDialog(parent),
      m_state(std::move(state)),
      m_destination(destination),
      m_model(model),
      m_previewer(new PlanPreviewer(this)),
      m_plan(new TransferPlanModel(this)),
      m_impact(new QLabel(this)),
      m_planStatus(new QLabel(this)),
      m_planView(new PlanTableView(m_plan, this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    const Destination *target = workspace.destination(destination);
    const QString vendor = target ? target->vendor : QString();
    setWindowTitle(model.isEmpty() ? QStringLiteral("Full Refresh of %1").arg(destination)
                                   : QStringLiteral("Full Refresh of %1 at %2").arg(model, destination));
    m_request.destinationId = target ? target->id : QString();
    m_request.destinationName = destination;
    m_request.recipientName = target ? target->recipient : QString();
    m_request.fullRefresh = true;
    if (!model.isEmpty())
        m_request.models = {model};

    auto *heading = new QLabel(this);
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    heading->setText(model.isEmpty()
                         ? QStringLiteral("Every model of %1 (%2, recipient %3) will be delivered again from the start.")
                               .arg(destination, vendor, m_request.recipientName)
                         : QStringLiteral("Model %1 will be delivered again from the start to %2 (%3).")
                               .arg(model, destination, vendor));
    m_impact->setObjectName(QStringLiteral("refreshImpact"));
    m_impact->setWordWrap(true);
    m_impact->setTextFormat(Qt::PlainText);
    m_impact->setText(impactFor(vendor));
    const QColor warning = TransferDisplay::statusColor(QStringLiteral("PARTIAL_FAILURE"));
    // A tinted box with a strong left edge: reads on light and dark palettes, and not by colour alone.
    m_impact->setStyleSheet(QStringLiteral("QLabel#refreshImpact { border: 1px solid %1; border-left: 4px solid %1; "
                                           "border-radius: 3px; padding: 6px 8px; background: rgba(%2, %3, %4, 24); }")
                                .arg(warning.name())
                                .arg(warning.red())
                                .arg(warning.green())
                                .arg(warning.blue()));
    m_planStatus->setWordWrap(true);
    m_planStatus->setText(QStringLiteral("Counting the rows each table holds now and what the source will send…"));

    QPushButton *refresh = m_buttons->addButton(QStringLiteral("Full Refresh"), QDialogButtonBox::AcceptRole);
    refresh->setObjectName(QStringLiteral("confirmRefresh"));
    refresh->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_impact);
    layout->addWidget(m_planStatus);
    layout->addWidget(m_planView, 1);
    if (needsTypedConfirmation()) {
        auto *prompt = new QLabel(QStringLiteral("Type the destination's name, %1, to confirm:").arg(destination), this);
        prompt->setTextFormat(Qt::PlainText);
        m_confirm = new QLineEdit(this);
        m_confirm->setObjectName(QStringLiteral("refreshConfirmation"));
        m_confirm->setPlaceholderText(destination);
        layout->addWidget(prompt);
        layout->addWidget(m_confirm);
        connect(m_confirm, &QLineEdit::textChanged, this, &FullRefreshDialog::updateButton);
    }
    layout->addWidget(m_buttons);
    resize(760, 480);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::finished, m_previewer, &PlanPreviewer::cancel);
    connect(m_previewer, &PlanPreviewer::ready, this, [this](const TransferPreview &preview) {
        m_plan->setPreview(preview);
        qint64 held = 0, sent = 0;
        for (const ModelPreview &item : preview.models) {
            held += qMax<qint64>(0, item.rowsReplaced);
            sent += qMax<qint64>(0, item.estimatedTotal);
        }
        m_planStatus->setText(QStringLiteral("The destination holds %1 row(s) now; the source will send about %2.")
                                  .arg(TransferDisplay::count(held), TransferDisplay::count(sent)) +
                              (sent < held ? QStringLiteral(" About %1 row(s) will be gone afterwards.")
                                                 .arg(TransferDisplay::count(held - sent))
                                           : QString()));
        Q_EMIT planShown();
    });
    connect(m_previewer, &PlanPreviewer::failed, this, [this](const Error &error) {
        m_planStatus->setText(QStringLiteral("Could not count the rows: %1").arg(error.toString()));
        Q_EMIT planShown();
    });
    updateButton();
    if (target && m_state)
        m_previewer->preview(m_state, workspace, m_request);
    else
        m_planStatus->setText(QStringLiteral("No destination called %1 in the workspace.").arg(destination));
}

void FullRefreshDialog::updateButton()
{
    const bool confirmed = !needsTypedConfirmation() || m_confirm->text().trimmed() == m_destination;
    refreshButton()->setEnabled(confirmed && !m_request.destinationId.isEmpty());
}

QPushButton *FullRefreshDialog::refreshButton() const
{
    return findChild<QPushButton *>(QStringLiteral("confirmRefresh"));
}

QString FullRefreshDialog::impactText() const
{
    return m_impact->text();
}

QString FullRefreshDialog::planStatusText() const
{
    return m_planStatus->text();
}

} // namespace ferry::ui
