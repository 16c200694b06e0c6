#pragma once

#include "config/workspace.h"

#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTableView;
class QTimer;

namespace ferry::ui {

class AppSettings;
class StateQueryRunner;
class TransferActions;
class TransferDetailsPane;
class TransferFilterBar;
class TransferHistoryModel;

// The Transfers page: the history (lazily paged, filtered, live), the selected transfer's details and logs, and
// the actions support staff take (run now, full refresh, stop, retry failed models).
class TransfersPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kPollMs = 1000;

    TransfersPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings,
                  QWidget *parent = nullptr);
    ~TransfersPage() override;

    void setWorkspace(const Workspace &workspace);
    void reload();
    // A running transfer moved on (this app's workers): look again soon rather than at the next poll.
    void noteProgress(const QString &transferId);
    // Selects the transfer and shows its details (loading them by id when it is not among the rows yet).
    void selectTransfer(const QString &transferId);
    QString selectedTransferId() const;

    TransferHistoryModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    TransferFilterBar *filterBar() const { return m_filters; }
    TransferDetailsPane *details() const { return m_details; }
    QAction *runAction() const { return m_run; }
    QAction *fullRefreshAction() const { return m_fullRefresh; }
    QAction *stopAction() const { return m_stop; }
    QAction *retryAction() const { return m_retry; }
    QString emptyText() const;

Q_SIGNALS:
    void showLogsRequested(const QString &transferId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildActions();
    void applyFilters();
    void showCurrent();
    void updateActions();
    void updateEmptyHint();
    void showContextMenu(const QPoint &pos);
    void saveSettings();

    StateQueryRunner *m_queries;
    TransferActions *m_actions;
    AppSettings *m_settings;
    TransferHistoryModel *m_model;
    TransferFilterBar *m_filters;
    QTableView *m_view;
    TransferDetailsPane *m_details;
    QSplitter *m_splitter;
    QLabel *m_empty;
    QLabel *m_error;
    QTimer *m_soon;
    QAction *m_run = nullptr;
    QAction *m_fullRefresh = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_retry = nullptr;
    QAction *m_copyId = nullptr;
    QAction *m_showLogs = nullptr;
    QString m_pendingSelection; // a transfer to select once its row is loaded
    bool m_filtersRestored = false;
};

} // namespace ferry::ui
