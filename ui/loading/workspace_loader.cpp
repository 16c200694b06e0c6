#include "loading/workspace_loader.h"

#include "validate/validation_cache.h"

#include "demo/demo_workspace.h"
#include "state/workspace_store.h"
#include "ui_log.h"
#include "validate/workspace_validator.h"
#include "workspace/workspace_applier.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QScopeGuard>
#include <QtConcurrent/QtConcurrentRun>

namespace ferry::ui {

WorkspaceLoader::WorkspaceLoader(QObject *parent) : QObject(parent) {}

// A running job owns copies of everything it uses; destroying the loader only drops its result.
WorkspaceLoader::~WorkspaceLoader() = default;

void WorkspaceLoader::open(const StateLocation &location, Options options)
{
    start(QtConcurrent::run(&WorkspaceLoader::run, nullptr, location, options));
}

void WorkspaceLoader::load(std::shared_ptr<StateDatabase> state, Options options)
{
    start(QtConcurrent::run(&WorkspaceLoader::run, std::move(state), std::nullopt, options));
}

void WorkspaceLoader::checkFolder(std::shared_ptr<StateDatabase> state, const QString &folder)
{
    start(QtConcurrent::run(&WorkspaceLoader::runCheck, std::move(state), folder));
}

void WorkspaceLoader::start(QFuture<Outcome> future)
{
    const quint64 generation = ++m_generation;
    ++m_running;
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        --m_running;
        const Outcome outcome = watcher->result();
        if (generation != m_generation) {
            qCDebug(lcUi) << "dropping a superseded workspace load";
            return;
        }
        if (outcome.error)
            Q_EMIT failed(*outcome.error);
        else
            Q_EMIT loaded(outcome.snapshot);
    });
    watcher->setFuture(std::move(future));
}

WorkspaceLoader::Outcome WorkspaceLoader::run(std::shared_ptr<StateDatabase> state,
                                              std::optional<StateLocation> location, Options options)
{
    QElapsedTimer timer;
    timer.start();
    Outcome outcome;
    if (!state) {
        Result<std::shared_ptr<StateDatabase>> opened = StateDatabase::open(*location);
        if (!opened) {
            outcome.error = opened.error();
            return outcome;
        }
        state = *opened;
    }
    // Pool threads are reused by later jobs: the connection this job opened must not outlive it.
    const auto releaseConnection = qScopeGuard([state] { state->releaseThreadConnection(); });

    if (options.applyDemoWhenEmpty) {
        const Result<bool> applied = DemoWorkspace::ensureApplied(state);
        if (!applied) {
            outcome.error = applied.error();
            return outcome;
        }
        outcome.snapshot.demoApplied = *applied;
    }
    Result<Workspace> workspace = WorkspaceStore(state->connection()).load();
    if (!workspace) {
        outcome.error = workspace.error();
        return outcome;
    }
    WorkspaceStore store(state->connection());
    Result<QHash<QString, qint64>> versions = store.versions();
    Result<QSet<QString>> transferred = store.transferredModels();
    if (!versions || !transferred) {
        outcome.error = !versions ? versions.error() : transferred.error();
        return outcome;
    }
    outcome.snapshot.report = WorkspaceValidator::validate(*workspace);
    outcome.snapshot.versions = std::move(*versions);
    outcome.snapshot.validation = std::make_shared<const ValidationCache>(*workspace, *transferred);
    outcome.snapshot.workspace = std::move(*workspace);
    outcome.snapshot.state = state;
    qCInfo(lcUi) << "loaded" << outcome.snapshot.workspace.objectCount() << "objects from"
                 << state->location().displayName() << "in" << timer.elapsed() << "ms";
    return outcome;
}

WorkspaceLoader::Outcome WorkspaceLoader::runCheck(std::shared_ptr<StateDatabase> state, const QString &folder)
{
    const auto releaseConnection = qScopeGuard([state] {
        if (state)
            state->releaseThreadConnection();
    });
    Outcome outcome;
    Result<WorkspaceApplier::Outcome> checked = WorkspaceApplier(state, {}).check(folder);
    if (!checked) {
        outcome.error = checked.error();
        return outcome;
    }
    outcome.snapshot.state = state;
    outcome.snapshot.folder = folder;
    outcome.snapshot.report = std::move(checked->report);
    outcome.snapshot.workspace = std::move(checked->workspace);
    qCInfo(lcUi) << "checked" << folder << ":" << outcome.snapshot.report.errorCount() << "errors";
    return outcome;
}

} // namespace ferry::ui
