#include "views/recipient_detail_pane.h"

#include "models/recent_transfers_model.h"
#include "models/recipient_health_model.h"
#include "models/transfer_display.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPalette>
#include <QTreeView>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

using Kind = RecipientHealthModel::Kind;

QString errorBlock(const Error &error, const TransferRecord &record)
{
    QString text = QStringLiteral("%1 — %2").arg(error.code, error.title);
    if (!error.message.isEmpty())
        text += u'\n' + error.message;
    if (!error.hint.isEmpty())
        text += QStringLiteral("\nHint: ") + error.hint;
    const QDateTime when = record.endedAt.isValid() ? record.endedAt : record.submittedAt;
    text += QStringLiteral("\nTransfer %1, %2 (%3)").arg(record.id, TransferDisplay::relativeTime(when), TransferDisplay::time(when));
    return text;
}

} // namespace

RecipientDetailPane::RecipientDetailPane(const RecipientHealthModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_recentModel(new RecentTransfersModel(this))
{
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_subtitle = new QLabel(this);
    QPalette quiet = m_subtitle->palette(); // secondary, yet readable (disabled text is too faint for facts)
    quiet.setColor(QPalette::WindowText, quiet.color(QPalette::PlaceholderText).darker(130));
    m_subtitle->setPalette(quiet);
    m_subtitle->setWordWrap(true);

    m_form = new QFormLayout;
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_status = valueLabel();
    m_error = valueLabel();
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(TransferDisplay::statusColor(QStringLiteral("ERROR")).name()));
    m_nextRun = valueLabel();
    m_checkpoint = valueLabel();
    m_lag = valueLabel();
    m_lastSuccess = valueLabel();
    m_warnings = valueLabel();
    m_form->addRow(QStringLiteral("Status:"), m_status);
    m_form->addRow(QStringLiteral("Last error:"), m_error);
    m_form->addRow(QStringLiteral("Next run:"), m_nextRun);
    m_form->addRow(QStringLiteral("Checkpoint:"), m_checkpoint);
    m_form->addRow(QStringLiteral("Lag:"), m_lag);
    m_form->addRow(QStringLiteral("Last success:"), m_lastSuccess);
    m_form->addRow(QStringLiteral("Source check:"), m_warnings);

    m_recentTitle = new QLabel(QStringLiteral("Recent transfers"), this);
    QFont bold = m_recentTitle->font();
    bold.setBold(true);
    m_recentTitle->setFont(bold);
    m_recentView = new QTreeView(this);
    m_recentView->setRootIsDecorated(false);
    m_recentView->setUniformRowHeights(true);
    m_recentView->setAlternatingRowColors(true);
    m_recentView->setModel(m_recentModel);
    m_recentView->header()->setStretchLastSection(true);
    m_recentView->header()->resizeSection(RecentTransfersModel::StatusColumn, 110);
    m_recentView->header()->resizeSection(RecentTransfersModel::SubmittedColumn, 140);
    m_recentView->header()->resizeSection(RecentTransfersModel::DurationColumn, 70);
    m_recentView->header()->resizeSection(RecentTransfersModel::RowsColumn, 70);

    // Facts on the left, history on the right: the pane sits under a wide tree, so it has width, not height.
    auto *facts = new QVBoxLayout;
    facts->addWidget(m_title);
    facts->addWidget(m_subtitle);
    facts->addSpacing(4);
    facts->addLayout(m_form);
    facts->addStretch(1);
    auto *history = new QVBoxLayout;
    history->addWidget(m_recentTitle);
    history->addWidget(m_recentView, 1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 4);
    layout->setSpacing(16);
    layout->addLayout(facts, 1);
    layout->addLayout(history, 1);
    showIndex({});
}

QLabel *RecipientDetailPane::valueLabel()
{
    auto *label = new QLabel(this);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText); // error messages and names are data, never markup
    return label;
}

void RecipientDetailPane::setRow(QLabel *label, const QString &text)
{
    label->setText(text);
    m_form->setRowVisible(label, !text.isEmpty());
}

QString RecipientDetailPane::title() const
{
    return m_title->text();
}

QString RecipientDetailPane::errorText() const
{
    return m_error->text();
}

QString RecipientDetailPane::checkpointText() const
{
    return m_checkpoint->text();
}

QString RecipientDetailPane::warningsText() const
{
    return m_warnings->text();
}

void RecipientDetailPane::showIndex(const QModelIndex &index)
{
    m_index = index.siblingAtColumn(RecipientHealthModel::NameColumn);
    const QString destination = index.data(RecipientHealthModel::DestinationRole).toString();
    const QString model = index.data(RecipientHealthModel::ModelRole).toString();
    if (destination != m_destination || model != m_modelName)
        m_recentModel->clear(); // the new row's transfers follow from the page's next read
    m_destination = destination;
    m_modelName = model;
    refresh();
}

void RecipientDetailPane::setRecent(const RecentTransfers &recent)
{
    m_recent = recent;
    refresh();
}

void RecipientDetailPane::refresh()
{
    if (!m_index.isValid()) {
        m_title->setText(QStringLiteral("Select a destination or model"));
        m_subtitle->setText(QStringLiteral("Its last error, checkpoint and recent transfers show here."));
        for (QLabel *label : {m_status, m_error, m_nextRun, m_checkpoint, m_lag, m_lastSuccess, m_warnings})
            setRow(label, {});
        m_recentTitle->hide();
        m_recentView->hide();
        return;
    }
    auto cell = [this](int column, int role = Qt::DisplayRole) { return QModelIndex(m_index).siblingAtColumn(column).data(role).toString(); };
    const auto kind = Kind(m_index.data(RecipientHealthModel::KindRole).toInt());
    m_title->setText(cell(RecipientHealthModel::NameColumn));
    const Destination *destination = m_model->workspace().destination(m_destination);
    switch (kind) {
    case Kind::Recipient:
        m_subtitle->setText(QStringLiteral("Recipient · %1 destination(s) · select one for its errors and checkpoints")
                                .arg(m_model->rowCount(m_index)));
        break;
    case Kind::Destination:
        m_subtitle->setText(QStringLiteral("Destination of %1 · %2 · %3")
                                .arg(cell(RecipientHealthModel::NameColumn, RecipientHealthModel::RecipientRole),
                                     destination ? destination->vendor : QString(),
                                     destination && destination->effectiveEnabled()
                                         ? QStringLiteral("every %1 min").arg(destination->effectiveFrequencyMinutes())
                                         : QStringLiteral("not scheduled")));
        break;
    case Kind::Model:
        m_subtitle->setText(QStringLiteral("Model delivered to %1").arg(m_destination));
        break;
    }
    QString status = cell(RecipientHealthModel::StatusColumn);
    if (const QString last = cell(RecipientHealthModel::LastTransferColumn); !last.isEmpty())
        status += QStringLiteral(" · last transfer %1 (%2)").arg(last, cell(RecipientHealthModel::LastTransferColumn, Qt::ToolTipRole));
    setRow(m_status, status);
    const QString next = cell(RecipientHealthModel::NextRunColumn);
    const QString nextTip = cell(RecipientHealthModel::NextRunColumn, Qt::ToolTipRole);
    setRow(m_nextRun, kind == Kind::Model || next.isEmpty() ? QString() : QStringLiteral("%1 (%2)").arg(next, nextTip));

    QString checkpoint;
    if (kind == Kind::Model) {
        const std::optional<Checkpoint> stored = destination ? m_model->checkpoint(destination->id, m_modelName) : std::nullopt;
        if (!stored || stored->cursorValue.isEmpty()) {
            checkpoint = QStringLiteral("none: the next transfer is a backfill");
        } else {
            checkpoint = QStringLiteral("%1 (%2)").arg(cell(RecipientHealthModel::CheckpointColumn),
                                                       cell(RecipientHealthModel::CheckpointColumn, Qt::ToolTipRole));
            if (stored->hasUnfinishedRun())
                checkpoint += QStringLiteral("\nA stopped run [%1, %2) resumes after %3 window(s)")
                                  .arg(stored->runWindowStart, stored->runWindowEnd)
                                  .arg(stored->runWindowsDone);
        }
    } else if (kind == Kind::Destination && !cell(RecipientHealthModel::CheckpointColumn).isEmpty()) {
        checkpoint = QStringLiteral("%1, the oldest of its models").arg(cell(RecipientHealthModel::CheckpointColumn));
    }
    setRow(m_checkpoint, checkpoint);
    setRow(m_lag, cell(RecipientHealthModel::LagColumn));
    QString success = cell(RecipientHealthModel::LastSuccessColumn);
    if (!success.isEmpty() && !cell(RecipientHealthModel::RowsColumn).isEmpty())
        success += QStringLiteral(" · %1 rows").arg(cell(RecipientHealthModel::RowsColumn));
    setRow(m_lastSuccess, success);

    const QStringList warnings = m_index.data(RecipientHealthModel::WarningsRole).toStringList();
    const bool checked = kind == Kind::Model && m_model->sourceCheck(m_modelName).has_value();
    setRow(m_warnings, !checked ? QString()
                       : warnings.isEmpty() ? QStringLiteral("No warnings")
                                            : QStringLiteral("⚠ ") + warnings.join(QStringLiteral("\n⚠ ")));
    showLastError();
    const bool showRecent = kind != Kind::Recipient;
    m_recentTitle->setText(m_recentModel->rowCount() > 0 ? QStringLiteral("Recent transfers")
                                                         : QStringLiteral("Recent transfers: none yet"));
    m_recentTitle->setVisible(showRecent);
    m_recentView->setVisible(showRecent);
}

void RecipientDetailPane::showLastError()
{
    QString text;
    if (m_recent.destinationName == m_destination && !m_destination.isEmpty()) {
        m_recentModel->setTransfers(m_recent.transfers, m_modelName);
        // The newest failure of the destination (or of the model there), however long ago; its time says so.
        for (const TransferRecord &record : m_recent.transfers) {
            std::optional<Error> error;
            if (m_modelName.isEmpty()) {
                error = record.error;
                for (const ModelMetrics &metrics : record.modelMetrics) {
                    if (!error && metrics.error)
                        error = metrics.error;
                }
            } else {
                for (const ModelMetrics &metrics : record.modelMetrics) {
                    if (metrics.modelName == m_modelName && TransferDisplay::isFailure(metrics.status))
                        error = metrics.error ? metrics.error : record.error;
                }
            }
            if (error) {
                text = errorBlock(*error, record);
                break;
            }
        }
    }
    setRow(m_error, text);
}

} // namespace ferry::ui
