#pragma once

#include "state/log_store.h"
#include "state/transfer_record.h"

#include <QWidget>

#include <optional>

class QLabel;
class QFrame;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace ferry::ui {

class LogEventModel;
class StateQueryRunner;
class TransferModelsModel;

// The selected transfer in full, read by id off the UI thread: the request (models, window, full refresh, tags, who
// ran it where), each model's result, and for a failure what failed, where, whose fault and what to do, shown before
// anything else; then that transfer's log events. Copies itself as `transfer show --json`.
class TransferDetailsPane : public QWidget
{
    Q_OBJECT

public:
    explicit TransferDetailsPane(StateQueryRunner *queries, QWidget *parent = nullptr);

    void showTransfer(const QString &id);
    // Reads the shown transfer again (it changed).
    void refresh();
    void showPlaceholder(const QString &text);
    QString transferId() const { return m_id; }
    const std::optional<TransferRecord> &record() const { return m_record; }

    // What the pane shows, as text (tests, screenshots' checks).
    QString headline() const;
    QString failureText() const;
    QString requestText() const;
    bool isShowingFailure() const;
    TransferModelsModel *modelsModel() const { return m_models; }
    LogEventModel *logModel() const { return m_logs; }
    // The transfer as `ferryctl transfer show --json` prints it; also put on the clipboard by the Copy button.
    QString json() const;

Q_SIGNALS:
    void loaded(const QString &id);
    void showLogsRequested(const QString &id);

private:
    QWidget *buildHeader();
    QFrame *buildFailure();
    void showRecord(const TransferRecord &record);
    void showFailure(const TransferRecord &record);

    StateQueryRunner *m_queries;
    QString m_id;
    std::optional<TransferRecord> m_record;
    TransferModelsModel *m_models;
    LogEventModel *m_logs;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_showLogs = nullptr;
    QFrame *m_failure = nullptr;
    QLabel *m_failureWhat = nullptr;
    QLabel *m_failureError = nullptr;
    QLabel *m_failureMessage = nullptr;
    QLabel *m_failureBlame = nullptr;
    QLabel *m_failureHint = nullptr;
    QLabel *m_request = nullptr;
    QTableView *m_modelsView = nullptr;
    QTableView *m_logsView = nullptr;
};

} // namespace ferry::ui
