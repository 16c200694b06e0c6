#include "dialogs/rewind_checkpoint_dialog.h"

#include "engine/window_planner.h"
#include "models/recipient_health_model.h"
#include "models/transfer_display.h"
#include "rows/canonical_value.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

QString utcText(const QString &canonical)
{
    return canonical.isEmpty() ? QString() : QStringLiteral("%1 UTC").arg(canonical);
}

} // namespace

RewindCheckpointDialog::RewindCheckpointDialog(const Workspace &workspace, const QString &destination,
                                               const QString &model, const Checkpoint &current, QWidget *parent,
                                               const QDateTime &now)
    : QDialog(parent), m_workspace(workspace), m_destination(destination), m_model(model), m_current(current),
      m_now(now.toUTC())
{
    setWindowTitle(QStringLiteral("Rewind Checkpoint"));
    const QDateTime currentTime = CanonicalValue::toDateTime(current.cursorValue.toLatin1());

    m_edit = new QDateTimeEdit(this);
    m_edit->setTimeSpec(Qt::LocalTime); // people think in their own time; the checkpoint is stored in UTC
    m_edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_edit->setCalendarPopup(true);
    m_utcLabel = new QLabel(this);
    m_utcLabel->setEnabled(false);
    auto *currentLabel = new QLabel(QStringLiteral("%1\n%2").arg(TransferDisplay::time(currentTime), utcText(current.cursorValue)), this);
    currentLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Destination:"), new QLabel(destination, this));
    form->addRow(QStringLiteral("Model:"), new QLabel(model, this));
    form->addRow(QStringLiteral("Current checkpoint:"), currentLabel);
    form->addRow(QStringLiteral("Rewind to (local time):"), m_edit);
    form->addRow(QString(), m_utcLabel);

    m_planLabel = new QLabel(this);
    m_planLabel->setWordWrap(true);
    m_problemLabel = new QLabel(this);
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: %1;").arg(TransferDisplay::statusColor(QStringLiteral("ERROR")).name()));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Rewind"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RewindCheckpointDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RewindCheckpointDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_planLabel);
    layout->addWidget(m_problemLabel);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_edit, &QDateTimeEdit::dateTimeChanged, this, [this] { update(); });
    // A day back is the usual "re-send since yesterday"; the user picks the real time.
    setTarget(currentTime.isValid() ? currentTime.addDays(-1) : m_now.addDays(-1));
}

void RewindCheckpointDialog::setTarget(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    m_edit->setDateTime(local.addMSecs(-local.time().msec())); // the editor shows whole seconds
    update();
}

QDateTime RewindCheckpointDialog::target() const
{
    return m_edit->dateTime().toUTC();
}

QString RewindCheckpointDialog::targetCanonical() const
{
    return QString::fromLatin1(CanonicalValue::timestamp(target()));
}

void RewindCheckpointDialog::accept()
{
    update();
    if (!isAcceptable())
        return;
    QDialog::accept();
}

void RewindCheckpointDialog::update()
{
    const QString to = targetCanonical();
    m_utcLabel->setText(utcText(to));
    m_problem.clear();
    m_planText.clear();
    m_windowCount = 0;

    const Destination *destination = m_workspace.destination(m_destination);
    const Model *model = m_workspace.model(m_model);
    const Source *source = model ? m_workspace.sourceOf(*model) : nullptr;
    const Recipient *recipient = destination ? m_workspace.recipient(destination->recipient) : nullptr;
    if (m_current.cursorValue.isEmpty()) {
        m_problem = QStringLiteral("%1 has no checkpoint at %2 yet: its next transfer is a backfill anyway.").arg(m_model, m_destination);
    } else if (to >= m_current.cursorValue) {
        // Canonical timestamps are fixed width, so text order is time order.
        m_problem = QStringLiteral("Pick a time before the current checkpoint (%1). A checkpoint only moves back: "
                                   "moving it forward would skip rows.")
                        .arg(TransferDisplay::time(CanonicalValue::toDateTime(m_current.cursorValue.toLatin1())));
    } else if (!destination || !model || !source || !recipient) {
        m_problem = QStringLiteral("%1 or its source, destination or recipient is no longer in the workspace.").arg(m_model);
    } else {
        Checkpoint rewound = m_current;
        rewound.cursorValue = to;
        rewound.runWindowStart.clear(); // a rewind forgets an unfinished run
        rewound.runWindowEnd.clear();
        rewound.runNextStart.clear();
        rewound.runWindowsDone = 0;
        PlanRequest request;
        request.now = m_now;
        const Result<ModelPlan> plan = WindowPlanner::plan(*model, *source, *recipient, rewound, request);
        if (!plan) {
            m_problem = plan.error().message + QStringLiteral(" (") + plan.error().hint + u')';
        } else {
            m_windowCount = int(plan->windows.size());
            const QString from = TransferDisplay::time(CanonicalValue::toDateTime(plan->rangeStart));
            const QString windows = plan->windowSeconds > 0
                                        ? QStringLiteral("%1 window(s) of at most %2")
                                              .arg(m_windowCount)
                                              .arg(RecipientHealthModel::lagText(plan->windowSeconds))
                                        : QStringLiteral("%1 window").arg(m_windowCount);
            m_planText = QStringLiteral("The next transfer to %1 re-sends %2 rows changed from %3 (the new checkpoint "
                                        "minus the source's %4 s lookback) until it starts: %5.")
                             .arg(m_destination, m_model, from)
                             .arg(source->effectiveLookbackSeconds())
                             .arg(windows);
            // What re-sending does to rows the recipient already has depends on where they land (SPEC section 2).
            if (destination->isFileBased())
                m_planText += QStringLiteral(" Files are never rewritten: those rows arrive again in new files.");
            else if (model->effectiveWriteMode() == QLatin1String("upsert"))
                m_planText += QStringLiteral(" Rows already there are updated, not duplicated.");
        }
    }
    m_planLabel->setText(m_planText);
    m_problemLabel->setText(m_problem);
    m_problemLabel->setVisible(!m_problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isAcceptable());
}

} // namespace ferry::ui
