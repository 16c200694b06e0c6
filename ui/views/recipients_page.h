#pragma once

#include "config/workspace.h"
#include "state/transfer_summary.h"

#include <QHash>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QTimer;
class QTreeView;

namespace ferry::ui {

class AppSettings;
class RecipientDetailPane;
class RecipientFilterModel;
class RecipientHealthModel;
class RewindCheckpointDialog;
class StateQueryRunner;
class TransferActions;

// The Recipients page: each recipient with its destinations' health (last transfer, next scheduled run, running
// now) and, per model, the checkpoint, last success, rows and lag; with run now, full refresh, rewind checkpoint
// and check source.
class RecipientsPage : public QWidget
{
    Q_OBJECT

public:
    RecipientsPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings,
                   QWidget *parent = nullptr);
    ~RecipientsPage() override;

    void setWorkspace(const Workspace &workspace);
    // Reads the destinations' and models' activity again (also every few seconds while shown).
    void reload();
    // Selects a recipient or destination by name; false when there is none.
    bool select(const QString &name);
    // Selects one model row of a destination; false when there is none.
    bool selectModel(const QString &destination, const QString &model);

    // Opens the rewind dialog (window-modal, without waiting) for the selected model row; it rewinds on OK.
    // nullptr, with the reason in messageText(), when the row is not a model with a checkpoint.
    RewindCheckpointDialog *openRewindDialog();
    // Checks the sources of the selected model (or of a destination's models) on a worker thread.
    void checkSource();

    RecipientHealthModel *healthModel() const { return m_model; }
    RecipientFilterModel *filterModel() const { return m_filter; }
    QTreeView *treeView() const { return m_tree; }
    RecipientDetailPane *detailPane() const { return m_detail; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QAction *runNowAction() const { return m_runNow; }
    QAction *fullRefreshAction() const { return m_fullRefresh; }
    QAction *rewindAction() const { return m_rewind; }
    QAction *checkSourceAction() const { return m_checkSource; }
    // The outcome of the last action or read, as the banner above the tree shows it.
    QString messageText() const;

Q_SIGNALS:
    // The newest transfer of each destination, by destination name, whenever it was read.
    void healthChanged(const QHash<QString, ferry::TransferSummary> &latest);
    // A read of the state database reached the tree (or failed: see messageText()).
    void loaded();
    void checkpointRewound(const QString &destination, const QString &model, bool ok);
    void sourceChecked(const QStringList &sources);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildActions();
    void currentChanged();
    void updateActions();
    void loadRecent();
    void rewind(const QString &destination, const QString &model, const QString &to);
    void showMessage(const QString &text, bool problem = false);
    void showContextMenu(const QPoint &position);
    QModelIndex currentSourceIndex() const;

    StateQueryRunner *m_queries;
    TransferActions *m_actions;
    AppSettings *m_settings;
    Workspace m_workspace;
    RecipientHealthModel *m_model;
    RecipientFilterModel *m_filter;
    QTreeView *m_tree;
    RecipientDetailPane *m_detail;
    QSplitter *m_splitter;
    QLineEdit *m_filterEdit;
    QLabel *m_message;
    QTimer *m_timer;
    QAction *m_runNow = nullptr;
    QAction *m_fullRefresh = nullptr;
    QAction *m_rewind = nullptr;
    QAction *m_checkSource = nullptr;
    QAction *m_reload = nullptr;
    quint64 m_checkGeneration = 0; // a newer check makes an older one's result stale
};

} // namespace ferry::ui
