#include "views/transfers_page.h"

#include "actions/transfer_actions.h"
#include "loading/state_query_runner.h"
#include "models/transfer_display.h"
#include "models/transfer_history_model.h"
#include "settings/app_settings.h"
#include "views/transfer_details_pane.h"
#include "views/transfer_filter_bar.h"

#include "views/disconnect_children.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

const QString kSettingsName = QStringLiteral("transfers");
constexpr int kSoonMs = 150;

} // namespace

TransfersPage::TransfersPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings, QWidget *parent)
    : QWidget(parent),
      m_queries(queries),
      m_actions(actions),
      m_settings(settings),
      m_model(new TransferHistoryModel(queries, QStringLiteral("transfers"), this)),
      m_filters(new TransferFilterBar(this)),
      m_view(new QTableView(this)),
      m_details(new TransferDetailsPane(queries, this)),
      m_splitter(new QSplitter(Qt::Vertical, this)),
      m_empty(new QLabel(this)),
      m_error(new QLabel(this)),
      m_soon(new QTimer(this))
{
    m_view->setObjectName(QStringLiteral("transferHistory"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    const QFontMetrics metrics = m_view->fontMetrics();
    const auto width = [&](const QString &sample) { return metrics.horizontalAdvance(sample) + 28; };
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSection(TransferHistoryModel::StatusColumn, width(QStringLiteral("Partial failure")) + 16);
    header->resizeSection(TransferHistoryModel::IdColumn, width(QStringLiteral("0000000000")));
    header->resizeSection(TransferHistoryModel::RecipientColumn, width(QStringLiteral("recipient_name")));
    header->resizeSection(TransferHistoryModel::DestinationColumn, width(QStringLiteral("destination_name_")));
    for (const int column : {TransferHistoryModel::SubmittedColumn, TransferHistoryModel::StartedColumn,
                             TransferHistoryModel::EndedColumn})
        header->resizeSection(column, width(QStringLiteral("2026-11-29 14:03:07")));
    header->resizeSection(TransferHistoryModel::DurationColumn, width(QStringLiteral("10 min 00 s")));
    header->resizeSection(TransferHistoryModel::RowsColumn, width(QStringLiteral("10,000,000")));
    header->resizeSection(TransferHistoryModel::SizeColumn, width(QStringLiteral("100.0 MB")));
    header->resizeSection(TransferHistoryModel::TagsColumn, width(QStringLiteral("retry_of=00000000")));
    header->setSectionHidden(TransferHistoryModel::StartedColumn, true); // submitted, ended and duration say enough

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);
    m_empty->setWordWrap(true);
    m_empty->hide();
    m_error->setObjectName(QStringLiteral("transfersError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                               .arg(TransferDisplay::statusColor(QStringLiteral("ERROR")).name()));
    m_error->hide();

    auto *list = new QWidget(this);
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(4);
    listLayout->addWidget(m_view, 1);
    listLayout->addWidget(m_empty);
    m_splitter->setObjectName(QStringLiteral("transfersSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(list);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    buildActions();
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->addAction(m_run);
    toolbar->addAction(m_fullRefresh);
    toolbar->addSeparator();
    toolbar->addAction(m_stop);
    toolbar->addAction(m_retry);
    toolbar->addSeparator();
    toolbar->addAction(m_showLogs);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->setSpacing(6);
    layout->addWidget(toolbar);
    layout->addWidget(m_filters);
    layout->addWidget(m_error);
    layout->addWidget(m_splitter, 1);

    m_soon->setSingleShot(true);
    m_soon->setInterval(kSoonMs);
    connect(m_soon, &QTimer::timeout, m_model, &TransferHistoryModel::poll);
    connect(m_filters, &TransferFilterBar::queryChanged, this, &TransfersPage::applyFilters);
    connect(m_model, &TransferHistoryModel::countChanged, m_filters, &TransferFilterBar::setCount);
    connect(m_model, &TransferHistoryModel::firstPageShown, this, [this] {
        m_error->hide();
        updateEmptyHint();
        if (!m_pendingSelection.isEmpty())
            selectTransfer(m_pendingSelection);
        else if (m_model->rowCount() > 0 && !m_view->currentIndex().isValid())
            m_view->setCurrentIndex(m_model->index(0, TransferHistoryModel::StatusColumn));
        else
            showCurrent();
    });
    connect(m_model, &TransferHistoryModel::loadFailed, this, [this](const Error &error) {
        m_error->setText(QStringLiteral("Cannot read the transfers: %1").arg(error.toString()));
        m_error->show();
    });
    connect(m_model, &TransferHistoryModel::rowsPrepended, this, [this](int count) {
        QScrollBar *bar = m_view->verticalScrollBar();
        if (bar->value() > 0) // reading further down: stay on the same rows
            bar->setValue(bar->value() + count * (m_view->verticalScrollMode() == QAbstractItemView::ScrollPerItem
                                                      ? 1
                                                      : m_view->verticalHeader()->defaultSectionSize()));
        updateEmptyHint();
    });
    connect(m_model, &TransferHistoryModel::transfersChanged, this, [this](const QStringList &ids) {
        if (ids.contains(m_details->transferId()))
            m_details->refresh();
        updateActions();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TransfersPage::showCurrent);
    connect(m_view, &QTableView::customContextMenuRequested, this, &TransfersPage::showContextMenu);
    connect(m_details, &TransferDetailsPane::showLogsRequested, this, &TransfersPage::showLogsRequested);
    connect(m_details, &TransferDetailsPane::loaded, this, &TransfersPage::updateActions);

    if (m_settings) {
        header->restoreState(m_settings->headerState(kSettingsName));
        if (!m_splitter->restoreState(m_settings->splitterState(kSettingsName)))
            m_splitter->setSizes({250, 470});
    } else {
        m_splitter->setSizes({250, 470});
    }
    updateActions();
}

TransfersPage::~TransfersPage()
{
    disconnectChildren(this);
    saveSettings();
}

void TransfersPage::buildActions()
{
    m_run = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), QStringLiteral("Run Now…"), this);
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_run->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_run->setToolTip(QStringLiteral("Start a transfer to a destination, after a look at its plan (Ctrl+R)"));
    connect(m_run, &QAction::triggered, this, [this] {
        const std::optional<TransferSummary> current = m_model->summaryAt(m_view->currentIndex().row());
        m_actions->runNow(this, current ? current->destinationName : QString());
    });

    m_fullRefresh = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), QStringLiteral("Full Refresh…"), this);
    m_fullRefresh->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_fullRefresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_fullRefresh->setToolTip(QStringLiteral("Rebuild the selected transfer's destination from the source's history, "
                                             "after saying what it replaces (Ctrl+Shift+R)"));
    connect(m_fullRefresh, &QAction::triggered, this, [this] {
        const std::optional<TransferSummary> current = m_model->summaryAt(m_view->currentIndex().row());
        m_actions->fullRefresh(this, current ? current->destinationName : QString());
    });

    m_stop = new QAction(style()->standardIcon(QStyle::SP_MediaStop), QStringLiteral("Stop"), this);
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stop->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_stop->setToolTip(QStringLiteral("Cancel a pending transfer, or kill a running one at its next batch: nothing is "
                                      "half-published, and the next transfer resumes (Ctrl+.)"));
    connect(m_stop, &QAction::triggered, this, [this] {
        const QString id = selectedTransferId();
        if (!id.isEmpty())
            m_actions->stop(id);
    });

    m_retry = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), QStringLiteral("Retry Failed Models"), this);
    m_retry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_retry->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_retry->setToolTip(QStringLiteral("A new transfer of the models that did not succeed, with the same tags and "
                                       "retry_of=<this id> (Ctrl+T)"));
    connect(m_retry, &QAction::triggered, this, [this] {
        const QString id = selectedTransferId();
        if (!id.isEmpty())
            m_actions->retryFailed(id);
    });

    m_copyId = new QAction(QStringLiteral("Copy Id"), this);
    m_copyId->setShortcut(QKeySequence::Copy);
    m_copyId->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyId, &QAction::triggered, this, [this] {
        if (const QString id = selectedTransferId(); !id.isEmpty())
            QApplication::clipboard()->setText(id);
    });

    m_showLogs = new QAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), QStringLiteral("Show Logs"), this);
    m_showLogs->setToolTip(QStringLiteral("This transfer's events on the Logs page"));
    connect(m_showLogs, &QAction::triggered, this, [this] {
        if (const QString id = selectedTransferId(); !id.isEmpty())
            Q_EMIT showLogsRequested(id);
    });
    for (QAction *action : {m_run, m_fullRefresh, m_stop, m_retry, m_copyId, m_showLogs})
        addAction(action);
}

void TransfersPage::setWorkspace(const Workspace &workspace)
{
    m_filters->setWorkspace(workspace);
}

void TransfersPage::reload()
{
    if (!m_filtersRestored && m_settings) {
        m_filtersRestored = true;
        m_filters->restoreState(m_settings->filters(kSettingsName)); // applies them
        return;
    }
    applyFilters();
}

void TransfersPage::applyFilters()
{
    if (!m_queries->state())
        return;
    m_filters->setCount(-1);
    m_model->setQuery(m_filters->query());
}

void TransfersPage::noteProgress(const QString &)
{
    if (!m_soon->isActive())
        m_soon->start();
}

void TransfersPage::selectTransfer(const QString &transferId)
{
    const int row = m_model->rowOf(transferId);
    if (row < 0) {
        // Not loaded (yet): show its details by id, and select the row if a page brings it.
        m_pendingSelection = m_model->hasFirstPage() ? QString() : transferId;
        m_view->selectionModel()->clearCurrentIndex();
        m_details->showTransfer(transferId);
        updateActions();
        return;
    }
    m_pendingSelection.clear();
    const QModelIndex index = m_model->index(row, TransferHistoryModel::StatusColumn);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

QString TransfersPage::selectedTransferId() const
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && !current.data(TransferHistoryModel::IsPlaceholderRole).toBool())
        return current.data(TransferHistoryModel::IdRole).toString();
    return m_details->transferId();
}

void TransfersPage::showCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && !current.data(TransferHistoryModel::IsPlaceholderRole).toBool())
        m_details->showTransfer(current.data(TransferHistoryModel::IdRole).toString());
    else if (m_details->transferId().isEmpty())
        m_details->showPlaceholder(QStringLiteral("Select a transfer to see its details"));
    updateActions();
}

void TransfersPage::updateActions()
{
    const bool state = m_queries->state() != nullptr;
    const QString id = selectedTransferId();
    QString status;
    if (const std::optional<TransferSummary> current = m_model->summaryAt(m_view->currentIndex().row()))
        status = current->status;
    else if (m_details->record() && m_details->record()->id == id)
        status = m_details->record()->status;
    m_run->setEnabled(state);
    m_fullRefresh->setEnabled(state);
    m_stop->setEnabled(status == QLatin1String("PENDING") || status == QLatin1String("RUNNING"));
    m_stop->setText(status == QLatin1String("RUNNING") ? QStringLiteral("Stop (Kill)") : QStringLiteral("Stop"));
    m_retry->setEnabled(!id.isEmpty() && TransferDisplay::isFailure(status));
    m_copyId->setEnabled(!id.isEmpty());
    m_showLogs->setEnabled(!id.isEmpty());
}

void TransfersPage::updateEmptyHint()
{
    const bool empty = m_model->hasFirstPage() && m_model->rowCount() == 0;
    m_empty->setText(m_filters->query().isEmpty()
                         ? QStringLiteral("No transfers yet. Start one with Run Now… (Ctrl+R), or turn on "
                                          "“Run Transfers in This App” to serve the queue and the schedule.")
                         : QStringLiteral("No transfer matches these filters."));
    m_empty->setVisible(empty);
}

QString TransfersPage::emptyText() const
{
    return m_empty->isHidden() ? QString() : m_empty->text();
}

void TransfersPage::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (index.isValid())
        m_view->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(m_stop);
    menu.addAction(m_retry);
    menu.addSeparator();
    menu.addAction(m_run);
    menu.addAction(m_fullRefresh);
    menu.addSeparator();
    menu.addAction(m_copyId);
    menu.addAction(m_showLogs);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void TransfersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setLive(kPollMs);
    m_model->poll();
}

void TransfersPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setLive(0);
    saveSettings();
}

void TransfersPage::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setHeaderState(kSettingsName, m_view->horizontalHeader()->saveState());
    m_settings->setSplitterState(kSettingsName, m_splitter->saveState());
    m_settings->setFilters(kSettingsName, m_filters->state());
}

} // namespace ferry::ui
