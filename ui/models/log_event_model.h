#pragma once

#include "models/log_row_cache.h"
#include "state/log_store.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QTimer>

namespace ferry::ui {

class StateQueryRunner;

// Log events matching a LogQuery, newest first, loaded lazily in keyset pages (LogStore::page on the query
// runner, never on the UI thread), as DB Browser for SQLite's table model does: rows not loaded yet show
// "Loading…", and showing one (or the view's fetchMore()) asks for the next page. Every setQuery() starts a
// new generation, so a page of an older query arriving late is dropped. In follow mode newer events are
// polled and inserted at the top.
class LogEventModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Level,
        Phase,
        Transfer,
        Model,
        Message,
        ColumnCount
    };
    enum Role
    {
        EventRole = Qt::UserRole + 1, // the row's LogEvent; invalid on a placeholder row
        IdRole,                       // the event id (qint64); invalid on a placeholder row
        PlaceholderRole,              // true while the row's page has not arrived
    };

    static constexpr int kPageSize = 200;

    // `channel` names this model's jobs on the runner, so two models (Logs page, a transfer's log pane) never
    // supersede each other's pages.
    explicit LogEventModel(StateQueryRunner *queries, const QString &channel = QStringLiteral("logs"),
                           QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    const LogQuery &query() const { return m_query; }
    // Drops the rows and loads the first page of `query` (also when it equals the current one: a reload).
    void setQuery(const LogQuery &query);
    void reload() { setQuery(m_query); }

    // Polls for newer events every interval while on (the first page must have arrived to know where to
    // start).
    void setFollowing(bool on);
    bool isFollowing() const { return m_followTimer.isActive(); }
    void setFollowInterval(int ms) { m_followTimer.setInterval(ms); }

    // Events loaded so far, and whether they are all the query matches.
    int loadedCount() const { return m_rows.size(); }
    bool isAtEnd() const { return m_atEnd; }
    // A page failed: no more are asked for until setQuery() or reload().
    bool hasFailed() const { return m_pageFailed; }
    bool isLoading() const { return m_pageGeneration == m_generation; }
    // The last state-database error, empty after a successful query.
    QString errorText() const { return m_error; }
    // The loaded event at `row`, or nullptr on a placeholder row.
    const LogEvent *eventAt(int row) const;

    static QString timeText(const QDateTime &time);

Q_SIGNALS:
    // A page arrived (or the query ran out): loadedCount()/isAtEnd() changed.
    void pageLoaded();
    // Follow mode inserted `count` newer events at row 0.
    void newerEventsInserted(int count);
    void errorChanged(const QString &error);

private:
    // Asks for the page below the oldest loaded event unless one is on its way or the end was reached.
    void requestNextPage();
    void pagedIn(quint64 generation, const Result<QList<LogEvent>> &page);
    void poll();
    void polledIn(quint64 generation, const Result<QList<LogEvent>> &events);
    void setError(const QString &error);
    // Inserts or removes "Loading…" rows at the bottom until there are `count`.
    void resizePlaceholders(int count);
    QString pageChannel() const { return m_channel + QStringLiteral(".page"); }
    QString followChannel() const { return m_channel + QStringLiteral(".follow"); }

    StateQueryRunner *m_queries;
    QString m_channel;
    LogQuery m_query;
    LogRowCache m_rows;
    // Bumped by setQuery(); results carry the generation they were asked for and are dropped when it moved
    // on.
    quint64 m_generation = 1;
    quint64 m_pageGeneration = 0; // the generation of the page on its way, if any
    quint64 m_pollGeneration = 0; // likewise for the follow poll
    // Rows shown as "Loading…" below the loaded ones: one page while more may exist, none at the end or after
    // an error (until setQuery()).
    int m_placeholders = 0;
    bool m_atEnd = false;
    bool m_pageFailed = false;
    mutable bool m_requestQueued = false; // data() queued a page request
    QString m_error;
    QIcon m_warningIcon;
    QIcon m_errorIcon;
    QTimer m_followTimer;
};

} // namespace ferry::ui
