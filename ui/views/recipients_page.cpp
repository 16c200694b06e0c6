#include "views/recipients_page.h"

#include "actions/transfer_actions.h"
#include "dialogs/rewind_checkpoint_dialog.h"
#include "loading/recipient_health_reader.h"
#include "loading/state_query_runner.h"
#include "models/recipient_filter_model.h"
#include "models/recipient_health_model.h"
#include "models/transfer_display.h"
#include "settings/app_settings.h"
#include "views/recipient_detail_pane.h"

#include "engine/source_check.h"
#include "state/checkpoint_store.h"

#include "views/disconnect_children.h"

#include <QAction>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace ferry::ui {

namespace {

using Kind = RecipientHealthModel::Kind;

const QString kHeaderKey = QStringLiteral("recipients.tree");
const QString kSplitterKey = QStringLiteral("recipients.splitter");
constexpr int kReloadMs = 5000;

// One source's check, as the worker thread hands it back.
struct SourceCheckOutcome
{
    QString source;
    QList<ModelCheck> checks;
    std::optional<Error> error;
};

QString errorText(const Error &error)
{
    return QStringLiteral("%1 (%2): %3%4").arg(error.title, error.code, error.message,
                                               error.hint.isEmpty() ? QString() : QStringLiteral(". ") + error.hint);
}

} // namespace

RecipientsPage::RecipientsPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings,
                               QWidget *parent)
    : QWidget(parent),
      m_queries(queries),
      m_actions(actions),
      m_settings(settings),
      m_model(new RecipientHealthModel(this)),
      m_filter(new RecipientFilterModel(this)),
      m_timer(new QTimer(this))
{
    m_filter->setSourceModel(m_model);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setPlaceholderText(QStringLiteral("Filter recipients, destinations and models by name"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(360);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setNameFilter(text);
        m_tree->expandAll(); // show where each match sits
        showMessage(m_filter->isFilteredEmpty() ? QStringLiteral("Nothing is named like \"%1\"").arg(text.trimmed()) : QString());
    });

    m_tree = new QTreeView(this);
    m_tree->setModel(m_filter);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(true); // the tree fills the page; Rows keeps its numbers at the right edge
    const int widths[] = {250, 150, 110, 90, 160, 80, 160, 90};
    for (int column = 0; column < RecipientHealthModel::ColumnCount; ++column)
        header->resizeSection(column, widths[column]);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &RecipientsPage::showContextMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &RecipientsPage::currentChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandToDepth(1);
        currentChanged();
    });

    m_detail = new RecipientDetailPane(m_model, this);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({420, 280});

    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addWidget(m_filterEdit);
    toolbar->addSeparator();
    buildActions();
    toolbar->addActions({m_runNow, m_fullRefresh, m_rewind, m_checkSource});
    toolbar->addSeparator();
    toolbar->addAction(m_reload);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(toolbar);
    layout->addWidget(m_message);
    layout->addWidget(m_splitter, 1);

    if (m_settings) {
        header->restoreState(m_settings->headerState(kHeaderKey));
        m_splitter->restoreState(m_settings->splitterState(kSplitterKey));
        // Saved as the user changes them: the settings may be gone by the time this page is destroyed.
        auto saveHeader = [this] { m_settings->setHeaderState(kHeaderKey, m_tree->header()->saveState()); };
        connect(header, &QHeaderView::sectionResized, this, saveHeader);
        connect(header, &QHeaderView::sectionMoved, this, saveHeader);
        connect(m_splitter, &QSplitter::splitterMoved, this, [this] {
            m_settings->setSplitterState(kSplitterKey, m_splitter->saveState());
        });
    }
    m_timer->setInterval(kReloadMs);
    connect(m_timer, &QTimer::timeout, this, &RecipientsPage::reload);
    updateActions();
}

RecipientsPage::~RecipientsPage()
{
    disconnectChildren(this);
}

void RecipientsPage::buildActions()
{
    QStyle *style = this->style();
    m_runNow = new QAction(style->standardIcon(QStyle::SP_MediaPlay), QStringLiteral("Run Now…"), this);
    m_runNow->setToolTip(QStringLiteral("Transfer the selected destination (or model) now"));
    connect(m_runNow, &QAction::triggered, this, [this] {
        const QModelIndex index = currentSourceIndex();
        const QString model = index.data(RecipientHealthModel::ModelRole).toString();
        m_actions->runNow(this, index.data(RecipientHealthModel::DestinationRole).toString(),
                          model.isEmpty() ? QStringList() : QStringList{model});
    });
    m_fullRefresh = new QAction(style->standardIcon(QStyle::SP_BrowserReload), QStringLiteral("Full Refresh…"), this);
    m_fullRefresh->setToolTip(QStringLiteral("Rebuild the selected destination (or model) from the start"));
    connect(m_fullRefresh, &QAction::triggered, this, [this] {
        const QModelIndex index = currentSourceIndex();
        m_actions->fullRefresh(this, index.data(RecipientHealthModel::DestinationRole).toString(),
                               index.data(RecipientHealthModel::ModelRole).toString());
    });
    m_rewind = new QAction(style->standardIcon(QStyle::SP_MediaSeekBackward), QStringLiteral("Rewind Checkpoint…"), this);
    m_rewind->setToolTip(QStringLiteral("Move the selected model's checkpoint back, so its next transfer re-sends rows"));
    connect(m_rewind, &QAction::triggered, this, [this] { openRewindDialog(); });
    m_checkSource = new QAction(style->standardIcon(QStyle::SP_DialogApplyButton), QStringLiteral("Check Source"), this);
    m_checkSource->setToolTip(QStringLiteral("Connect to the source and lint the cursor column of the selected model"));
    connect(m_checkSource, &QAction::triggered, this, &RecipientsPage::checkSource);
    m_reload = new QAction(style->standardIcon(QStyle::SP_BrowserReload), QStringLiteral("Reload"), this);
    m_reload->setShortcut(QKeySequence::Refresh);
    m_reload->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_reload);
    connect(m_reload, &QAction::triggered, this, &RecipientsPage::reload);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(find);
    connect(find, &QAction::triggered, this, [this] { m_filterEdit->setFocus(Qt::ShortcutFocusReason); m_filterEdit->selectAll(); });
}

void RecipientsPage::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    m_model->setWorkspace(workspace);
    updateActions();
}

void RecipientsPage::reload()
{
    QStringList ids;
    for (const Destination &destination : m_workspace.destinations)
        ids << destination.id;
    m_queries->run(
        QStringLiteral("recipients.health"), this,
        [ids](StateDatabase &, QSqlDatabase db) { return RecipientHealthReader::read(db, ids); },
        [this](const Result<RecipientHealth> &health) {
            if (!health) {
                showMessage(QStringLiteral("Could not read the transfers: ") + errorText(health.error()), true);
                Q_EMIT loaded();
                return;
            }
            m_model->setHealth(*health);
            m_detail->refresh();
            updateActions();
            QHash<QString, TransferSummary> latest;
            for (const DestinationActivity &activity : health->destinations) {
                if (!activity.latest)
                    continue;
                const Destination *destination = m_workspace.destinationFor(activity.destinationId, activity.latest->destinationName);
                latest.insert(destination ? destination->name : activity.latest->destinationName, *activity.latest);
            }
            Q_EMIT healthChanged(latest);
            Q_EMIT loaded();
        },
        StateQueryRunner::Supersede::Interrupt); // read-only: a newer reload stops the older one
    loadRecent();
}

void RecipientsPage::loadRecent()
{
    const QString destination = m_detail->destination();
    if (destination.isEmpty())
        return;
    m_queries->run(
        QStringLiteral("recipients.recent"), this,
        [destination](StateDatabase &, QSqlDatabase db) { return RecipientHealthReader::recent(db, destination); },
        [this](const Result<RecentTransfers> &recent) {
            if (recent)
                m_detail->setRecent(*recent);
        });
}

bool RecipientsPage::select(const QString &name)
{
    QModelIndex index = m_model->recipientIndex(name);
    if (!index.isValid())
        index = m_model->destinationIndex(name);
    if (!index.isValid())
        return false;
    if (!m_filter->mapFromSource(index).isValid())
        m_filterEdit->clear(); // never select a row the user cannot see
    const QModelIndex shown = m_filter->mapFromSource(index);
    m_tree->expand(shown);
    m_tree->setCurrentIndex(shown);
    m_tree->scrollTo(shown);
    return true;
}

bool RecipientsPage::selectModel(const QString &destination, const QString &model)
{
    const QModelIndex index = m_model->modelIndex(destination, model);
    if (!index.isValid())
        return false;
    if (!m_filter->mapFromSource(index).isValid())
        m_filterEdit->clear();
    const QModelIndex shown = m_filter->mapFromSource(index);
    m_tree->expand(shown.parent());
    m_tree->setCurrentIndex(shown);
    m_tree->scrollTo(shown);
    return true;
}

QModelIndex RecipientsPage::currentSourceIndex() const
{
    return m_filter->mapToSource(m_tree->currentIndex()).siblingAtColumn(RecipientHealthModel::NameColumn);
}

void RecipientsPage::currentChanged()
{
    const QString before = m_detail->destination();
    m_detail->showIndex(currentSourceIndex());
    if (m_detail->destination() != before)
        loadRecent();
    updateActions();
}

void RecipientsPage::updateActions()
{
    const QModelIndex index = currentSourceIndex();
    const auto kind = Kind(index.data(RecipientHealthModel::KindRole).toInt());
    const bool destinationOrModel = index.isValid() && kind != Kind::Recipient;
    m_runNow->setEnabled(m_actions != nullptr);
    m_fullRefresh->setEnabled(m_actions && destinationOrModel);
    const bool hasCheckpoint = index.isValid() && kind == Kind::Model &&
                               !index.data(RecipientHealthModel::CheckpointRole).toString().isEmpty();
    m_rewind->setEnabled(hasCheckpoint);
    m_rewind->setToolTip(hasCheckpoint ? QStringLiteral("Move this model's checkpoint back, so its next transfer re-sends rows")
                                       : QStringLiteral("Select a model that has a checkpoint"));
    m_checkSource->setEnabled(destinationOrModel);
}

RewindCheckpointDialog *RecipientsPage::openRewindDialog()
{
    const QModelIndex index = currentSourceIndex();
    const QString destination = index.data(RecipientHealthModel::DestinationRole).toString();
    const QString model = index.data(RecipientHealthModel::ModelRole).toString();
    const Destination *target = m_workspace.destination(destination);
    const std::optional<Checkpoint> checkpoint = target ? m_model->checkpoint(target->id, model) : std::nullopt;
    if (model.isEmpty() || !checkpoint || checkpoint->cursorValue.isEmpty()) {
        showMessage(QStringLiteral("Select a model that has a checkpoint to rewind."), true);
        return nullptr;
    }
    auto *dialog = new RewindCheckpointDialog(m_workspace, destination, model, *checkpoint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        rewind(dialog->destination(), dialog->model(), dialog->targetCanonical());
    });
    dialog->open(); // window-modal, without a nested event loop
    return dialog;
}

void RecipientsPage::rewind(const QString &destination, const QString &model, const QString &to)
{
    const Destination *target = m_workspace.destination(destination);
    if (!target)
        return;
    const QString id = target->id;
    m_queries->run(
        QStringLiteral("recipients.rewind"), this,
        [id, model, to](StateDatabase &, QSqlDatabase db) { return CheckpointStore(db).rewind(id, model, to); },
        [this, destination, model, to](const Result<Checkpoint> &before) {
            if (!before) {
                showMessage(QStringLiteral("Checkpoint not moved: ") + errorText(before.error()), true);
            } else {
                showMessage(QStringLiteral("Checkpoint of %1 at %2 moved back from %3 to %4: its next transfer re-sends "
                                           "rows from then on.")
                                .arg(model, destination, before->cursorValue, to));
            }
            reload();
            Q_EMIT checkpointRewound(destination, model, before.ok());
        });
}

void RecipientsPage::checkSource()
{
    const QModelIndex index = currentSourceIndex();
    QStringList models;
    if (const QString model = index.data(RecipientHealthModel::ModelRole).toString(); !model.isEmpty())
        models << model;
    else if (const Destination *destination = m_workspace.destination(index.data(RecipientHealthModel::DestinationRole).toString()))
        models = m_workspace.modelNamesFor(*destination);
    QStringList sources;
    for (const QString &name : models) {
        const Model *model = m_workspace.model(name);
        const Source *source = model ? m_workspace.sourceOf(*model) : nullptr;
        if (source && !sources.contains(source->name))
            sources << source->name;
    }
    if (sources.isEmpty()) {
        showMessage(QStringLiteral("Select a destination or model to check its source."), true);
        return;
    }
    showMessage(QStringLiteral("Checking %1…").arg(sources.join(QStringLiteral(", "))));
    const quint64 generation = ++m_checkGeneration;
    auto *watcher = new QFutureWatcher<QList<SourceCheckOutcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, sources] {
        watcher->deleteLater();
        if (generation != m_checkGeneration)
            return; // a newer check is on its way
        QStringList problems;
        int warnings = 0;
        for (const SourceCheckOutcome &outcome : watcher->result()) {
            if (outcome.error) {
                problems << QStringLiteral("%1: %2").arg(outcome.source, errorText(*outcome.error));
                continue;
            }
            m_model->setSourceCheck(outcome.checks);
            for (const ModelCheck &check : outcome.checks) {
                warnings += int(check.warnings.size());
                if (check.error)
                    problems << QStringLiteral("%1: %2").arg(check.model, errorText(*check.error));
            }
        }
        m_detail->refresh();
        if (!problems.isEmpty())
            showMessage(problems.join(u'\n'), true);
        else
            showMessage(QStringLiteral("Checked %1: %2").arg(sources.join(QStringLiteral(", ")),
                                                             warnings == 0 ? QStringLiteral("no warnings")
                                                                           : QStringLiteral("%1 warning(s), shown on the models").arg(warnings)));
        Q_EMIT sourceChecked(sources);
    });
    // Connecting to a source can take its connect_timeout_seconds: never on the UI thread.
    watcher->setFuture(QtConcurrent::run([workspace = m_workspace, sources] {
        QList<SourceCheckOutcome> outcomes;
        for (const QString &source : sources) {
            Result<QList<ModelCheck>> checks = SourceCheck::run(workspace, source);
            outcomes << (checks ? SourceCheckOutcome{source, *checks, std::nullopt}
                                : SourceCheckOutcome{source, {}, checks.error()});
        }
        return outcomes;
    }));
}

void RecipientsPage::showContextMenu(const QPoint &position)
{
    if (!m_tree->indexAt(position).isValid())
        return;
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addActions({m_runNow, m_fullRefresh, m_rewind, m_checkSource});
    menu->popup(m_tree->viewport()->mapToGlobal(position)); // no nested event loop
}

void RecipientsPage::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(problem ? QStringLiteral("color: %1;").arg(TransferDisplay::statusColor(QStringLiteral("ERROR")).name())
                                     : QString());
    m_message->setVisible(!text.isEmpty());
}

QString RecipientsPage::messageText() const
{
    return m_message->text();
}

void RecipientsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer->start();
    reload();
}

void RecipientsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

} // namespace ferry::ui
