#pragma once

#include "errors/result.h"
#include "models/transfer_row_cache.h"
#include "state/transfer_summary.h"

#include <QAbstractTableModel>
#include <QDateTime>

#include <optional>

class QTimer;

namespace ferry::ui {

class StateQueryRunner;

// The transfer history as a lazy table (DB Browser for SQLite's shape): rows come a keyset page at a time from the
// state database on the StateQueryRunner's threads, as the view scrolls; rows not loaded yet show "Loading…" until
// their page arrives, and a page of an older query is dropped. While live, it polls the transfers changed since it
// last looked (whichever process wrote them): changed rows are updated in place, newer transfers are inserted at the
// top. The total count is its own, interruptible query.
class TransferHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        StatusColumn,
        IdColumn,
        RecipientColumn,
        DestinationColumn,
        SubmittedColumn,
        StartedColumn,
        EndedColumn,
        DurationColumn,
        RowsColumn,
        SizeColumn,
        TagsColumn,
        FullRefreshColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1, // the full transfer id
        StatusRole,                // the status as stored (SUCCESS, ERROR...)
        IsPlaceholderRole,         // a row whose page has not arrived yet
    };
    static constexpr int kPageSize = 200;
    static constexpr int kPlaceholderRows = 40;

    // `channel` names this model's queries on the runner (several models may share one runner).
    TransferHistoryModel(StateQueryRunner *queries, const QString &channel, QObject *parent = nullptr);
    ~TransferHistoryModel() override;

    // Loads the first page of `query` (the rows shown stay until it arrives, so filtering never blanks the view).
    void setQuery(const TransferQuery &query);
    const TransferQuery &query() const { return m_query; }
    void reload() { setQuery(m_query); }
    // Polls for changed and new transfers every `intervalMs` (0: stop).
    void setLive(int intervalMs);
    // Looks for changed and new transfers now.
    void poll();

    std::optional<TransferSummary> summaryAt(int row) const;
    int rowOf(const QString &id) const { return m_cache.rowOf(id); }
    qint64 totalCount() const { return m_total; } // -1 until counted
    bool hasFirstPage() const { return m_firstPageShown; }
    bool reachedEnd() const { return m_reachedEnd; }
    bool isLoadingPage() const { return m_pageInFlight; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // The first page of the current query is shown (possibly empty).
    void firstPageShown();
    void countChanged(qint64 count);
    void loadFailed(const ferry::Error &error);
    // Newer transfers were inserted at the top: a view scrolled down keeps its place by this many rows.
    void rowsPrepended(int count);
    // Rows of these transfers changed (status, progress): a details pane showing one of them reloads.
    void transfersChanged(const QStringList &ids);

private:
    using Page = Result<QList<TransferSummary>>;

    void requestNextPage();
    void showFirstPage(Page page);
    void appendPage(Page page);
    void requestCount();
    void applyChanges(Result<QList<TransferSummary>> changed);
    void insertNewest(Page page);
    int placeholderRows() const { return m_reachedEnd ? 0 : kPlaceholderRows; }
    QVariant rowData(const TransferSummary &summary, int column, int role) const;

    StateQueryRunner *m_queries;
    QString m_channel;
    TransferQuery m_query;
    TransferRowCache m_cache;
    QTimer *m_poll;
    qint64 m_total = -1;
    QDateTime m_watermark; // the newest updated_at seen; polls look a margin before it
    // What the view has been told: the rows it has, and how many of the first ones show a loaded transfer (the
    // cache may hold more, just arrived, until the signals for them are sent).
    int m_rowCount = 0;
    int m_shownReal = 0;
    bool m_firstPageShown = false;
    bool m_reachedEnd = true;
    bool m_pageInFlight = false;
    bool m_pollInFlight = false;
    mutable bool m_wantMore = false; // a placeholder row was painted: fetch its page
};

} // namespace ferry::ui
