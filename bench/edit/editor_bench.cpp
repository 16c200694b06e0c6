// Times the desktop editors (issue 15) on a large workspace (1,000 models of 32 columns): opening a model's editor
// from the Workspace page (the editor built, or reused, and filled with the model), the first validation result
// after opening, and re-validating one edit the way the editor does while the user types (its validator, off the
// UI thread, against the loaded workspace's ValidationCache). An offscreen QApplication and a real MainWindow on an
// SQLite state database. Prints a Markdown table; exit 1 when a step failed.
#include "editors/editor_services.h"
#include "loading/catalog_loader.h"
#include "editors/object_editor.h"
#include "large_workspace.h"
#include "settings/app_settings.h"
#include "views/main_window.h"
#include "views/workspace_page.h"
#include "workspace/workspace_applier.h"

#include <QApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

using namespace ferry;
using namespace ferry::bench;
using namespace ferry::ui;

namespace {

// Runs the event loop until `done` holds or `timeoutMs` passed.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

// An SQLite source of `tables` tables of 12 columns each, a primary key and a (tenant, updated_at) index.
bool writeWideSource(const QString &path, int tables)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-source"));
        db.setDatabaseName(path);
        ok = db.open() && db.transaction();
        QSqlQuery query(db);
        for (int t = 0; ok && t < tables; ++t) {
            const QString name = QStringLiteral("table_%1").arg(t, 4, 10, QLatin1Char('0'));
            QStringList columns{QStringLiteral("id INTEGER PRIMARY KEY"), QStringLiteral("tenant_id TEXT NOT NULL"),
                                QStringLiteral("updated_at TIMESTAMP NOT NULL")};
            for (int c = 0; c < 9; ++c)
                columns << QStringLiteral("value_%1 TEXT").arg(c);
            ok = query.exec(QStringLiteral("CREATE TABLE %1 (%2)").arg(name, columns.join(QStringLiteral(", ")))) &&
                 query.exec(QStringLiteral("CREATE INDEX %1_tenant_updated ON %1 (tenant_id, updated_at)").arg(name));
        }
        ok = ok && db.commit();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-source"));
    return ok;
}

QStringList row(const QString &name, const QList<double> &values, const QString &target)
{
    return {name, QString::number(percentile(values, 0.5), 'f', 1), QString::number(percentile(values, 0.95), 'f', 1),
            QString::number(values.size()), target};
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time opening editors and re-validating edits on a large workspace."));
    parser.addHelpOption();
    const QCommandLineOption modelsOption(QStringLiteral("models"), QStringLiteral("Models (1000)."), QStringLiteral("N"),
                                          QStringLiteral("1000"));
    const QCommandLineOption columnsOption(QStringLiteral("columns"), QStringLiteral("Columns per model (32)."),
                                           QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption opensOption(QStringLiteral("opens"), QStringLiteral("Editors opened (40)."), QStringLiteral("N"),
                                         QStringLiteral("40"));
    parser.addOptions({modelsOption, columnsOption, opensOption});
    parser.process(app);
    QTextStream out(stdout), err(stderr);
    const int models = qMax(2, parser.value(modelsOption).toInt());
    const int opens = qMax(2, parser.value(opensOption).toInt());

    QTemporaryDir dir;
    StateLocation location;
    location.sqlitePath = dir.filePath(QStringLiteral("state.db"));
    {
        Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(location);
        if (!state) {
            err << state.error().toString() << "\n";
            return 1;
        }
        const Result<WorkspaceApplier::Outcome> applied =
            WorkspaceApplier(*state, {}).applyWorkspace(largeWorkspace(models, qMax(2, parser.value(columnsOption).toInt())));
        if (!applied || applied->report.hasErrors()) {
            err << "cannot apply the generated workspace: "
                << (!applied ? applied.error().toString() : applied->report.issues().first().toString()) << "\n";
            return 1;
        }
    }

    MainWindow::Options options;
    options.location = location;
    options.applyDemoWhenEmpty = false;
    options.settings = std::make_shared<AppSettings>(dir.filePath(QStringLiteral("ferry.ini")));
    MainWindow window(options);
    window.resize(1280, 800);
    window.show();
    bool shown = false;
    QObject::connect(&window, &MainWindow::workspaceShown, &window, [&shown] { shown = true; });
    QElapsedTimer loading;
    loading.start();
    window.open();
    if (!waitFor([&shown] { return shown; })) {
        err << "the workspace did not load\n";
        return 1;
    }
    const double loadMs = msSince(loading);
    ObjectEditor::setLeaveQuestion([](const QString &) { return ObjectEditor::LeaveChoice::Discard; });

    QList<double> openReused, openNew, firstValidation, revalidate;
    for (int i = 0; i < opens; ++i) {
        // Alternate a product and a model: every model open builds a new editor; then models in a row reuse it.
        const bool fresh = i < opens / 2;
        if (fresh && !window.edit(QStringLiteral("products/everything")))
            return 1;
        const QString name = QStringLiteral("table_%1").arg((i * 37) % models, 4, 10, QLatin1Char('0'));
        QElapsedTimer timer;
        timer.start();
        if (!window.edit(QStringLiteral("models/") + name)) {
            err << "no editor for " << name << "\n";
            return 1;
        }
        (fresh ? openNew : openReused) << msSince(timer);
        ObjectEditor *editor = window.workspacePage()->editor();
        if (!waitFor([editor] { return !editor->isValidating(); })) {
            err << "no validation for " << name << "\n";
            return 1;
        }
        firstValidation << msSince(timer);
        // What the editor runs on a pool thread after each pause in typing.
        const EditorServices::Validator validator = window.editorServices()->validator();
        const ObjectDraft edited = editor->draft().with(QStringLiteral("description"), "edited in the bench");
        QElapsedTimer check;
        check.start();
        const ValidationReport report = validator(edited);
        revalidate << msSince(check);
        if (report.hasErrors()) {
            err << "unexpected problems: " << report.issues().first().toString() << "\n";
            return 1;
        }
    }

    // Introspecting a source of 2,000 tables as the model builder does: the UI thread only starts the work.
    const QString sourcePath = dir.filePath(QStringLiteral("wide-source.db"));
    if (!writeWideSource(sourcePath, 2000)) {
        err << "cannot write the 2,000-table source\n";
        return 1;
    }
    Source wide;
    wide.name = QStringLiteral("wide");
    wide.vendor = QStringLiteral("sqlite");
    wide.connection.path = sourcePath;
    QList<double> listCalls, listed, describeCalls, described;
    CatalogLoader catalog;
    int tablesSeen = 0;
    bool answered = false;
    QObject::connect(&catalog, &CatalogLoader::tablesListed, &catalog,
                     [&](const QStringList &, const QString &, const QList<CatalogTable> &tables) {
                         tablesSeen = int(tables.size());
                         answered = true;
                     });
    QObject::connect(&catalog, &CatalogLoader::described, &catalog, [&answered] { answered = true; });
    QObject::connect(&catalog, &CatalogLoader::failed, &catalog, [&](const Error &error) {
        err << error.toString() << "\n";
        answered = true;
    });
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        answered = false;
        catalog.listTables(wide);
        listCalls << msSince(timer);
        if (!waitFor([&answered] { return answered; }) || tablesSeen != 2000) {
            err << "listing the 2,000 tables failed (" << tablesSeen << " seen)\n";
            return 1;
        }
        listed << msSince(timer);
        timer.restart();
        answered = false;
        catalog.describe(wide, {}, QStringLiteral("table_%1").arg(i * 397, 4, 10, QLatin1Char('0')));
        describeCalls << msSince(timer);
        if (!waitFor([&answered] { return answered; }))
            return 1;
        described << msSince(timer);
    }

    out << "| step (" << models << " models) | median ms | p95 ms | runs | target |\n|---|---|---|---|---|\n";
    const QList<QStringList> rows = {
        {QStringLiteral("open the app on the workspace (load, validate, tree)"), QString::number(loadMs, 'f', 0),
         QString(), QStringLiteral("1"), QString()},
        row(QStringLiteral("open a model's editor (new editor)"), openNew, QStringLiteral("< 100")),
        row(QStringLiteral("open a model's editor (editor reused)"), openReused, QStringLiteral("< 100")),
        row(QStringLiteral("open to first validation shown (incl. the 150 ms typing pause)"), firstValidation, QString()),
        row(QStringLiteral("re-validate one edit (editor's validator)"), revalidate, QStringLiteral("< 20")),
        row(QStringLiteral("list a 2,000-table source's tables (to the answer)"), listed, QStringLiteral("< 2000")),
        row(QStringLiteral("… of which the UI thread spends"), listCalls, QStringLiteral("never waits")),
        row(QStringLiteral("describe one of its tables (to the answer)"), described, QString()),
        row(QStringLiteral("… of which the UI thread spends"), describeCalls, QString()),
    };
    for (const QStringList &cells : rows)
        out << "| " << cells.join(QStringLiteral(" | ")) << " |\n";
    return 0;
}
