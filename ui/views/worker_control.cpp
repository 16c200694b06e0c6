#include "views/worker_control.h"

#include <QAction>
#include <QCoreApplication>
#include <QHostInfo>
#include <QLabel>
#include <QTimer>

namespace ferry::ui {

namespace {

constexpr int kWorkers = 2;

} // namespace

WorkerControl::WorkerControl(QLabel *label, QObject *parent)
    : QObject(parent), m_action(new QAction(QStringLiteral("Run &Transfers in This App"), this)), m_label(label),
      m_stopPoll(new QTimer(this))
{
    m_action->setCheckable(true);
    m_action->setEnabled(false);
    m_action->setToolTip(QStringLiteral("Dispatch and run queued and scheduled transfers on worker threads in this app. "
                                        "Off, the app only watches (a `ferryctl run` serves the queue)."));
    m_label->setObjectName(QStringLiteral("workerStatus"));
    connect(m_action, &QAction::toggled, this, [this](bool on) { on ? start() : stop(); });
    m_stopPoll->setInterval(200);
    connect(m_stopPoll, &QTimer::timeout, this, &WorkerControl::finishStopping);
    showStatus(QStringLiteral("Workers: off (watching)"));
}

WorkerControl::~WorkerControl()
{
    if (m_pool) {
        // Closing the app: running transfers stop at their next batch (or their statement is interrupted).
        m_pool->stop(WorkerPool::Stop::Kill);
        m_pool->wait();
    }
}

void WorkerControl::setState(std::shared_ptr<StateDatabase> state)
{
    if (m_pool)
        return; // the workers keep the database they started on
    m_state = std::move(state);
    m_action->setEnabled(m_state != nullptr);
}

QString WorkerControl::statusText() const
{
    return m_label->text();
}

void WorkerControl::showStatus(const QString &text, const QString &tooltip)
{
    m_label->setText(text);
    m_label->setToolTip(tooltip);
    Q_EMIT statusChanged(text);
}

void WorkerControl::showCounts()
{
    if (m_stopping)
        return;
    QString text = m_running == 0 ? QStringLiteral("Workers: idle") : QStringLiteral("Workers: %1 running").arg(m_running);
    if (m_done > 0)
        text += QStringLiteral(" · %1 done").arg(m_done);
    if (m_failed > 0)
        text += QStringLiteral(" (%1 failed)").arg(m_failed);
    showStatus(text, QStringLiteral("%1 worker threads in this app run queued and scheduled transfers; %2 transfer(s) "
                                    "ended here, %3 of them not successful")
                         .arg(kWorkers)
                         .arg(m_done)
                         .arg(m_failed));
}

void WorkerControl::start()
{
    if (m_pool || !m_state)
        return;
    Result<std::unique_ptr<DispatchLock>> lock = DispatchLock::acquire(*m_state);
    if (!lock) {
        showStatus(QStringLiteral("Workers: off (another process runs the queue)"), lock.error().toString());
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(false);
        return;
    }
    m_lock = std::move(*lock);
    WorkerPool::Options options;
    options.workers = kWorkers;
    options.processPrefix = QStringLiteral("%1:%2:").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    m_pool = std::make_unique<WorkerPool>(m_state, options);
    m_running = m_done = m_failed = 0;
    // Emitted from the pool's threads: queued onto this (UI) thread.
    connect(m_pool.get(), &WorkerPool::transferStarted, this, [this](const QString &id) {
        ++m_running;
        showCounts();
        Q_EMIT transferChanged(id);
    });
    connect(m_pool.get(), &WorkerPool::transferFinished, this, [this](const QString &id, const QString &status) {
        --m_running;
        ++m_done;
        if (status != QLatin1String("SUCCESS"))
            ++m_failed;
        showCounts();
        Q_EMIT transferChanged(id);
    });
    connect(m_pool.get(), &WorkerPool::transferProgress, this,
            [this](const QString &id, const ModelMetrics &) { Q_EMIT transferProgress(id); });
    connect(m_pool.get(), &WorkerPool::housekeeping, this, &WorkerControl::housekeepingDone);
    connect(m_pool.get(), &WorkerPool::fatal, this, [this](const Error &error) {
        showStatus(QStringLiteral("Workers: stopped on an error"), error.toString());
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(false);
        stop();
    });
    m_pool->start();
    showCounts();
}

void WorkerControl::stop()
{
    if (!m_pool || m_stopping)
        return;
    m_stopping = true;
    m_pool->stop(WorkerPool::Stop::Drain);
    showStatus(QStringLiteral("Workers: finishing %1…").arg(m_running));
    m_action->setEnabled(false);
    m_stopPoll->start();
}

void WorkerControl::stopWorkers()
{
    if (!m_pool)
        return;
    const QSignalBlocker blocker(m_action);
    m_action->setChecked(false);
    stop();
}

void WorkerControl::killWorkers()
{
    if (!m_pool)
        return;
    stopWorkers();
    m_pool->stop(WorkerPool::Stop::Kill);
}

void WorkerControl::finishStopping()
{
    if (!m_pool || !m_pool->wait(0))
        return; // still finishing: the UI thread never waits for a transfer
    m_stopPoll->stop();
    m_pool.reset();
    m_lock.reset();
    m_stopping = false;
    m_action->setEnabled(m_state != nullptr);
    if (!m_label->text().startsWith(QStringLiteral("Workers: stopped")))
        showStatus(QStringLiteral("Workers: off (watching)"));
    m_running = 0;
    Q_EMIT stopped();
}

} // namespace ferry::ui
