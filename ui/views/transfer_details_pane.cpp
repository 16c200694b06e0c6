#include "views/transfer_details_pane.h"

#include "api/transfer_json.h"
#include "loading/state_query_runner.h"
#include "models/log_event_model.h"
#include "models/transfer_display.h"
#include "models/transfer_models_model.h"
#include "state/transfer_store.h"

#include <QApplication>
#include <QClipboard>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

constexpr int kIconSize = 28;

QString blameText(const QString &blame)
{
    if (blame == QLatin1String("config"))
        return QStringLiteral("Configuration: fix the workspace (model, source or destination settings) and apply it again.");
    if (blame == QLatin1String("source"))
        return QStringLiteral("Source: the company's database failed or refused; check it with its owner.");
    if (blame == QLatin1String("destination"))
        return QStringLiteral("Destination: the recipient's database or server failed or refused; check it with the recipient.");
    return QStringLiteral("Ferry: an internal failure; retry, and report it with this transfer's logs if it repeats.");
}

QTableView *createTable(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setHighlightSections(false);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    return view;
}

QLabel *wrappingLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

TransferDetailsPane::TransferDetailsPane(StateQueryRunner *queries, QWidget *parent)
    : QWidget(parent),
      m_queries(queries),
      m_models(new TransferModelsModel(this)),
      m_logs(new LogEventModel(queries, QStringLiteral("details.logs"), this))
{
    m_placeholder = new QLabel(this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    auto *details = new QWidget(this);
    m_request = wrappingLabel(details);
    m_modelsView = createTable(details);
    m_modelsView->setModel(m_models);
    m_modelsView->horizontalHeader()->resizeSection(TransferModelsModel::ModelColumn, 140);
    m_modelsView->horizontalHeader()->resizeSection(TransferModelsModel::StatusColumn, 110);
    m_modelsView->horizontalHeader()->resizeSection(TransferModelsModel::CursorFromColumn, 150);
    m_modelsView->horizontalHeader()->resizeSection(TransferModelsModel::CursorToColumn, 150);
    m_modelsView->setMaximumHeight(m_modelsView->verticalHeader()->defaultSectionSize() * 5 + 6);
    m_logsView = createTable(details);
    m_logsView->setObjectName(QStringLiteral("transferLogs"));
    m_logsView->setModel(m_logs);
    m_logsView->setTextElideMode(Qt::ElideRight);
    m_logsView->horizontalHeader()->resizeSection(LogEventModel::Time, m_logsView->fontMetrics().horizontalAdvance(
                                                                           QStringLiteral("2026-11-29 14:03:07.000")) + 16);
    m_logsView->horizontalHeader()->resizeSection(LogEventModel::Level, 90);
    m_logsView->horizontalHeader()->resizeSection(LogEventModel::Phase, 80);
    m_logsView->setColumnHidden(LogEventModel::Transfer, true); // it is this transfer

    auto *modelsHeading = new QLabel(QStringLiteral("Models"), details);
    auto *logsHeading = new QLabel(QStringLiteral("Log"), details);
    for (QLabel *heading : {modelsHeading, logsHeading}) {
        QFont font = heading->font();
        font.setBold(true);
        heading->setFont(font);
    }
    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->setSpacing(6);
    layout->addWidget(buildHeader());
    layout->addWidget(buildFailure());
    layout->addWidget(m_request);
    layout->addWidget(modelsHeading);
    layout->addWidget(m_modelsView);
    layout->addWidget(logsHeading);
    layout->addWidget(m_logsView, 1);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(details);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);
    showPlaceholder(QStringLiteral("Select a transfer to see its details"));
}

QWidget *TransferDetailsPane::buildHeader()
{
    auto *header = new QWidget(this);
    m_icon = new QLabel(header);
    m_icon->setFixedSize(kIconSize, kIconSize);
    m_title = new QLabel(header);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle = wrappingLabel(header);
    m_copy = new QPushButton(QStringLiteral("Copy as JSON"), header);
    m_copy->setToolTip(QStringLiteral("Copy this transfer as `ferryctl transfer show --json` prints it"));
    m_showLogs = new QPushButton(QStringLiteral("Open in Logs"), header);
    m_showLogs->setToolTip(QStringLiteral("Show this transfer's events on the Logs page, with its filters"));
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(json()); });
    connect(m_showLogs, &QPushButton::clicked, this, [this] { Q_EMIT showLogsRequested(m_id); });

    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(titles, 1);
    layout->addWidget(m_showLogs, 0, Qt::AlignTop);
    layout->addWidget(m_copy, 0, Qt::AlignTop);
    return header;
}

QFrame *TransferDetailsPane::buildFailure()
{
    m_failure = new QFrame(this);
    m_failure->setObjectName(QStringLiteral("failureBox"));
    const QColor red = TransferDisplay::statusColor(QStringLiteral("ERROR"));
    // A tinted box with a strong left edge: reads on light and dark palettes, and not by colour alone.
    m_failure->setStyleSheet(QStringLiteral("QFrame#failureBox { border: 1px solid %1; border-left: 4px solid %1; "
                                            "border-radius: 3px; background: rgba(%2, %3, %4, 24); }")
                                 .arg(red.name())
                                 .arg(red.red())
                                 .arg(red.green())
                                 .arg(red.blue()));
    m_failureWhat = wrappingLabel(m_failure);
    m_failureError = wrappingLabel(m_failure);
    QFont bold = m_failureError->font();
    bold.setBold(true);
    m_failureError->setFont(bold);
    m_failureError->setStyleSheet(QStringLiteral("color: %1;").arg(red.name()));
    m_failureMessage = wrappingLabel(m_failure);
    m_failureBlame = wrappingLabel(m_failure);
    m_failureHint = wrappingLabel(m_failure);
    m_failureHint->setFont(bold);
    auto *layout = new QVBoxLayout(m_failure);
    layout->setContentsMargins(12, 8, 10, 8);
    layout->setSpacing(4);
    for (QLabel *label : {m_failureError, m_failureWhat, m_failureMessage, m_failureBlame, m_failureHint})
        layout->addWidget(label);
    return m_failure;
}

void TransferDetailsPane::showPlaceholder(const QString &text)
{
    m_id.clear();
    m_record.reset();
    m_placeholder->setText(text);
    m_models->setModels({});
    m_stack->setCurrentIndex(0);
}

void TransferDetailsPane::showTransfer(const QString &id)
{
    if (id != m_id) {
        m_id = id;
        m_record.reset();
        m_placeholder->setText(QStringLiteral("Loading transfer %1…").arg(id));
        m_stack->setCurrentIndex(0);
    }
    refresh();
}

void TransferDetailsPane::refresh()
{
    if (m_id.isEmpty())
        return;
    m_queries->run(
        QStringLiteral("details.record"), this,
        [id = m_id](StateDatabase &, QSqlDatabase db) { return TransferStore(db).load(id); },
        [this, id = m_id](Result<TransferRecord> record) {
            if (id != m_id)
                return;
            if (!record) {
                m_placeholder->setText(record.error().code == QLatin1String("FERRY-TRANSFER-UNKNOWN")
                                           ? QStringLiteral("No transfer with id %1").arg(id)
                                           : record.error().toString());
                m_stack->setCurrentIndex(0);
                return;
            }
            const bool first = !m_record || m_record->id != id;
            showRecord(*record);
            LogQuery logs;
            logs.transferId = id;
            if (first || m_logs->query().transferId != id)
                m_logs->setQuery(logs);
            else
                m_logs->reload(); // it changed: its newest events too
            Q_EMIT loaded(id);
        });
}

void TransferDetailsPane::showRecord(const TransferRecord &record)
{
    m_record = record;
    m_icon->setPixmap(TransferDisplay::statusIcon(record.status).pixmap(kIconSize, kIconSize));
    m_title->setText(QStringLiteral("%1 · %2").arg(TransferDisplay::statusText(record.status), record.id));
    m_title->setStyleSheet(QStringLiteral("color: %1;").arg(TransferDisplay::statusColor(record.status).name()));

    const QChar dot(0x00B7);
    QStringList when;
    when << QStringLiteral("submitted %1").arg(TransferDisplay::time(record.submittedAt));
    if (record.startedAt.isValid())
        when << QStringLiteral("started %1").arg(TransferDisplay::time(record.startedAt));
    if (record.endedAt.isValid())
        when << QStringLiteral("ended %1").arg(TransferDisplay::time(record.endedAt));
    if (record.startedAt.isValid())
        when << TransferDisplay::duration(record.startedAt.msecsTo(record.endedAt.isValid() ? record.endedAt
                                                                                              : QDateTime::currentDateTimeUtc()));
    m_subtitle->setText(QStringLiteral("%1 → %2 %3 %4")
                            .arg(record.recipientName, record.destinationName, QString(dot),
                                 when.join(QStringLiteral(" %1 ").arg(dot))) +
                        (record.rowsTransferred > 0 || record.isFinished()
                             ? QStringLiteral(" %1 %2 rows, %3").arg(dot).arg(TransferDisplay::count(record.rowsTransferred),
                                                                              TransferDisplay::bytes(record.bytesTransferred))
                             : QString()));

    QStringList request;
    request << QStringLiteral("Models: %1").arg(record.models.isEmpty() ? QStringLiteral("all the destination receives")
                                                                         : record.models.join(QStringLiteral(", ")));
    request << QStringLiteral("Window: %1").arg(record.windowStart.isEmpty()
                                                    ? QStringLiteral("from each model's checkpoint")
                                                    : QStringLiteral("%1 → %2").arg(TransferModelsModel::cursorText(record.windowStart),
                                                                                    TransferModelsModel::cursorText(record.windowEnd)));
    request << QStringLiteral("Full refresh: %1").arg(record.fullRefresh ? QStringLiteral("yes") : QStringLiteral("no"));
    QStringList tags;
    for (auto it = record.tags.cbegin(); it != record.tags.cend(); ++it)
        tags << it.key() + QLatin1Char('=') + it.value();
    if (!tags.isEmpty())
        request << QStringLiteral("Tags: %1").arg(tags.join(QStringLiteral(", ")));
    request << QStringLiteral("Requested by: %1").arg(record.reason);
    if (!record.workerId.isEmpty())
        request << QStringLiteral("Ran on: %1").arg(record.workerId);
    m_request->setText(request.join(QStringLiteral("   %1   ").arg(dot)));

    m_models->setModels(record.modelMetrics);
    showFailure(record);
    m_stack->setCurrentIndex(1);
}

// The first failed model's error (or the transfer's own): what failed, where, whose fault and what to do.
void TransferDetailsPane::showFailure(const TransferRecord &record)
{
    const ModelMetrics *failedModel = nullptr;
    for (const ModelMetrics &model : record.modelMetrics) {
        if (model.error) {
            failedModel = &model;
            break;
        }
    }
    const std::optional<Error> error = failedModel ? failedModel->error : record.error;
    if (!error) {
        m_failure->hide();
        return;
    }
    m_failureError->setText(QStringLiteral("%1 (%2)").arg(error->title, error->code));
    QString what;
    if (failedModel) {
        what = QStringLiteral("Model %1 failed in the %2 phase").arg(failedModel->modelName,
                                                                  failedModel->errorPhase.isEmpty() ? QStringLiteral("unknown")
                                                                                                    : failedModel->errorPhase);
        if (failedModel->windowsPlanned > 0) {
            what += QStringLiteral(", window %1 of %2").arg(qMin(failedModel->windowsDone + 1, failedModel->windowsPlanned))
                        .arg(failedModel->windowsPlanned);
        }
        if (!failedModel->cursorFrom.isEmpty() || !failedModel->cursorTo.isEmpty()) {
            what += QStringLiteral(" (range %1 → %2)").arg(TransferModelsModel::cursorText(failedModel->cursorFrom),
                                                          TransferModelsModel::cursorText(failedModel->cursorTo));
        }
        what += QStringLiteral("; %1 window(s) published before it stay published.").arg(failedModel->windowsDone);
    } else {
        what = QStringLiteral("The transfer failed before its models ran.");
    }
    m_failureWhat->setText(what);
    m_failureMessage->setText(error->message);
    m_failureBlame->setText(QStringLiteral("Whose fault: ") + blameText(blameName(error->blame)));
    m_failureHint->setText(error->hint.isEmpty() ? QStringLiteral("What to do: fix the cause above, then Retry failed models.")
                                                 : QStringLiteral("What to do: ") + error->hint);
    m_failure->show();
}

QString TransferDetailsPane::headline() const
{
    return m_stack->currentIndex() == 0 ? m_placeholder->text() : m_title->text() + QLatin1Char('\n') + m_subtitle->text();
}

QString TransferDetailsPane::failureText() const
{
    if (!isShowingFailure())
        return {};
    return QStringList{m_failureError->text(), m_failureWhat->text(), m_failureMessage->text(), m_failureBlame->text(),
                       m_failureHint->text()}
        .join(QLatin1Char('\n'));
}

QString TransferDetailsPane::requestText() const
{
    return m_request->text();
}

bool TransferDetailsPane::isShowingFailure() const
{
    return m_stack->currentIndex() == 1 && !m_failure->isHidden();
}

QString TransferDetailsPane::json() const
{
    if (!m_record)
        return {};
    return QString::fromStdString(TransferJson::toJson(*m_record).dump(2));
}

} // namespace ferry::ui
