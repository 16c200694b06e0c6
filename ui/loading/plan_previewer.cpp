#include "loading/plan_previewer.h"

#include <QFutureWatcher>
#include <QScopeGuard>
#include <QtConcurrent/QtConcurrentRun>

namespace ferry::ui {

PlanPreviewer::PlanPreviewer(QObject *parent) : QObject(parent) {}

void PlanPreviewer::preview(std::shared_ptr<StateDatabase> state, const Workspace &workspace,
                            const TransferRequest &request)
{
    const quint64 generation = ++m_generation;
    m_busy = true;
    auto *watcher = new QFutureWatcher<Result<TransferPreview>>(this);
    connect(watcher, &QFutureWatcher<Result<TransferPreview>>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded or cancelled
        m_busy = false;
        const Result<TransferPreview> preview = watcher->result();
        if (preview)
            Q_EMIT ready(*preview);
        else
            Q_EMIT failed(preview.error());
    });
    watcher->setFuture(QtConcurrent::run([state, workspace, request]() -> Result<TransferPreview> {
        // Global pool threads run other jobs later: this job's state connection must not outlive it.
        const auto release = qScopeGuard([state] { state->releaseThreadConnection(); });
        return TransferPreview::build(*state, workspace, request);
    }));
}

void PlanPreviewer::cancel()
{
    ++m_generation;
    m_busy = false;
}

} // namespace ferry::ui
