// ferry: the desktop app. Opens the state database (the demo workspace on a first run) in the main window.
// --self-test and --screenshot open the same window, wait for the workspace, report and quit: CI and README
// checks use them on machines without a person in front of the screen.
#include "views/main_window.h"

#include "loading/state_query_runner.h"
#include "models/workspace_tree_model.h"
#include "settings/app_settings.h"
#include "views/workspace_page.h"

#include "secrets/keychain_secret_store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {

constexpr int kHeadlessTimeoutMs = 120000;

// Counts object rows (children of the five group rows) in the tree the window shows.
int shownObjectCount(const ferry::ui::MainWindow &window)
{
    const ferry::ui::WorkspaceTreeModel *model = window.workspacePage()->treeModel();
    int count = 0;
    for (int group = 0; group < model->rowCount(); ++group)
        count += model->rowCount(model->index(group, 0));
    return count;
}

// The last state database the app opened, while it still exists (a moved SQLite file is not created anew).
QString rememberedState(const ferry::ui::AppSettings &settings)
{
    const QString url = settings.lastStateDatabase();
    const ferry::Result<ferry::StateLocation> location = ferry::StateLocation::parse(url);
    if (url.isEmpty() || !location || (location->isSqlite() && !QFileInfo::exists(location->sqlitePath)))
        return {};
    return url;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ferry")); // shares ferryctl's data folder and state.db
    QApplication::setApplicationDisplayName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("ferry"));
    // The in-app workers read password_keychain passwords from the desktop's keychain; editors save them there.
    ferry::KeychainSecretStore::installForThisProcess();
    const auto uninstallKeychain = qScopeGuard([] { ferry::SecretStore::install(nullptr); });

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ferry delivers each customer its own slice of your data."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption stateOption(
        QStringLiteral("state"),
        QStringLiteral("State database: sqlite:PATH or postgresql://user@host:port/db (default: $FERRY_STATE, "
                       "else state.db in the application-data folder)."),
        QStringLiteral("URL"));
    const QCommandLineOption noDemoOption(QStringLiteral("no-demo"),
                                          QStringLiteral("Do not create the demo workspace in an empty database."));
    const QCommandLineOption selfTestOption(
        QStringLiteral("self-test"),
        QStringLiteral("Open the window, load the workspace, print what it shows and quit (exit 1 on failure)."));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("After loading, save the window as a PNG and quit."),
                                              QStringLiteral("PATH"));
    const QCommandLineOption pageOption(QStringLiteral("page"),
                                        QStringLiteral("The page to open: workspace, transfers, logs or recipients."),
                                        QStringLiteral("PAGE"));
    const QCommandLineOption selectOption(
        QStringLiteral("select"),
        QStringLiteral("What to select on that page: a transfer id (transfers, logs), a recipient or destination "
                       "name (recipients), an object name (workspace)."),
        QStringLiteral("ID"));
    const QCommandLineOption editOption(
        QStringLiteral("edit"),
        QStringLiteral("Open an object's editor on the Workspace page, e.g. models/events or destinations/\"Acme Corp\"."),
        QStringLiteral("KIND/NAME"));
    const QCommandLineOption tabOption(QStringLiteral("tab"),
                                       QStringLiteral("With --edit: the editor tab to show (settings, columns, json, "
                                                      "history, preview...)."),
                                       QStringLiteral("TAB"));
    parser.addOptions({stateOption, noDemoOption, selfTestOption, screenshotOption, pageOption, selectOption, editOption,
                       tabOption});
    parser.addPositionalArgument(QStringLiteral("FOLDER"),
                                 QStringLiteral("A workspace folder to check: its objects and problems are shown as "
                                                "`ferryctl apply` would see them, nothing is applied."),
                                 QStringLiteral("[FOLDER]"));
    parser.process(app);
    if (parser.positionalArguments().size() > 1) {
        std::fprintf(stderr, "ferry: give at most one workspace folder\n");
        return 2;
    }


    std::optional<ferry::ui::MainWindow::Page> page;
    if (parser.isSet(pageOption)) {
        page = ferry::ui::MainWindow::pageFromName(parser.value(pageOption));
        if (!page) {
            std::fprintf(stderr, "ferry: unknown page \"%s\" (workspace, transfers, logs or recipients)\n",
                         qPrintable(parser.value(pageOption)));
            return 2;
        }
    }
    const bool selfTest = parser.isSet(selfTestOption);
    const QString screenshot = parser.value(screenshotOption);
    const bool headless = selfTest || !screenshot.isEmpty();

    // Headless runs neither read nor change the user's remembered window, pages and filters.
    QTemporaryDir settingsDir;
    std::shared_ptr<ferry::ui::AppSettings> settings =
        headless ? std::make_shared<ferry::ui::AppSettings>(settingsDir.filePath(QStringLiteral("ferry.ini")))
                 : std::make_shared<ferry::ui::AppSettings>();
    // Without --state or $FERRY_STATE, the state database the app last opened (if it is still there), else the
    // default one.
    QString stateUrl = parser.value(stateOption);
    if (stateUrl.isEmpty() && qEnvironmentVariableIsEmpty("FERRY_STATE") && !headless)
        stateUrl = rememberedState(*settings);
    const ferry::Result<ferry::StateLocation> location = ferry::StateLocation::resolve(stateUrl);
    if (!location) {
        std::fprintf(stderr, "ferry: %s\n", qPrintable(location.error().toString()));
        return 2;
    }
    ferry::ui::MainWindow window({*location, !parser.isSet(noDemoOption), parser.positionalArguments().value(0), settings});
    if (headless)
        window.showPage(page.value_or(ferry::ui::MainWindow::Page::Workspace));
    else if (page)
        window.showPage(*page);
    window.show();
    window.open();
    if (!headless) {
        if (parser.isSet(selectOption) || parser.isSet(editOption)) {
            QObject::connect(&window, &ferry::ui::MainWindow::workspaceShown, &window,
                             [&window, &parser, &selectOption, &editOption, &tabOption] {
                                 if (parser.isSet(editOption))
                                     window.edit(parser.value(editOption), parser.value(tabOption));
                                 else
                                     window.select(parser.value(selectOption));
                             },
                             Qt::SingleShotConnection);
        }
        return QApplication::exec();
    }

    // Headless checks: once the workspace is in, select what was asked, wait for the pages' queries to settle,
    // report what the window shows and quit.
    const auto report = [&] {
        const int objects = shownObjectCount(window);
        std::printf("ferry: %s · %d objects shown · %s\n", qPrintable(window.locationText()), objects,
                    qPrintable(window.statusText()));
        int code = objects > 0 ? 0 : 1;
        if (!screenshot.isEmpty() && !window.grab().save(screenshot)) {
            std::fprintf(stderr, "ferry: could not write the screenshot %s\n", qPrintable(screenshot));
            code = 1;
        }
        QApplication::exit(code);
    };
    QObject::connect(&window, &ferry::ui::MainWindow::workspaceShown, &app, [&] {
        if (parser.isSet(editOption) && !window.edit(parser.value(editOption), parser.value(tabOption))) {
            std::fprintf(stderr, "ferry: no object %s to edit (KIND/NAME, e.g. models/events), or no tab \"%s\"\n",
                         qPrintable(parser.value(editOption)), qPrintable(parser.value(tabOption)));
            QApplication::exit(2);
            return;
        }
        if (parser.isSet(selectOption) && !window.select(parser.value(selectOption))) {
            std::fprintf(stderr, "ferry: nothing called \"%s\" on the %s page\n",
                         qPrintable(parser.value(selectOption)),
                         qPrintable(ferry::ui::MainWindow::pageName(window.currentPage())));
            QApplication::exit(2);
            return;
        }
        window.whenSettled(report);
    }, Qt::SingleShotConnection);
    QObject::connect(&window, &ferry::ui::MainWindow::loadFailed, &app, [](const ferry::Error &error) {
        std::fprintf(stderr, "ferry: %s\n", qPrintable(error.toString()));
        QApplication::exit(1);
    });
    QTimer::singleShot(kHeadlessTimeoutMs, &app, [] {
        std::fprintf(stderr, "ferry: the workspace did not load within %d s\n", kHeadlessTimeoutMs / 1000);
        QApplication::exit(1);
    });
    return QApplication::exec();
}
