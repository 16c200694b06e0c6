#include "dialogs/run_transfer_dialog.h"

#include "loading/plan_previewer.h"
#include "models/transfer_display.h"
#include "models/transfer_plan_model.h"
#include "views/plan_table_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

constexpr int kPlanPauseMs = 400;
const QString kTimeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'");

QDateTimeEdit *utcEdit(const QDateTime &value, QWidget *parent)
{
    auto *edit = new QDateTimeEdit(value, parent);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(kTimeFormat);
    edit->setCalendarPopup(true);
    return edit;
}

} // namespace

RunTransferDialog::RunTransferDialog(std::shared_ptr<StateDatabase> state, const Workspace &workspace, QWidget *parent)
    : QDialog(parent),
      m_state(std::move(state)),
      m_workspace(workspace),
      m_previewer(new PlanPreviewer(this)),
      m_plan(new TransferPlanModel(this)),
      m_destination(new QComboBox(this)),
      m_allModels(new QCheckBox(QStringLiteral("Every model the destination receives"), this)),
      m_models(new QListWidget(this)),
      m_tags(new QLineEdit(this)),
      m_explicitWindow(new QCheckBox(QStringLiteral("Only this window (re-sends it; checkpoints do not move back)"), this)),
      m_fullRefresh(new QCheckBox(QStringLiteral("Full refresh: rebuild the tables from the source's history"), this)),
      m_problem(new QLabel(this)),
      m_planStatus(new QLabel(this)),
      m_planView(new PlanTableView(m_plan, this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_planSoon(new QTimer(this))
{
    setWindowTitle(QStringLiteral("Run Transfer Now"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_windowStart = utcEdit(now.addDays(-1), this);
    m_windowEnd = utcEdit(now, this);
    for (const Destination &destination : m_workspace.destinations)
        m_destination->addItem(QStringLiteral("%1  (%2, %3)").arg(destination.name, destination.recipient, destination.vendor),
                               destination.name);
    m_allModels->setChecked(true);
    m_models->setMaximumHeight(m_models->fontMetrics().height() * 4 + 12);
    m_models->setEnabled(false);
    m_tags->setPlaceholderText(QStringLiteral("key=value, key2=value2"));
    m_tags->setToolTip(QStringLiteral("Tags to find this transfer by later (Transfers page, `transfer list --tag`)"));
    m_windowStart->setEnabled(false);
    m_windowEnd->setEnabled(false);
    m_problem->setObjectName(QStringLiteral("requestProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                                 .arg(TransferDisplay::statusColor(QStringLiteral("ERROR")).name()));
    m_problem->hide();
    m_planStatus->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Enqueue"));
    m_planSoon->setSingleShot(true);
    m_planSoon->setInterval(kPlanPauseMs);

    auto *window = new QHBoxLayout;
    window->addWidget(m_windowStart);
    window->addWidget(new QLabel(QStringLiteral("to"), this));
    window->addWidget(m_windowEnd);
    window->addStretch(1);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(QStringLiteral("Destination:"), m_destination);
    form->addRow(QStringLiteral("Models:"), m_allModels);
    form->addRow(QString(), m_models);
    form->addRow(QStringLiteral("Tags:"), m_tags);
    form->addRow(QStringLiteral("Window:"), m_explicitWindow);
    form->addRow(QString(), window);
    form->addRow(QString(), m_fullRefresh);
    auto *planHeading = new QLabel(QStringLiteral("Plan (nothing is written until you enqueue)"), this);
    QFont bold = planHeading->font();
    bold.setBold(true);
    planHeading->setFont(bold);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(planHeading);
    layout->addWidget(m_planStatus);
    layout->addWidget(m_planView, 1);
    layout->addWidget(m_buttons);
    resize(820, 560);

    connect(m_destination, &QComboBox::currentIndexChanged, this, [this] {
        fillModels();
        validate();
    });
    connect(m_allModels, &QCheckBox::toggled, this, [this](bool all) {
        m_models->setEnabled(!all);
        validate();
    });
    connect(m_models, &QListWidget::itemChanged, this, &RunTransferDialog::validate);
    connect(m_tags, &QLineEdit::textChanged, this, &RunTransferDialog::validate);
    connect(m_explicitWindow, &QCheckBox::toggled, this, [this](bool on) {
        m_windowStart->setEnabled(on);
        m_windowEnd->setEnabled(on);
        validate();
    });
    connect(m_windowStart, &QDateTimeEdit::dateTimeChanged, this, &RunTransferDialog::validate);
    connect(m_windowEnd, &QDateTimeEdit::dateTimeChanged, this, &RunTransferDialog::validate);
    connect(m_fullRefresh, &QCheckBox::toggled, this, &RunTransferDialog::validate);
    connect(m_planSoon, &QTimer::timeout, this, &RunTransferDialog::startPlan);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::finished, m_previewer, &PlanPreviewer::cancel);
    connect(m_previewer, &PlanPreviewer::ready, this, [this](const TransferPreview &preview) {
        m_plan->setPreview(preview);
        const int errors = m_plan->errorCount();
        m_planStatus->setText(errors > 0 ? QStringLiteral("%1 model(s) cannot run as asked; see Notes.").arg(errors)
                                         : QStringLiteral("Ready: %1 model(s).").arg(preview.models.size()));
        Q_EMIT planShown();
    });
    connect(m_previewer, &PlanPreviewer::failed, this, [this](const Error &error) {
        m_plan->clear();
        m_planStatus->setText(QStringLiteral("No plan: %1").arg(error.toString()));
        Q_EMIT planShown();
    });
    fillModels();
    validate();
}

void RunTransferDialog::setDestination(const QString &name)
{
    const int index = m_destination->findData(name);
    if (index >= 0)
        m_destination->setCurrentIndex(index);
}

void RunTransferDialog::setModels(const QStringList &models)
{
    m_allModels->setChecked(models.isEmpty());
    for (int row = 0; row < m_models->count(); ++row) {
        QListWidgetItem *item = m_models->item(row);
        item->setCheckState(models.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
}

void RunTransferDialog::setFullRefresh(bool on)
{
    m_fullRefresh->setChecked(on);
}

void RunTransferDialog::fillModels()
{
    const QSignalBlocker blocker(m_models);
    m_models->clear();
    const Destination *destination = m_workspace.destination(m_destination->currentData().toString());
    if (!destination)
        return;
    for (const QString &model : m_workspace.modelNamesFor(*destination)) {
        auto *item = new QListWidgetItem(model, m_models);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
}

TransferOptions RunTransferDialog::options() const
{
    TransferOptions options;
    options.destination = m_destination->currentData().toString();
    options.fullRefresh = m_fullRefresh->isChecked();
    if (!m_allModels->isChecked()) {
        for (int row = 0; row < m_models->count(); ++row) {
            if (m_models->item(row)->checkState() == Qt::Checked)
                options.models << m_models->item(row)->text();
        }
    }
    for (const QString &part : m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        options.tags.insert(part.left(equals).trimmed(), equals < 0 ? QString() : part.mid(equals + 1).trimmed());
    }
    if (m_explicitWindow->isChecked()) {
        options.windowStart = m_windowStart->dateTime().toUTC().toString(Qt::ISODate);
        options.windowEnd = m_windowEnd->dateTime().toUTC().toString(Qt::ISODate);
    }
    return options;
}

void RunTransferDialog::validate()
{
    QString problem;
    if (m_destination->count() == 0) {
        problem = QStringLiteral("The workspace has no destination to run.");
    } else if (!m_allModels->isChecked() && options().models.isEmpty()) {
        problem = QStringLiteral("Choose at least one model, or every model.");
    } else {
        const Result<TransferRequest> built = TransferRequestBuilder::build(m_workspace, options());
        if (built)
            m_request = *built;
        else
            problem = built.error().message.isEmpty() ? built.error().title : built.error().message;
    }
    if (!problem.isEmpty())
        m_request.reset();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_request.has_value());
    m_previewer->cancel();
    m_plan->clear();
    if (m_request) {
        m_planStatus->setText(QStringLiteral("Computing the plan…"));
        m_planSoon->start();
    } else {
        m_planSoon->stop();
        m_planStatus->setText(QStringLiteral("No plan until the request is complete."));
    }
}

void RunTransferDialog::startPlan()
{
    if (!m_request || !m_state)
        return;
    m_planStatus->setText(QStringLiteral("Computing the plan (connecting to the source and the destination)…"));
    m_previewer->preview(m_state, m_workspace, *m_request);
}

QString RunTransferDialog::problemText() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

QString RunTransferDialog::planStatusText() const
{
    return m_planStatus->text();
}

bool RunTransferDialog::isPlanning() const
{
    return m_planSoon->isActive() || m_previewer->isBusy();
}

QPushButton *RunTransferDialog::enqueueButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

} // namespace ferry::ui
