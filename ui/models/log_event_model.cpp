#include "models/log_event_model.h"

#include "loading/state_query_runner.h"
#include "models/transfer_display.h"
#include "ui_log.h"

#include <QApplication>
#include <QStyle>

namespace ferry::ui {

namespace {

// Enough for a busy second of a running transfer; a longer backlog is fetched by polling again at once.
constexpr int kPollLimit = 1000;
constexpr int kFollowIntervalMs = 1000;

} // namespace

LogEventModel::LogEventModel(StateQueryRunner *queries, const QString &channel, QObject *parent)
    : QAbstractTableModel(parent), m_queries(queries), m_channel(channel)
{
    m_followTimer.setInterval(kFollowIntervalMs);
    connect(&m_followTimer, &QTimer::timeout, this, &LogEventModel::poll);
    m_warningIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    m_errorIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
}

QString LogEventModel::timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                          : QString();
}

int LogEventModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_rows.size() + m_placeholders;
}

int LogEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const LogEvent *LogEventModel::eventAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

QVariant LogEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEvent *event = eventAt(index.row());
    if (!event) {
        // The view shows a row whose page is not here yet: that is the moment to ask for it. Queued, because
        // data() must not change the model under the view's feet.
        if (!m_requestQueued && !isLoading() && m_placeholders > 0) {
            m_requestQueued = true;
            QMetaObject::invokeMethod(const_cast<LogEventModel *>(this), &LogEventModel::requestNextPage,
                                      Qt::QueuedConnection);
        }
        if (role == PlaceholderRole)
            return true;
        if (role == Qt::DisplayRole && index.column() == Time)
            return tr("Loading…");
        if (role == Qt::ForegroundRole)
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    }

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time:
            return timeText(event->at);
        case Level:
            return TransferDisplay::levelText(event->level);
        case Phase:
            return event->phase;
        case Transfer:
            return event->transferId.left(8); // as `ferryctl logs` prints it; the tooltip has all of it
        case Model:
            return event->modelName;
        case Message: {
            // One line per row (uniform row heights); the detail pane and tooltip show the rest.
            QString line = event->message;
            line.replace(QLatin1Char('\n'), QLatin1Char(' '));
            return line;
        }
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Message)
            return event->message;
        if (index.column() == Time)
            return TransferDisplay::relativeTime(event->at);
        if (index.column() == Transfer && !event->transferId.isEmpty())
            return tr("%1\nDouble-click to show only this transfer's events").arg(event->transferId);
        if (index.column() == Model && !event->modelName.isEmpty())
            return tr("Double-click to show only this model's events");
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Level) {
            const QColor color = TransferDisplay::levelColor(event->level);
            if (color.isValid())
                return color;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == Level) {
            // An icon as well as a colour, so warnings and errors stand out to colour-blind eyes too.
            if (event->level == QLatin1String("error"))
                return m_errorIcon;
            if (event->level == QLatin1String("warning"))
                return m_warningIcon;
        }
        return {};
    case EventRole:
        return QVariant::fromValue(*event);
    case IdRole:
        return event->id;
    case PlaceholderRole:
        return false;
    default:
        return {};
    }
}

QVariant LogEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Level");
    case Phase:
        return tr("Phase");
    case Transfer:
        return tr("Transfer");
    case Model:
        return tr("Model");
    case Message:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

bool LogEventModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_placeholders > 0 && !isLoading();
}

void LogEventModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        requestNextPage();
}

void LogEventModel::setQuery(const LogQuery &query)
{
    beginResetModel();
    m_query = query;
    ++m_generation;
    m_rows.clear();
    m_placeholders = kPageSize; // the first page, until it arrives
    m_atEnd = false;
    m_pageFailed = false;
    m_pageGeneration = 0;
    m_pollGeneration = 0;
    endResetModel();
    // Results of the old query still on their way are dropped by the runner and, should one slip through, by
    // the generation check.
    m_queries->cancel(followChannel());
    setError({});
    requestNextPage();
}

void LogEventModel::setFollowing(bool on)
{
    if (on == isFollowing())
        return;
    if (on) {
        m_followTimer.start();
        poll(); // at once, not a second later
    } else {
        m_followTimer.stop();
        m_queries->cancel(followChannel());
        m_pollGeneration = 0;
    }
}

void LogEventModel::requestNextPage()
{
    m_requestQueued = false;
    if (isLoading() || m_placeholders == 0)
        return;
    if (!m_queries->state()) {
        // No state database open (yet): nothing to load; reload() follows when one is.
        pagedIn(m_generation, QList<LogEvent>{});
        return;
    }
    const quint64 generation = m_generation;
    m_pageGeneration = generation;
    const LogQuery query = m_query;
    const qint64 beforeId = m_rows.oldestId();
    m_queries->run(
        pageChannel(), this,
        [query, beforeId](StateDatabase &, QSqlDatabase db) {
            return LogStore(db).page(query, beforeId, kPageSize);
        },
        [this, generation](const Result<QList<LogEvent>> &page) { pagedIn(generation, page); },
        StateQueryRunner::Supersede::Interrupt);
}

void LogEventModel::pagedIn(quint64 generation, const Result<QList<LogEvent>> &page)
{
    if (generation != m_generation)
        return; // a page of an older query
    // Still "loading" until the page is in: the row signals below make views and QAbstractItemModelTester
    // call data() and fetchMore(), which must not ask for a page from the old oldest id.
    const int loaded = m_rows.size();
    if (!page.ok()) {
        // Stop asking: the placeholders go, the error shows, and reload() tries again.
        qCWarning(lcUi) << "loading a page of log events failed:" << page.error().toString();
        m_pageFailed = true;
        resizePlaceholders(0);
        m_pageGeneration = 0;
        setError(page.error().toString());
        Q_EMIT pageLoaded();
        return;
    }

    const QList<LogEvent> &events = page.value();
    const int added = m_rows.olderCount(events);
    // A short page is the last; a page adding nothing new would otherwise be asked for again and again.
    const bool atEnd = events.size() < kPageSize || added == 0;
    const int placeholdersAfter = atEnd ? 0 : kPageSize;
    // Two steps, so no row changes its data while rows are inserted or removed around it: first the number of
    // rows becomes what it will be (placeholders come or go at the bottom), then placeholders turn into
    // events.
    resizePlaceholders(added + placeholdersAfter);
    m_rows.appendOlder(events);
    m_placeholders = placeholdersAfter;
    m_atEnd = atEnd;
    m_pageGeneration = 0;
    if (added > 0)
        Q_EMIT dataChanged(index(loaded, 0), index(loaded + added - 1, ColumnCount - 1));
    setError({});
    Q_EMIT pageLoaded();
}

void LogEventModel::resizePlaceholders(int count)
{
    const int loaded = m_rows.size();
    if (count > m_placeholders) {
        beginInsertRows({}, loaded + m_placeholders, loaded + count - 1);
        m_placeholders = count;
        endInsertRows();
    } else if (count < m_placeholders) {
        beginRemoveRows({}, loaded + count, loaded + m_placeholders - 1);
        m_placeholders = count;
        endRemoveRows();
    }
}

void LogEventModel::poll()
{
    if (m_pollGeneration == m_generation || !m_queries->state())
        return; // one poll at a time
    if (m_rows.isEmpty() && !m_atEnd)
        return; // the first page decides where following starts
    const quint64 generation = m_generation;
    m_pollGeneration = generation;
    const LogQuery query = m_query;
    const qint64 afterId = m_rows.newestId();
    m_queries->run(
        followChannel(), this,
        [query, afterId](StateDatabase &, QSqlDatabase db) {
            return LogStore(db).newerThan(query, afterId, kPollLimit);
        },
        [this, generation](const Result<QList<LogEvent>> &events) { polledIn(generation, events); });
}

void LogEventModel::polledIn(quint64 generation, const Result<QList<LogEvent>> &events)
{
    if (generation != m_generation)
        return;
    m_pollGeneration = 0;
    if (!events.ok()) {
        setError(events.error().toString()); // keep following: the next poll may well succeed
        return;
    }
    if (!m_pageFailed)
        setError({});
    const int count = m_rows.newerCount(events.value());
    if (count > 0) {
        beginInsertRows({}, 0, count - 1);
        m_rows.prependNewer(events.value());
        endInsertRows();
        Q_EMIT newerEventsInserted(count);
    }
    if (events.value().size() >= kPollLimit && isFollowing())
        QMetaObject::invokeMethod(this, &LogEventModel::poll, Qt::QueuedConnection); // more are waiting
}

void LogEventModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged(m_error);
}

} // namespace ferry::ui
