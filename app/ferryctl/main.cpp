// ferryctl: the command line for scripts and headless workers. Parses the global options, then hands the rest to
// one subcommand (one file each).
#include "cli.h"

#include "secrets/keychain_secret_store.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QScopeGuard>

#include <cstdio>
#include <malloc.h>
#include <functional>
#include <map>

namespace {

const char kUsage[] = R"(Usage: ferryctl [--state URL] [--verbose] COMMAND [ARGS]

Ferry delivers each customer its own slice of your multi-tenant data.

Commands:
  apply DIR        validate a workspace folder and make the state database match it (all or nothing)
  validate PATH    check a workspace folder, a folder of models or one file; writes nothing
  export DIR [--force]   write the state database's workspace as a folder, all or nothing (--force: replace
                   the workspace files DIR holds)
  demo DIR [--force]     write the demo workspace (SQLite source, models, recipients) into DIR (--force: replace
                   an earlier demo there)
  transfer create --destination NAME [--full-refresh] [--model M]... [--tag K=V]... [--window-start T --window-end T]
                   enqueue a transfer; prints its id
  transfer plan --destination NAME [...]   what a transfer would do (windows, SQL, row estimates, DDL); writes nothing
  transfer list [--status S] [--destination D] [--recipient R] [--tag K=V] [--json]
  transfer show ID [--json]    a transfer with per-model metrics and errors
  transfer cancel ID           cancel a pending transfer, or kill a running one
  transfer watch ID            follow a transfer until it ends: status changes, per-model progress, final status
  run [--once] [--workers N]   run queued transfers on N threads (2) in this process (--once: until none waits)
  logs [--transfer ID] [--level L] [--json]   the transfer log
  history [KIND/NAME | NAME] [--limit N] [--json]   configuration changes made by apply, newest first: time,
                   user@host, action (added, changed, renamed, removed), kind/name; --json adds before/after
  rename KIND/NAME NEW_NAME   rename an object (models/events events_v2): id and history stay, references follow
  delete KIND/NAME [--yes]    what depends on an object and what deleting it does; --yes deletes it
  checkpoint list --destination NAME          each model's checkpoint
  checkpoint rewind --destination NAME --model M --to TIME   move a checkpoint back to re-send a time range
  source test NAME connect to a source, check its models' queries and cursor columns (index, NOT NULL, time zone)
  password set|remove source|destination NAME   save (reading one line of standard input) or delete the
                   object's password in the system keychain, for "password_keychain": true
  test sources/NAME | destinations/NAME [--json]   connection test step by step: connect, schema, create, write,
                   read and drop a scratch table (destinations); exit 1 when a step fails
  preview MODEL --recipient NAME [--limit N] [--json]   the newest rows that recipient would receive for the model

Global options:
  --state URL      sqlite:PATH or postgresql://user@host:port/db (default: $FERRY_STATE, else state.db in the
                   application-data folder). The password comes from PGPASSWORD or ~/.pgpass, never the URL.
  --verbose        log what Ferry does to stderr
  -h, --help       show this help; 'ferryctl COMMAND --help' for a command's options
  -v, --version    print the version

Times are RFC 3339 with Z or an offset (2026-01-31T00:00:00Z, 2026-01-31T05:30:00+05:30); numbers are whole
numbers in the range 'ferryctl COMMAND --help' shows. Anything else is bad input.

Exit codes: 0 success, 1 the requested work failed, 2 bad input.
)";

} // namespace

int main(int argc, char *argv[])
{
    // Transfers move batches of a few megabytes between threads. A fixed mmap threshold returns each freed batch
    // to the system at once (glibc's adaptive threshold would keep the largest ever seen in the heap), so the
    // worker's memory follows the batches in flight, not the history of the run.
    // One arena per pair of threads, not per thread: batches are allocated by the reader and freed by the writer.
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
    mallopt(M_ARENA_MAX, 2);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ferry")); // shares the desktop app's data folder
    QCoreApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));
    // password_keychain passwords; the desktop's keychain when there is one (never on a headless worker).
    ferry::KeychainSecretStore::installForThisProcess();
    const auto uninstallKeychain = qScopeGuard([] { ferry::SecretStore::install(nullptr); });

    QTextStream out(stdout);
    QTextStream err(stderr);
    QString stateUrl;
    bool verbose = false;
    QStringList rest;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (!rest.isEmpty()) {
            rest << arg;
        } else if (arg == QLatin1String("--state")) {
            if (i + 1 >= args.size()) {
                err << "ferryctl: --state needs a URL\n";
                return ferryctl::kBadInput;
            }
            stateUrl = args[++i];
        } else if (arg.startsWith(QLatin1String("--state="))) {
            stateUrl = arg.mid(8);
        } else if (arg == QLatin1String("--verbose")) {
            verbose = true;
        } else if (arg == QLatin1String("-h") || arg == QLatin1String("--help") || arg == QLatin1String("help")) {
            out << kUsage;
            return ferryctl::kOk;
        } else if (arg == QLatin1String("-v") || arg == QLatin1String("--version")) {
            out << "ferryctl " << QCoreApplication::applicationVersion() << "\n";
            return ferryctl::kOk;
        } else if (arg.startsWith(QLatin1Char('-'))) {
            err << "ferryctl: unknown option " << arg << "\nRun 'ferryctl --help' for usage.\n";
            return ferryctl::kBadInput;
        } else {
            rest << arg;
        }
    }
    if (!verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("ferry.*.info=false\nferry.*.debug=false"));
    if (rest.isEmpty()) {
        err << kUsage;
        return ferryctl::kBadInput;
    }

    const std::map<QString, std::function<int(const ferryctl::CommandContext &)>> commands = {
        {QStringLiteral("apply"), ferryctl::runApply},
        {QStringLiteral("validate"), ferryctl::runValidate},
        {QStringLiteral("export"), ferryctl::runExport},
        {QStringLiteral("demo"), ferryctl::runDemo},
        {QStringLiteral("transfer"), ferryctl::runTransfer},
        {QStringLiteral("run"), ferryctl::runRun},
        {QStringLiteral("logs"), ferryctl::runLogs},
        {QStringLiteral("history"), ferryctl::runHistory},
        {QStringLiteral("checkpoint"), ferryctl::runCheckpoint},
        {QStringLiteral("source"), ferryctl::runSource},
        {QStringLiteral("password"), ferryctl::runPassword},
        {QStringLiteral("rename"), ferryctl::runRename},
        {QStringLiteral("delete"), ferryctl::runDelete},
        {QStringLiteral("preview"), ferryctl::runPreview},
        {QStringLiteral("test"), ferryctl::runTest},
    };
    const auto command = commands.find(rest.first());
    if (command == commands.end()) {
        err << "ferryctl: unknown command \"" << rest.first() << "\"\nRun 'ferryctl --help' for usage.\n";
        return ferryctl::kBadInput;
    }
    const ferryctl::CommandContext context{rest, stateUrl, out, err};
    const int code = command->second(context);
    out.flush();
    err.flush();
    return code;
}
