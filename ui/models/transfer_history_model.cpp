#include "models/transfer_history_model.h"

#include "loading/state_query_runner.h"
#include "models/transfer_display.h"
#include "state/transfer_store.h"

#include <QFont>
#include <QFontDatabase>
#include <QPalette>
#include <QTimer>

namespace ferry::ui {

namespace {

// A transaction may commit after a later one, and workers' clocks differ a little: each poll looks this far back
// before the newest change it has seen.
constexpr qint64 kPollMarginSeconds = 10;
constexpr int kShortIdLength = 8;

QString tagsText(const QMap<QString, QString> &tags)
{
    QStringList parts;
    for (auto it = tags.cbegin(); it != tags.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value();
    return parts.join(QStringLiteral(", "));
}

bool sameRow(const TransferSummary &a, const TransferSummary &b)
{
    return a.updatedAt == b.updatedAt && a.status == b.status && a.rowsRead == b.rowsRead &&
           a.windowsDone == b.windowsDone && a.rowsTransferred == b.rowsTransferred && a.endedAt == b.endedAt;
}

} // namespace

TransferHistoryModel::TransferHistoryModel(StateQueryRunner *queries, const QString &channel, QObject *parent)
    : QAbstractTableModel(parent), m_queries(queries), m_channel(channel), m_poll(new QTimer(this))
{
    connect(m_poll, &QTimer::timeout, this, &TransferHistoryModel::poll);
}

TransferHistoryModel::~TransferHistoryModel() = default;

void TransferHistoryModel::setQuery(const TransferQuery &query)
{
    m_query = query;
    m_total = -1;
    m_watermark = QDateTime::currentDateTimeUtc();
    m_pageInFlight = true;
    m_queries->run(
        m_channel + QStringLiteral(".page"), this,
        [query](StateDatabase &, QSqlDatabase db) { return TransferStore(db).page(query, std::nullopt, kPageSize); },
        [this](Page page) { showFirstPage(std::move(page)); }, StateQueryRunner::Supersede::Interrupt);
    requestCount();
}

void TransferHistoryModel::requestCount()
{
    m_queries->run(
        m_channel + QStringLiteral(".count"), this,
        [query = m_query](StateDatabase &, QSqlDatabase db) { return TransferStore(db).count(query); },
        [this](Result<qint64> count) {
            if (!count)
                return; // interrupted by a newer query, or failed: the page's own error is what the user sees
            m_total = *count;
            Q_EMIT countChanged(m_total);
        },
        StateQueryRunner::Supersede::Interrupt);
}

void TransferHistoryModel::showFirstPage(Page page)
{
    m_pageInFlight = false;
    if (!page) {
        Q_EMIT loadFailed(page.error());
        return;
    }
    beginResetModel();
    m_cache.clear();
    m_cache.appendPage(*page);
    m_reachedEnd = page->size() < kPageSize;
    m_total = m_reachedEnd ? m_cache.size() : m_total;
    m_shownReal = m_cache.size();
    m_rowCount = m_shownReal + placeholderRows();
    endResetModel();
    m_firstPageShown = true;
    Q_EMIT firstPageShown();
    if (m_reachedEnd)
        Q_EMIT countChanged(m_total);
}

void TransferHistoryModel::requestNextPage()
{
    m_wantMore = false;
    if (m_pageInFlight || m_reachedEnd || !m_firstPageShown)
        return;
    m_pageInFlight = true;
    m_queries->run(
        m_channel + QStringLiteral(".page"), this,
        [query = m_query, after = m_cache.lastKey()](StateDatabase &, QSqlDatabase db) {
            return TransferStore(db).page(query, after, kPageSize);
        },
        [this](Page page) { appendPage(std::move(page)); });
}

void TransferHistoryModel::appendPage(Page page)
{
    m_pageInFlight = false;
    if (!page) {
        Q_EMIT loadFailed(page.error());
        return;
    }
    const int first = m_shownReal;
    QList<TransferSummary> fresh;
    for (const TransferSummary &summary : std::as_const(*page)) {
        if (m_cache.rowOf(summary.id) < 0)
            fresh << summary;
    }
    // In three steps, so that no row changes while rows are inserted or removed beside it: the cache takes the page
    // (the view still sees placeholders), the row count follows, then the placeholders turn into the rows.
    m_cache.appendPage(fresh);
    m_reachedEnd = page->size() < kPageSize;
    const int oldRows = m_rowCount;
    const int newRows = m_cache.size() + placeholderRows();
    if (newRows > oldRows) {
        beginInsertRows({}, oldRows, newRows - 1);
        m_rowCount = newRows;
        endInsertRows();
    } else if (newRows < oldRows) {
        beginRemoveRows({}, newRows, oldRows - 1);
        m_rowCount = newRows;
        endRemoveRows();
    }
    m_shownReal = m_cache.size();
    if (m_shownReal > first)
        Q_EMIT dataChanged(index(first, 0), index(m_shownReal - 1, ColumnCount - 1));
}

void TransferHistoryModel::setLive(int intervalMs)
{
    if (intervalMs <= 0) {
        m_poll->stop();
        return;
    }
    m_poll->start(intervalMs);
}

void TransferHistoryModel::poll()
{
    if (m_pollInFlight || !m_firstPageShown)
        return;
    m_pollInFlight = true;
    const QDateTime since = m_watermark.addSecs(-kPollMarginSeconds);
    m_queries->run(
        m_channel + QStringLiteral(".poll"), this,
        [since](StateDatabase &, QSqlDatabase db) { return TransferStore(db).changedSince(since); },
        [this](Result<QList<TransferSummary>> changed) {
            m_pollInFlight = false;
            applyChanges(std::move(changed));
        });
}

void TransferHistoryModel::applyChanges(Result<QList<TransferSummary>> changed)
{
    if (!changed)
        return; // the next poll tries again; a lasting failure shows on the next page load
    bool newer = false;
    QStringList changedIds;
    const std::optional<TransferPageKey> first = m_cache.firstKey();
    for (const TransferSummary &summary : std::as_const(*changed)) {
        if (summary.updatedAt > m_watermark)
            m_watermark = summary.updatedAt;
        const int row = m_cache.rowOf(summary.id);
        if (row >= 0) {
            if (sameRow(m_cache.at(row), summary))
                continue;
            m_cache.update(summary);
            changedIds << summary.id;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else if (!first || TransferRowCache::isNewer(TransferRowCache::keyOf(summary), *first)) {
            newer = true; // it may match the filters: ask the state database, which applies them
        }
    }
    // Running transfers' durations move on even when nothing was written.
    for (int row = 0; row < m_cache.size(); ++row) {
        if (m_cache.at(row).status == QLatin1String("RUNNING"))
            Q_EMIT dataChanged(index(row, DurationColumn), index(row, DurationColumn), {Qt::DisplayRole});
    }
    if (!changedIds.isEmpty())
        Q_EMIT transfersChanged(changedIds);
    if (newer) {
        m_queries->run(
            m_channel + QStringLiteral(".top"), this,
            [query = m_query](StateDatabase &, QSqlDatabase db) {
                return TransferStore(db).page(query, std::nullopt, kPageSize);
            },
            [this](Page page) { insertNewest(std::move(page)); });
    }
}

void TransferHistoryModel::insertNewest(Page page)
{
    if (!page || page->isEmpty())
        return;
    if (m_cache.isEmpty()) {
        showFirstPage(std::move(page));
        return;
    }
    const TransferPageKey first = *m_cache.firstKey();
    int count = 0;
    for (const TransferSummary &summary : std::as_const(*page)) {
        if (m_cache.rowOf(summary.id) < 0 && TransferRowCache::isNewer(TransferRowCache::keyOf(summary), first))
            ++count;
    }
    if (count == 0)
        return;
    beginInsertRows({}, 0, count - 1);
    m_cache.prependNewer(*page);
    m_rowCount += count;
    m_shownReal += count;
    endInsertRows();
    if (m_total >= 0) {
        m_total += count;
        Q_EMIT countChanged(m_total);
    }
    Q_EMIT rowsPrepended(count);
}

std::optional<TransferSummary> TransferHistoryModel::summaryAt(int row) const
{
    if (row < 0 || row >= m_shownReal)
        return std::nullopt;
    return m_cache.at(row);
}

int TransferHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int TransferHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool TransferHistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_reachedEnd && !m_pageInFlight && m_firstPageShown;
}

void TransferHistoryModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        requestNextPage();
}

QVariant TransferHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.row() >= m_shownReal) { // a placeholder: its page is asked for once the view paints it
        if (role == IsPlaceholderRole)
            return true;
        if (role == Qt::DisplayRole && index.column() == IdColumn)
            return QStringLiteral("Loading…");
        if (role == Qt::ForegroundRole)
            return QPalette().color(QPalette::Disabled, QPalette::Text);
        if (role == Qt::DisplayRole && !m_wantMore && !m_pageInFlight) {
            m_wantMore = true;
            QMetaObject::invokeMethod(const_cast<TransferHistoryModel *>(this), &TransferHistoryModel::requestNextPage,
                                      Qt::QueuedConnection);
        }
        return {};
    }
    return rowData(m_cache.at(index.row()), index.column(), role);
}

QVariant TransferHistoryModel::rowData(const TransferSummary &summary, int column, int role) const
{
    switch (role) {
    case IdRole:
        return summary.id;
    case StatusRole:
        return summary.status;
    case IsPlaceholderRole:
        return false;
    case Qt::DecorationRole:
        return column == StatusColumn ? QVariant(TransferDisplay::statusIcon(summary.status)) : QVariant();
    case Qt::ForegroundRole:
        return column == StatusColumn ? QVariant(TransferDisplay::statusColor(summary.status)) : QVariant();
    case Qt::TextAlignmentRole:
        if (column == RowsColumn || column == SizeColumn || column == DurationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == IdColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case StatusColumn:
            if (!summary.errorTitle.isEmpty())
                return QStringLiteral("%1: %2 (%3)").arg(TransferDisplay::statusText(summary.status), summary.errorTitle,
                                                         summary.errorCode);
            if (summary.status == QLatin1String("RUNNING"))
                return QStringLiteral("Running: %1 of %2 windows published, %3 rows read so far")
                    .arg(summary.windowsDone)
                    .arg(summary.windowsPlanned)
                    .arg(TransferDisplay::count(summary.rowsRead));
            return QStringLiteral("%1 · %2 of %3 models succeeded")
                .arg(TransferDisplay::statusText(summary.status))
                .arg(summary.modelsSucceeded)
                .arg(summary.modelCount);
        case IdColumn:
            return summary.id;
        case SubmittedColumn:
            return TransferDisplay::relativeTime(summary.submittedAt);
        case StartedColumn:
            return TransferDisplay::relativeTime(summary.startedAt);
        case EndedColumn:
            return TransferDisplay::relativeTime(summary.endedAt);
        case SizeColumn:
            return QStringLiteral("%1 bytes").arg(TransferDisplay::count(summary.bytesTransferred));
        case TagsColumn:
            return tagsText(summary.tags);
        default:
            return {};
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool running = summary.status == QLatin1String("RUNNING");
    switch (column) {
    case StatusColumn:
        if (running && summary.windowsPlanned > 0)
            return QStringLiteral("Running %1/%2").arg(summary.windowsDone).arg(summary.windowsPlanned);
        return TransferDisplay::statusText(summary.status);
    case IdColumn:
        return summary.id.left(kShortIdLength);
    case RecipientColumn:
        return summary.recipientName;
    case DestinationColumn:
        return summary.destinationName;
    case SubmittedColumn:
        return TransferDisplay::time(summary.submittedAt);
    case StartedColumn:
        return TransferDisplay::time(summary.startedAt);
    case EndedColumn:
        return TransferDisplay::time(summary.endedAt);
    case DurationColumn:
        return TransferDisplay::duration(summary.durationMs());
    case RowsColumn:
        if (running) {
            if (summary.rowsRead <= 0)
                return QString();
            const QString rate = TransferDisplay::rate(summary.rowsRead, summary.durationMs().value_or(0));
            return rate.isEmpty() ? TransferDisplay::count(summary.rowsRead)
                                  : QStringLiteral("%1 · %2").arg(TransferDisplay::count(summary.rowsRead), rate);
        }
        return summary.startedAt.isValid() ? TransferDisplay::count(summary.rowsTransferred) : QString();
    case SizeColumn:
        return summary.bytesTransferred > 0 ? TransferDisplay::bytes(summary.bytesTransferred) : QString();
    case TagsColumn:
        return tagsText(summary.tags);
    case FullRefreshColumn:
        return summary.fullRefresh ? QStringLiteral("Full refresh") : QString();
    default:
        return {};
    }
}

QVariant TransferHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return int((section == RowsColumn || section == SizeColumn || section == DurationColumn ? Qt::AlignRight
                                                                                                 : Qt::AlignLeft) |
                   Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn: return QStringLiteral("Status");
    case IdColumn: return QStringLiteral("Id");
    case RecipientColumn: return QStringLiteral("Recipient");
    case DestinationColumn: return QStringLiteral("Destination");
    case SubmittedColumn: return QStringLiteral("Submitted");
    case StartedColumn: return QStringLiteral("Started");
    case EndedColumn: return QStringLiteral("Ended");
    case DurationColumn: return QStringLiteral("Duration");
    case RowsColumn: return QStringLiteral("Rows");
    case SizeColumn: return QStringLiteral("Size");
    case TagsColumn: return QStringLiteral("Tags");
    case FullRefreshColumn: return QStringLiteral("Refresh");
    default: return {};
    }
}

} // namespace ferry::ui
