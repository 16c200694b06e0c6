#include "views/logs_page.h"

#include "loading/log_export.h"
#include "loading/state_query_runner.h"
#include "models/log_event_model.h"
#include "models/transfer_display.h"
#include "settings/app_settings.h"
#include "ui_log.h"
#include "views/log_filter_bar.h"

#include "views/disconnect_children.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

const QString kSettingsName = QStringLiteral("logs");

} // namespace

LogsPage::LogsPage(StateQueryRunner *queries, AppSettings *settings, QWidget *parent)
    : QWidget(parent), m_queries(queries), m_settings(settings)
{
    m_model = new LogEventModel(queries, QStringLiteral("logs"), this);
    m_filters = new LogFilterBar(this);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    applyErrorColors();

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    setUpTable();

    m_detail = new QPlainTextEdit(this);
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select an event to see its whole message and fields."));

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    m_count = new QLabel(this);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_count);
    statusRow->addStretch(1);
    statusRow->addWidget(m_status);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filters);
    layout->addWidget(m_error);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(statusRow);

    if (m_settings) {
        m_filters->restoreSettings(m_settings->filters(kSettingsName));
        m_table->horizontalHeader()->restoreState(m_settings->headerState(kSettingsName));
        m_splitter->restoreState(m_settings->splitterState(kSettingsName));
        // Saved as they change: the settings object may be gone by the time this page is destroyed.
        connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
            m_settings->setHeaderState(kSettingsName, m_table->horizontalHeader()->saveState());
        });
        connect(m_table->horizontalHeader(), &QHeaderView::sectionMoved, this, [this] {
            m_settings->setHeaderState(kSettingsName, m_table->horizontalHeader()->saveState());
        });
        connect(m_splitter, &QSplitter::splitterMoved, this,
                [this] { m_settings->setSplitterState(kSettingsName, m_splitter->saveState()); });
    }

    connect(m_filters, &LogFilterBar::queryChanged, this, [this](const LogQuery &query) {
        m_model->setQuery(query);
        saveFilters();
    });
    connect(m_filters, &LogFilterBar::followToggled, this, [this](bool on) {
        m_model->setFollowing(on);
        if (on)
            m_table->scrollToTop();
        saveFilters();
    });
    connect(m_filters, &LogFilterBar::exportRequested, this, &LogsPage::chooseExportFile);

    connect(m_model, &LogEventModel::pageLoaded, this, &LogsPage::updateCount);
    connect(m_model, &LogEventModel::modelReset, this, [this] {
        updateCount();
        m_detail->clear();
    });
    connect(m_model, &LogEventModel::errorChanged, this, &LogsPage::showError);
    // Follow mode: stay on the newest row if the user was there, else keep what they are reading in place.
    connect(m_model, &LogEventModel::rowsAboutToBeInserted, this, [this](const QModelIndex &, int first) {
        if (first == 0)
            m_wasAtTop = m_table->verticalScrollBar()->value() == 0;
    });
    connect(m_model, &LogEventModel::newerEventsInserted, this, [this](int count) {
        if (m_wasAtTop && m_filters->isFollowing()) {
            m_table->scrollToTop();
        } else {
            QScrollBar *bar = m_table->verticalScrollBar();
            bar->setValue(bar->value() + count); // ScrollPerItem: one step per row
        }
        updateCount();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LogsPage::showSelected);
    // The table shows short transfer ids while the filter matches whole ones: a double-click fills it in.
    connect(m_table, &QTableView::doubleClicked, this, &LogsPage::filterByCell);

    m_model->setFollowing(m_filters->isFollowing());
    updateCount();
}


LogsPage::~LogsPage()
{
    disconnectChildren(this);
}

void LogsPage::setUpTable()
{
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setShowGrid(false);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights: the table never measures rows, so a million of them scroll as fast as ten.
    QHeaderView *rows = m_table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);

    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(LogEventModel::Time, digit * 25);
    header->resizeSection(LogEventModel::Level, digit * 11);
    header->resizeSection(LogEventModel::Phase, digit * 9);
    header->resizeSection(LogEventModel::Transfer, digit * 11);
    header->resizeSection(LogEventModel::Model, digit * 12);
}

void LogsPage::showTransfer(const QString &transferId)
{
    m_filters->setTransferId(transferId); // emits queryChanged, which loads
}

void LogsPage::reload()
{
    m_model->setQuery(m_filters->query());
}

void LogsPage::chooseExportFile()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Log Events"), QDir(folder).filePath(QStringLiteral("ferry-log.jsonl")),
        tr("JSON lines (*.jsonl *.json);;All files (*)"));
    if (!path.isEmpty())
        exportTo(path);
}

void LogsPage::exportTo(const QString &path)
{
    if (!m_queries->state()) {
        m_status->setText(tr("No state database is open."));
        Q_EMIT exportFinished(false);
        return;
    }
    const LogQuery query = m_filters->query();
    m_status->setText(tr("Exporting…"));
    m_queries->run(
        QStringLiteral("logs.export"), this,
        [query, path](StateDatabase &, QSqlDatabase db) { return LogExport::write(db, query, path); },
        [this, path](const Result<qint64> &written) {
            if (!written) {
                qCWarning(lcUi) << "exporting log events failed:" << written.error().toString();
                m_status->clear();
                showError(written.error().toString());
                Q_EMIT exportFinished(false);
                return;
            }
            m_status->setText(tr("Exported %1 to %2")
                                  .arg(*written == 1 ? tr("1 event")
                                                     : tr("%1 events").arg(TransferDisplay::count(*written)),
                                       QDir::toNativeSeparators(path)));
            Q_EMIT exportFinished(true);
        });
}

void LogsPage::filterByCell(const QModelIndex &index)
{
    const LogEvent *event = m_model->eventAt(index.row());
    if (!event)
        return;
    LogQuery query = m_filters->query();
    if (index.column() == LogEventModel::Transfer && !event->transferId.isEmpty())
        query.transferId = event->transferId;
    else if (index.column() == LogEventModel::Model && !event->modelName.isEmpty())
        query.modelName = event->modelName;
    else
        return;
    m_filters->setQuery(query);
}

void LogsPage::showSelected()
{
    const LogEvent *event = m_model->eventAt(m_table->currentIndex().row());
    if (event)
        m_detail->setPlainText(detailText(*event));
    else
        m_detail->clear();
}

QString LogsPage::detailText(const LogEvent &event)
{
    QStringList facts{LogEventModel::timeText(event.at), TransferDisplay::levelText(event.level)};
    if (!event.phase.isEmpty())
        facts << event.phase;
    if (!event.modelName.isEmpty())
        facts << QStringLiteral("model %1").arg(event.modelName);
    if (!event.transferId.isEmpty())
        facts << QStringLiteral("transfer %1").arg(event.transferId);
    facts << QStringLiteral("%1 #%2").arg(event.category).arg(event.id);
    QString text = facts.join(QStringLiteral(" · ")) + QStringLiteral("\n\n") + event.message;

    const QJsonDocument fields = QJsonDocument::fromJson(event.fields.toUtf8());
    if (fields.isNull()) {
        if (!event.fields.trimmed().isEmpty())
            text += QStringLiteral("\n\n") + event.fields; // not JSON after all: show it as it is
    } else if (!(fields.isObject() && fields.object().isEmpty())) {
        text += QStringLiteral("\n\n") + QString::fromUtf8(fields.toJson(QJsonDocument::Indented)).trimmed();
    }
    return text;
}

void LogsPage::updateCount()
{
    const int loaded = m_model->loadedCount();
    const QString count = TransferDisplay::count(loaded);
    if (m_model->hasFailed())
        m_count->setText(loaded == 0 ? QString() : tr("%1 events (no more could be loaded)").arg(count));
    else if (!m_model->isAtEnd())
        m_count->setText(loaded == 0 ? tr("Loading events…") : tr("%1+ events").arg(count));
    else if (loaded == 0)
        m_count->setText(tr("No events match the filters"));
    else
        m_count->setText(loaded == 1 ? tr("1 event") : tr("%1 events").arg(count));
}

void LogsPage::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    updateCount();
}

void LogsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyErrorColors();
}

void LogsPage::applyErrorColors()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QColor text = dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
    QColor background = text;
    background.setAlphaF(dark ? 0.16 : 0.10);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: %1; background: rgba(%2, %3, %4, %5); "
                                          "border: 1px solid %1; border-radius: 3px; padding: 4px 8px; }")
                               .arg(text.name())
                               .arg(background.red())
                               .arg(background.green())
                               .arg(background.blue())
                               .arg(background.alphaF()));
}

void LogsPage::saveFilters()
{
    if (m_settings)
        m_settings->setFilters(kSettingsName, m_filters->toSettings());
}

} // namespace ferry::ui
