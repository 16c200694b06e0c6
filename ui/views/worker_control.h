#pragma once

#include "engine/dispatch_lock.h"
#include "engine/worker_pool.h"

#include <QObject>

#include <memory>

class QAction;
class QLabel;
class QTimer;

namespace ferry::ui {

// Whether this app runs transfers itself or only watches: a checkable action that starts a WorkerPool on the app's
// state database (with the SQLite dispatch lock, so it never competes with a `ferryctl run` on the same file) and
// a status-bar label that says what the workers do. Turning it off lets running transfers finish without blocking
// the window; closing the app stops them at their next batch (KILLED, resumed by the next transfer).
class WorkerControl : public QObject
{
    Q_OBJECT

public:
    // `label` (owned by the caller, usually the status bar) shows what the workers do.
    WorkerControl(QLabel *label, QObject *parent = nullptr);
    ~WorkerControl() override;

    // The state database the workers use; until set, the action is disabled.
    void setState(std::shared_ptr<StateDatabase> state);
    QAction *action() const { return m_action; }
    QLabel *label() const { return m_label; }
    bool isRunning() const { return m_pool != nullptr; }
    // Transfers running on this app's workers now.
    int runningCount() const { return m_running; }
    QString statusText() const;
    // Claim nothing more and let running transfers finish; `stopped` follows (the action turns off).
    void stopWorkers();
    // Also stop running transfers at their next batch (KILLED, resumed by the next transfer); `stopped` follows.
    void killWorkers();

Q_SIGNALS:
    void statusChanged(const QString &text);
    // The pool's signals, on the UI thread: a transfer started or ended here, a running model moved on, and the
    // housekeeping thread's orphaned, expired and scheduled transfers.
    void transferChanged(const QString &transferId);
    void transferProgress(const QString &transferId);
    void housekeepingDone(const QStringList &orphaned, const QStringList &expired, const QStringList &scheduled);
    // The workers stopped (after stopWorkers(), killWorkers() or a fatal error).
    void stopped();

private:
    void start();
    void stop();
    void finishStopping();
    void showStatus(const QString &text, const QString &tooltip = {});
    void showCounts();

    std::shared_ptr<StateDatabase> m_state;
    std::unique_ptr<DispatchLock> m_lock;
    std::unique_ptr<WorkerPool> m_pool;
    QAction *m_action;
    QLabel *m_label;
    QTimer *m_stopPoll;
    int m_running = 0;
    int m_done = 0;
    int m_failed = 0;
    bool m_stopping = false;
};

} // namespace ferry::ui
