// The desktop app's Transfers page on a large state database (issue 14), driven through its widgets in an offscreen
// QApplication (bench/ui-bench runs it):
//   pages (default)  time to the first rows shown and to each filter's first rows and count, cold (a fresh child
//                    process per repetition) and warm (the same again in that process); medians of --repeat runs
//   --live           a 10 ms probe timer on the UI thread while the app's own workers (WorkerControl's action, two
//                    worker threads) run 1,000,000-row backfills with the Transfers page shown and live
// Prints Markdown on stdout; exit 1 when a measurement failed. Figures, never a pass/fail test.
#include "bench_clock.h"
#include "page_watch.h"

#include "engine/transfer_request_builder.h"
#include "loading/state_query_runner.h"
#include "models/transfer_history_model.h"
#include "settings/app_settings.h"
#include "state/schema_migrations.h"
#include "state/state_database.h"
#include "state/transfer_store.h"
#include "views/main_window.h"
#include "views/transfer_filter_bar.h"
#include "views/transfers_page.h"
#include "views/worker_control.h"
#include "workspace/workspace_applier.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLineEdit>
#include <QMap>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>

using namespace ferry;
using namespace ferry::ui;

namespace {


QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}
QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}
void progress(const QString &text)
{
    err() << "[ui-bench " << QTime::currentTime().toString(QStringLiteral("HH:mm:ss")) << "] " << text << "\n";
    err().flush();
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype index = qBound<qsizetype>(0, qsizetype(std::ceil(p * double(values.size()))) - 1, values.size() - 1);
    return values[index];
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? -1 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Runs the event loop until `done` holds (checked every 2 ms: times are taken in the handlers, not here).
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(2);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    check.start();
    loop.exec();
    return done();
}

void spin(int ms)
{
    waitFor([] { return false; }, ms);
}

struct Filter
{
    QString name;
    std::function<void(TransferFilterBar *)> apply;
    bool typed = false;
};

// What bench/history-data.sh wrote: 499 destinations dest-000... across recipient-000..199, plus dest-499 (20
// transfers). The state database holds no workspace objects, so the app's lists would be empty: the page gets this
// workspace, as MainWindow gives it the applied one.
Workspace historyWorkspace()
{
    Workspace workspace;
    for (int i = 0; i < 200; ++i) {
        Recipient recipient;
        recipient.name = QStringLiteral("recipient-%1").arg(i, 3, 10, QLatin1Char('0'));
        workspace.recipients << recipient;
    }
    for (int i = 0; i < 500; ++i) {
        Destination destination;
        destination.id = QStringLiteral("dest-%1").arg(i, 3, 10, QLatin1Char('0'));
        destination.name = QStringLiteral("destination-%1").arg(i, 3, 10, QLatin1Char('0'));
        destination.recipient = QStringLiteral("recipient-%1").arg(i % 200, 3, 10, QLatin1Char('0'));
        workspace.destinations << destination;
    }
    return workspace;
}

std::unique_ptr<MainWindow> newWindow(const StateLocation &location, const QString &settingsPath)
{
    MainWindow::Options options;
    options.location = location;
    options.applyDemoWhenEmpty = false;
    options.settings = std::make_shared<AppSettings>(settingsPath);
    auto window = std::make_unique<MainWindow>(options);
    window->showPage(MainWindow::Page::Transfers);
    window->show();
    return window;
}

void record(const QString &key, double value)
{
    out() << "M\t" << key << "\t" << QString::number(value, 'f', 3) << "\n";
    out().flush();
}

constexpr int kTimeoutMs = 60000;

// One repetition, in a process of its own: cold figures are this process's first time for each.
int runPagesChild(const StateLocation &location, const QStringList &only)
{
    QTemporaryDir dir;
    const auto wanted = [&](const QString &name) {
        return only.isEmpty() || std::any_of(only.cbegin(), only.cend(), [&](const QString &o) { return name.contains(o); });
    };

    // Opening the app on the Transfers page: window, state database, workspace, first page painted.
    const double t0 = now();
    std::unique_ptr<MainWindow> window = newWindow(location, dir.filePath(QStringLiteral("ferry.ini")));
    PageWatch watch(window.get());
    double workspaceShown = -1;
    QObject::connect(window.get(), &MainWindow::workspaceShown, [&] {
        if (workspaceShown < 0)
            workspaceShown = now();
    });
    window->open();
    if (!waitFor([&] { return watch.shownAndCounted(); }, kTimeoutMs) || !watch.failure.isEmpty()) {
        err() << "first rows not shown: " << watch.describe() << "\n";
        return 1;
    }
    record(QStringLiteral("open.cold.first"), watch.painted - t0);
    record(QStringLiteral("open.cold.count"), watch.count - t0);
    record(QStringLiteral("open.cold.workspace"), workspaceShown - t0);
    record(QStringLiteral("open.rows"), watch.rowsShown());
    record(QStringLiteral("open.matching"), double(watch.counted));
    // Every page's first queries answered (the Logs and Recipients pages load too, on the same two threads).
    waitFor([&] { return watch.settled(); }, kTimeoutMs);
    record(QStringLiteral("open.cold.settled"), now() - t0);
    spin(300);

    // Warm: Reload (F5) in the same window: the same connections, SQLite's page cache warm.
    waitFor([&] { return watch.settled(); }, kTimeoutMs);
    watch.reset();
    double t = now();
    window->reload();
    if (!waitFor([&] { return watch.shownAndCounted(); }, kTimeoutMs))
        return 1;
    record(QStringLiteral("open.warm.first"), watch.painted - t);
    record(QStringLiteral("open.warm.count"), watch.count - t);

    TransferFilterBar *bar = window->transfersPage()->filterBar();
    window->transfersPage()->setWorkspace(historyWorkspace());
    const auto select = [](QComboBox *box, const QVariant &data) { box->setCurrentIndex(box->findData(data)); };
    const QList<Filter> filters = {
        {QStringLiteral("status ERROR"), [&](TransferFilterBar *b) { select(b->statusBox(), QStringLiteral("ERROR")); }},
        {QStringLiteral("rare destination dest-499"),
         [&](TransferFilterBar *b) { select(b->destinationBox(), QStringLiteral("dest-499")); }},
        {QStringLiteral("rare tag 'incident' (typed)"),
         [](TransferFilterBar *b) { QTest::keyClicks(b->tagEdit(), QStringLiteral("incident")); }, true},
        {QStringLiteral("Last 7 days"),
         [&](TransferFilterBar *b) { select(b->rangeBox(), int(TransferFilterBar::Range::LastWeek)); }},
        {QStringLiteral("text 'src-auth' (typed)"),
         [](TransferFilterBar *b) { QTest::keyClicks(b->textEdit(), QStringLiteral("src-auth")); }, true},
        {QStringLiteral("text 'INC-0042' (typed)"),
         [](TransferFilterBar *b) { QTest::keyClicks(b->textEdit(), QStringLiteral("INC-0042")); }, true},
    };
    for (const Filter &filter : filters) {
        if (!wanted(filter.name))
            continue;
        for (const char *phase : {"cold", "warm"}) {
            waitFor([&] { return watch.settled(); }, kTimeoutMs);
            spin(100);
            watch.reset();
            t = now();
            filter.apply(bar);
            const double typed = now();
            if (!waitFor([&] { return watch.shownAndCounted(); }, kTimeoutMs) || !watch.failure.isEmpty()) {
                err() << filter.name << ": " << (watch.failure.isEmpty() ? QStringLiteral("timed out") : watch.failure) << "\n";
                return 1;
            }
            // A typed filter starts when the typing pause ends (the debounce timer fires); a list applies at once.
            const double start = filter.typed ? watch.typingFired : t;
            const QString key = QStringLiteral("filter.%1.").arg(filter.name);
            record(key + QLatin1String(phase) + QStringLiteral(".first"), watch.painted - start);
            record(key + QLatin1String(phase) + QStringLiteral(".count"), watch.count - start);
            if (filter.typed)
                record(key + QLatin1String(phase) + QStringLiteral(".debounce"), watch.typingFired - typed);
            record(key + QStringLiteral("rows"), watch.rowsShown());
            record(key + QStringLiteral("matching"), double(watch.counted));
            // Back to every transfer (Clear applies at once).
            waitFor([&] { return watch.settled(); }, kTimeoutMs);
            watch.reset();
            bar->clear();
            waitFor([&] { return watch.shownAndCounted(); }, kTimeoutMs);
        }
    }
    waitFor([&] { return watch.settled(); }, kTimeoutMs);
    return 0;
}

QString ms(double value)
{
    return value < 0 ? QStringLiteral("–") : QString::number(value, 'f', 1);
}

QString verdict(double value, double target)
{
    return value < 0 ? QStringLiteral("–") : value < target ? QStringLiteral("ok") : QStringLiteral("MISS");
}

int runPages(const QString &self, const QString &stateUrl, int repeat, const QString &only)
{
    QMap<QString, QList<double>> samples;
    QStringList order;
    for (int i = 0; i < repeat; ++i) {
        progress(QStringLiteral("pages: repetition %1 of %2 (a fresh process)").arg(i + 1).arg(repeat));
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList args{QStringLiteral("--child"), QStringLiteral("--state"), stateUrl};
        if (!only.isEmpty())
            args << QStringLiteral("--only") << only;
        child.start(self, args);
        if (!child.waitForFinished(-1) || child.exitCode() != 0) {
            err() << "a repetition failed (exit code " << child.exitCode() << ")\n";
            return 1;
        }
        for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
            const QList<QByteArray> parts = line.split('\t');
            if (parts.size() != 3 || parts[0] != "M")
                continue;
            const QString key = QString::fromUtf8(parts[1]);
            if (!samples.contains(key))
                order << key;
            samples[key] << parts[2].toDouble();
        }
    }
    const auto med = [&](const QString &key) { return samples.contains(key) ? median(samples.value(key)) : -1.0; };
    const auto n = [&](const QString &key) {
        return samples.contains(key) ? QString::number(qint64(median(samples.value(key)))) : QStringLiteral("–");
    };
    constexpr double kTarget = 300;
    out() << "| measurement | rows shown | matching | first rows cold ms | first rows warm ms | count cold ms | "
             "count warm ms | typing pause ms | target | verdict |\n"
             "|---|--:|--:|--:|--:|--:|--:|--:|---|---|\n";
    out() << QStringLiteral("| open the app on Transfers (cold: new process; warm: Reload) | %1 | %2 | %3 | %4 | %5 | %6 "
                            "|  | first rows < 300 ms | %7 |\n")
                 .arg(n(QStringLiteral("open.rows")), n(QStringLiteral("open.matching")),
                      ms(med(QStringLiteral("open.cold.first"))), ms(med(QStringLiteral("open.warm.first"))),
                      ms(med(QStringLiteral("open.cold.count"))), ms(med(QStringLiteral("open.warm.count"))),
                      verdict(qMax(med(QStringLiteral("open.cold.first")), med(QStringLiteral("open.warm.first"))), kTarget));
    QStringList filterNames;
    for (const QString &key : order) {
        if (key.startsWith(QLatin1String("filter.")) && key.endsWith(QLatin1String(".rows")))
            filterNames << key.mid(7, key.size() - 7 - 5);
    }
    for (const QString &name : filterNames) {
        const QString key = QStringLiteral("filter.%1.").arg(name);
        const double cold = med(key + QStringLiteral("cold.first")), warm = med(key + QStringLiteral("warm.first"));
        const double debounce = med(key + QStringLiteral("cold.debounce"));
        out() << QStringLiteral("| filter: %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | < 300 ms | %9 |\n")
                     .arg(name, n(key + QStringLiteral("rows")), n(key + QStringLiteral("matching")), ms(cold), ms(warm),
                          ms(med(key + QStringLiteral("cold.count"))), ms(med(key + QStringLiteral("warm.count"))),
                          debounce < 0 ? QString() : ms(debounce), verdict(qMax(cold, warm), kTarget));
    }
    out() << "\nOpening: from constructing the MainWindow (AppSettings in a temporary file, page Transfers) and open() to "
             "the end of the first viewport paint after TransferHistoryModel::firstPageShown (workspace shown after "
             "a median "
          << ms(med(QStringLiteral("open.cold.workspace")))
          << " ms; every page's first queries, the Logs and Recipients pages' too, answered after a median "
          << ms(med(QStringLiteral("open.cold.settled"))) << " ms). Filters: from the widget's change (a list's setCurrentIndex; for typed text, the typing pause's "
             "timer firing) to the same paint; the typing pause (250 ms debounce, from the last key to the timer) "
             "is shown apart. Count: to the first countChanged. Medians of "
          << repeat << " processes; cold is each process's first time, warm the same again in that process.\n";
    out().flush();
    return 0;
}

// The app with its own workers backfilling while the Transfers page is live; the UI thread's longest waits.
int runLive(const StateLocation &location, const QString &workspaceFolder, const QStringList &destinations,
            qint64 expectedRows)
{
    QTemporaryDir dir;
    QStringList ids;
    {
        Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(location);
        if (!state) {
            err() << state.error().toString() << "\n";
            return 1;
        }
        WorkspaceApplier applier(*state, {});
        const Result<WorkspaceApplier::Outcome> applied = applier.apply(workspaceFolder);
        if (!applied || applied->report.hasErrors()) {
            err() << "apply: " << (applied ? applied->report.issues().first().toString() : applied.error().toString()) << "\n";
            return 1;
        }
        for (const QString &destination : destinations) {
            TransferOptions options;
            options.destination = destination;
            const Result<TransferRequest> request = TransferRequestBuilder::build(applied->workspace, options);
            if (!request) {
                err() << request.error().toString() << "\n";
                return 1;
            }
            const Result<QString> id = TransferStore((*state)->connection()).enqueue(*request);
            if (!id) {
                err() << id.error().toString() << "\n";
                return 1;
            }
            ids << *id;
        }
        (*state)->releaseThreadConnection();
    }
    progress(QStringLiteral("live: enqueued %1; opening the window").arg(ids.join(QStringLiteral(", "))));
    std::unique_ptr<MainWindow> window = newWindow(location, dir.filePath(QStringLiteral("ferry.ini")));
    PageWatch watch(window.get());
    window->open();
    if (!waitFor([&] { return watch.shownAndCounted() && watch.settled(); }, kTimeoutMs) || !watch.failure.isEmpty()) {
        err() << "first rows not shown: " << watch.failure << "\n";
        return 1;
    }

    // The probe: a 10 ms timer on the UI thread; each gap is the time between two of its ticks.
    QList<double> idleGaps, gaps;
    QList<QPair<double, double>> worst; // (gap, at)
    QList<double> *into = &idleGaps;
    double last = now(), phaseStart = now();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const double t = now();
        into->append(t - last);
        if (into == &gaps)
            worst.append({t - last, last - phaseStart});
        last = t;
    });
    probe.start();
    progress(QStringLiteral("live: 5 s idle, the page live"));
    spin(5000);

    // The user turns on "Run Transfers in This App". A transfer is done at its second transferChanged (started,
    // ended). Meanwhile, every second, the status filter goes to ERROR and back, timed as in the page timings.
    QHash<QString, int> changes;
    QObject::connect(window->workers(), &WorkerControl::transferChanged, [&](const QString &id) {
        if (ids.contains(id))
            ++changes[id];
    });
    TransferHistoryModel *model = window->transfersPage()->model();
    TransferFilterBar *bar = window->transfersPage()->filterBar();
    QList<double> busyFirst, busyCount, busyAt;
    double applied = -1, nextAt = 0;
    bool errorsOnly = false;
    QTimer driver;
    driver.setInterval(5);
    // How long the Recipients page's health read (it reloads on every transfer start and end) holds a query thread.
    QList<double> healthRuns;
    double healthSince = -1;
    QObject::connect(&driver, &QTimer::timeout, [&] {
        const bool health = window->queries()->isBusy(QStringLiteral("recipients.health"));
        if (health && healthSince < 0)
            healthSince = now();
        else if (!health && healthSince >= 0) {
            healthRuns << now() - healthSince;
            healthSince = -1;
        }
        if (applied >= 0) {
            if (!watch.shownAndCounted())
                return;
            busyFirst << watch.painted - applied;
            busyAt << (applied - phaseStart) / 1000;
            busyCount << watch.count - applied;
            applied = -1;
            nextAt = now() + 1000;
        } else if (now() >= nextAt) {
            watch.reset();
            errorsOnly = !errorsOnly;
            applied = now();
            bar->statusBox()->setCurrentIndex(errorsOnly ? bar->statusBox()->findData(QStringLiteral("ERROR")) : 0);
        }
    });
    into = &gaps;
    phaseStart = now();
    last = now();
    window->workers()->action()->trigger();
    driver.start();
    progress(QStringLiteral("live: workers on; waiting for the backfills"));
    const bool done = waitFor([&] { return std::all_of(ids.cbegin(), ids.cend(), [&](const QString &id) {
                                        return changes.value(id) >= 2; }); },
                              30 * 60 * 1000);
    const double elapsed = now() - phaseStart;
    probe.stop();
    driver.stop();
    const double unfinished = applied >= 0 ? now() - applied : -1;
    window->workers()->stopWorkers();
    waitFor([&] { return !window->workers()->isRunning(); }, kTimeoutMs);
    waitFor([&] { return watch.settled(); }, kTimeoutMs);
    bar->clear();
    const auto ended = [&](const QString &id) {
        const std::optional<TransferSummary> summary = model->summaryAt(model->rowOf(id));
        return summary && summary->endedAt.isValid() && summary->status != QLatin1String("RUNNING");
    };
    waitFor([&] { return std::all_of(ids.cbegin(), ids.cend(), ended); }, kTimeoutMs);

    std::sort(worst.begin(), worst.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    out() << "| phase | seconds | probe ticks | gap p50 ms | gap p99 ms | gap max ms | gaps > 50 ms | gaps > 100 ms | "
             "target p99 < 50 ms |\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n";
    const auto row = [&](const QString &name, const QList<double> &values, double seconds) {
        const qsizetype over50 = std::count_if(values.cbegin(), values.cend(), [](double g) { return g > 50; });
        const qsizetype over100 = std::count_if(values.cbegin(), values.cend(), [](double g) { return g > 100; });
        out() << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 |\n")
                     .arg(name, QString::number(seconds, 'f', 1))
                     .arg(values.size())
                     .arg(ms(percentile(values, 0.5)), ms(percentile(values, 0.99)), ms(percentile(values, 1.0)))
                     .arg(over50)
                     .arg(over100)
                     .arg(percentile(values, 0.99) < 50 ? QStringLiteral("ok") : QStringLiteral("MISS"));
    };
    row(QStringLiteral("idle, page live (polling every second)"), idleGaps, 5.0);
    row(QStringLiteral("two in-app workers backfilling, page live"), gaps, elapsed / 1000);
    out() << QStringLiteral("\nWhile they ran, the status filter ERROR / all, a second after the last one showed (%1 times): first rows median %2 ms, "
                            "max %3 ms; count median %4 ms, max %5 ms.\n")
                 .arg(busyFirst.size())
                 .arg(ms(median(busyFirst)), ms(percentile(busyFirst, 1.0)), ms(median(busyCount)),
                      ms(percentile(busyCount, 1.0)));
    out() << "The Recipients page's health read (recipients.health) ran " << healthRuns.size()
          << " times meanwhile, " << ms(std::accumulate(healthRuns.cbegin(), healthRuns.cend(), 0.0))
          << " ms in all, longest " << ms(percentile(healthRuns, 1.0)) << " ms (polled every 5 ms).\n";
    out() << "Each (first rows ms at s after the workers started):";
    for (qsizetype i = 0; i < busyFirst.size(); ++i)
        out() << " " << ms(busyFirst[i]) << " at " << QString::number(busyAt[i], 'f', 1) << ";";
    out() << "\n";
    if (unfinished >= 0)
        out() << "The last one was still waiting for its first rows or count after " << ms(unfinished) << " ms.\n";
    out() << "\nBackfills (" << (done ? "ended" : "TIMED OUT") << "):";
    for (const QString &id : ids) {
        const std::optional<TransferSummary> summary = model->summaryAt(model->rowOf(id));
        if (summary)
            out() << " " << id.left(8) << " " << summary->status << " " << summary->rowsTransferred << " rows in "
                  << QString::number(summary->durationMs().value_or(-1) / 1000.0, 'f', 1) << " s;";
        else
            out() << " " << id.left(8) << " not on the page;";
    }
    out() << " expected " << expectedRows << " rows each.\nLongest gaps (ms at s after the workers started):";
    for (qsizetype i = 0; i < qMin<qsizetype>(8, worst.size()); ++i)
        out() << " " << ms(worst[i].first) << " at " << QString::number(worst[i].second / 1000, 'f', 2) << ";";
    out() << "\n";
    out().flush();
    bool ok = done;
    for (const QString &id : ids) {
        const std::optional<TransferSummary> summary = model->summaryAt(model->rowOf(id));
        ok = ok && summary && summary->status == QLatin1String("SUCCESS") && summary->rowsTransferred == expectedRows;
    }
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    benchClock().start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The Transfers page on a large state database (bench/ui-bench)."));
    parser.addHelpOption();
    const QCommandLineOption stateOption(QStringLiteral("state"), QStringLiteral("State database URL."), QStringLiteral("URL"));
    const QCommandLineOption repeatOption(QStringLiteral("repeat"), QStringLiteral("Processes (repetitions) (5)."),
                                          QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption onlyOption(QStringLiteral("only"), QStringLiteral("Filters whose name contains TEXT."),
                                        QStringLiteral("TEXT"));
    const QCommandLineOption childOption(QStringLiteral("child"), QStringLiteral("One repetition (internal)."));
    const QCommandLineOption liveOption(QStringLiteral("live"), QStringLiteral("The responsiveness run: apply FOLDER, "
                                                                               "enqueue --destination(s), run them in the app."),
                                        QStringLiteral("FOLDER"));
    const QCommandLineOption destinationOption(QStringLiteral("destination"), QStringLiteral("A destination to backfill (--live)."),
                                               QStringLiteral("NAME"));
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows each backfill must deliver (--live)."),
                                        QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption schemaOption(QStringLiteral("schema-version"), QStringLiteral("Print the current state schema version."));
    parser.addOptions({stateOption, repeatOption, onlyOption, childOption, liveOption, destinationOption, rowsOption,
                       schemaOption});
    parser.process(app);
    if (parser.isSet(schemaOption)) {
        out() << SchemaMigrations::latestVersion() << "\n";
        return 0;
    }
    const Result<StateLocation> location = StateLocation::parse(parser.value(stateOption));
    if (!location) {
        err() << location.error().toString() << "\n";
        return 2;
    }
    if (parser.isSet(liveOption))
        return runLive(*location, parser.value(liveOption), parser.values(destinationOption),
                       parser.value(rowsOption).toLongLong());
    const QStringList only = parser.value(onlyOption).isEmpty()
                                 ? QStringList()
                                 : parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(childOption))
        return runPagesChild(*location, only);
    return runPages(QCoreApplication::applicationFilePath(), parser.value(stateOption),
                    qMax(1, parser.value(repeatOption).toInt()), parser.value(onlyOption));
}
