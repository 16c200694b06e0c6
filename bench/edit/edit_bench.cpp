// Times the editors' core (issue 15) on a large workspace: 1,000 models of 32 columns with their sources, products,
// recipients and destinations. Building a ValidationCache, re-validating one edited model (what the model editor
// runs while the user types), the full validation it replaces, and saving one model with applyPatch into an SQLite
// (or --state) state database. Prints a Markdown table; exit 1 when a step failed.
#include "state/state_database.h"
#include "state/workspace_store.h"
#include "validate/validation_cache.h"
#include "validate/workspace_validator.h"
#include "workspace/workspace_applier.h"
#include "large_workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace ferry;
using namespace ferry::bench;


int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time the editors' validation and saves on a large workspace "
                                                    "(bench/edit-bench)."));
    parser.addHelpOption();
    const QCommandLineOption modelsOption(QStringLiteral("models"), QStringLiteral("Models (1000)."), QStringLiteral("N"),
                                          QStringLiteral("1000"));
    const QCommandLineOption columnsOption(QStringLiteral("columns"), QStringLiteral("Columns per model (32)."),
                                           QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption editsOption(QStringLiteral("edits"), QStringLiteral("Edits re-validated (100)."),
                                         QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption savesOption(QStringLiteral("saves"), QStringLiteral("Models saved with applyPatch (20)."),
                                         QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption stateOption(QStringLiteral("state"),
                                         QStringLiteral("State database URL (an empty one; default: a new SQLite file)."),
                                         QStringLiteral("URL"));
    parser.addOptions({modelsOption, columnsOption, editsOption, savesOption, stateOption});
    parser.process(app);
    QTextStream out(stdout), err(stderr);
    const int edits = qMax(1, parser.value(editsOption).toInt());
    const int saves = qMax(1, parser.value(savesOption).toInt());

    Workspace workspace = largeWorkspace(qMax(1, parser.value(modelsOption).toInt()), qMax(2, parser.value(columnsOption).toInt()));
    WorkspaceApplier::assignIds(workspace, {});
    QList<QStringList> rows; // name, median, p95, runs, target

    QList<double> full;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        const ValidationReport report = WorkspaceValidator::validate(workspace);
        full << msSince(timer);
        if (report.hasErrors()) {
            err << "the generated workspace is invalid: " << report.issues().first().toString() << "\n";
            return 1;
        }
    }
    rows << QStringList{QStringLiteral("full validation (WorkspaceValidator)"), QString::number(percentile(full, 0.5), 'f', 1),
                        QString::number(percentile(full, 0.95), 'f', 1), QString::number(full.size()), QString()};

    QList<double> builds;
    std::unique_ptr<ValidationCache> cache;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        cache = std::make_unique<ValidationCache>(workspace, QSet<QString>{});
        builds << msSince(timer);
    }
    rows << QStringList{QStringLiteral("build ValidationCache"), QString::number(percentile(builds, 0.5), 'f', 1),
                        QString::number(percentile(builds, 0.95), 'f', 1), QString::number(builds.size()), QString()};

    QRandomGenerator random(15);
    QList<double> checks;
    for (int i = 0; i < edits; ++i) {
        Workspace edited;
        edited.models << workspace.models[random.bounded(int(workspace.models.size()))];
        Column &column = edited.models[0].columns[2 + random.bounded(int(edited.models[0].columns.size()) - 2)];
        column.nameInDestination = i % 4 == 0 ? QStringLiteral("select") : column.nameInDestination + QStringLiteral("_x");
        QElapsedTimer timer;
        timer.start();
        const ValidationReport report = cache->check(ObjectKind::Model, edited);
        checks << msSince(timer);
        if ((i % 4 == 0) != report.hasErrors()) {
            err << "edit " << i << " was not judged as expected\n";
            return 1;
        }
    }
    const double checkMedian = percentile(checks, 0.5);
    rows << QStringList{QStringLiteral("re-validate one edited model (ValidationCache::check)"),
                        QString::number(checkMedian, 'f', 2), QString::number(percentile(checks, 0.95), 'f', 2),
                        QString::number(checks.size()),
                        QStringLiteral("< 20 ms: ") + (percentile(checks, 0.95) < 20 ? QStringLiteral("met") : QStringLiteral("MISSED"))};

    // Typing a source's name: every keystroke renames it, and half the models name it.
    QList<double> sourceChecks;
    for (int i = 0; i < edits; ++i) {
        Workspace edited;
        edited.sources << workspace.sources.first();
        edited.sources[0].name += QString::number(i);
        QElapsedTimer timer;
        timer.start();
        const ValidationReport report = cache->check(ObjectKind::Source, edited);
        sourceChecks << msSince(timer);
        if (report.hasErrors()) {
            err << "renaming the source was judged wrong: " << report.issues().first().toString() << "\n";
            return 1;
        }
    }
    rows << QStringList{QStringLiteral("re-validate a renamed source that %1 models name").arg(workspace.models.size() / 2),
                        QString::number(percentile(sourceChecks, 0.5), 'f', 2),
                        QString::number(percentile(sourceChecks, 0.95), 'f', 2), QString::number(sourceChecks.size()),
                        QStringLiteral("< 20 ms: ") + (percentile(sourceChecks, 0.95) < 20 ? QStringLiteral("met") : QStringLiteral("MISSED"))};

    QTemporaryDir dir;
    const QString url = parser.isSet(stateOption) ? parser.value(stateOption)
                                                  : QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("state.db"));
    const Result<StateLocation> location = StateLocation::parse(url);
    Result<std::shared_ptr<StateDatabase>> state = location ? StateDatabase::open(*location) : location.error();
    if (!state) {
        err << state.error().toString() << "\n";
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    const Result<WorkspaceApplier::Outcome> applied = WorkspaceApplier(*state, {}).applyWorkspace(workspace);
    if (!applied || applied->report.hasErrors()) {
        err << "applying the workspace failed\n";
        return 1;
    }
    const double applyMs = msSince(timer);
    rows << QStringList{QStringLiteral("applyWorkspace of all %1 objects into an empty state").arg(workspace.objectCount()),
                        QString::number(applyMs, 'f', 0), QString::number(applyMs, 'f', 0), QStringLiteral("1"), QString()};
    QHash<QString, qint64> versions = applied->versions;
    QList<double> patches;
    for (int i = 0; i < saves; ++i) {
        Model model = workspace.models[random.bounded(int(workspace.models.size()))];
        model.description = QStringLiteral("saved %1").arg(i);
        WorkspacePatch patch;
        patch.saved.models << model;
        patch.expectedVersions.insert(model.id, versions.value(model.id));
        QElapsedTimer one;
        one.start();
        const Result<WorkspaceApplier::Outcome> outcome = WorkspaceApplier(*state, {}).applyPatch(patch);
        patches << msSince(one);
        if (!outcome || outcome->report.hasErrors() || outcome->changes.size() != 1) {
            err << "saving model " << model.name << " failed: " << (outcome ? QString() : outcome.error().toString()) << "\n";
            return 1;
        }
        versions = outcome->versions;
    }
    rows << QStringList{QStringLiteral("applyPatch of one model (%1)").arg((*state)->isSqlite() ? QStringLiteral("SQLite")
                                                                                                : QStringLiteral("PostgreSQL")),
                        QString::number(percentile(patches, 0.5), 'f', 1), QString::number(percentile(patches, 0.95), 'f', 1),
                        QString::number(patches.size()), QString()};

    out << "Workspace: " << workspace.models.size() << " models x " << workspace.models[0].columns.size() << " columns, "
        << workspace.objectCount() << " objects\n\n";
    out << "| measurement | median ms | p95 ms | runs | target |\n|---|---:|---:|---:|---|\n";
    for (const QStringList &row : rows)
        out << "| " << row.join(QStringLiteral(" | ")) << " |\n";
    return 0;
}
