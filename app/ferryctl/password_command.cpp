// ferryctl password set|remove KIND NAME: the system keychain entry of a source's or destination's password
// (password_keychain), for setting one up from a terminal on the desktop that runs the transfers. The password
// is read from standard input, never from the command line (other users see a process's arguments).
#include "cli.h"

#include "secrets/secret_store.h"
#include "state/workspace_store.h"

#include <cstdio>

namespace ferryctl {

namespace {

const char kUsage[] = "Usage: ferryctl password set|remove source|destination NAME\n"
                      "  set     read the password from standard input (one line) and save it in the system keychain\n"
                      "  remove  delete it from the keychain\n";

QString readPasswordLine()
{
    QTextStream in(stdin);
    QString line = in.readLine();
    if (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    return line;
}

} // namespace

int runPassword(const CommandContext &context)
{
    const QString action = context.arguments.value(1);
    if (action != QLatin1String("set") && action != QLatin1String("remove")) {
        context.err << kUsage;
        return kBadInput;
    }
    const CommandContext sc = context.subcommand();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Save (set, reading standard input) or delete (remove) the password of a source or destination with "
        "\"password_keychain\": true in the system keychain, under the object's id."));
    parser.addPositionalArgument(QStringLiteral("KIND"), QStringLiteral("source or destination"));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The object's name."));
    int exitCode = kOk;
    if (!sc.parse(parser, exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    const QString kindWord = positional.value(0);
    if (positional.size() != 2 ||
        (kindWord != QLatin1String("source") && kindWord != QLatin1String("destination"))) {
        sc.err << kUsage;
        return kBadInput;
    }
    const QString name = positional.value(1);
    const auto state = sc.openState(ferry::StateDatabase::Migrate::Yes);
    if (!state)
        return sc.failState(state.error());
    const auto workspace = ferry::WorkspaceStore((*state)->connection()).load();
    if (!workspace)
        return sc.fail(workspace.error());
    const bool isSource = kindWord == QLatin1String("source");
    const ferry::Source *source = isSource ? workspace->source(name) : nullptr;
    const ferry::Destination *destination = isSource ? nullptr : workspace->destination(name);
    if (!source && !destination) {
        sc.err << "ferryctl password: no " << kindWord << " named \"" << name
               << "\" in the state database; apply the workspace first\n";
        return kBadInput;
    }
    const ferry::ConnectionSettings &connection = source ? source->connection : destination->connection;
    const QString key = ferry::SecretStore::passwordKey(
        isSource ? ferry::ObjectKind::Source : ferry::ObjectKind::Destination, source ? source->id : destination->id);
    const std::shared_ptr<ferry::SecretStore> store = ferry::SecretStore::installed();
    if (!store)
        return sc.fail(ferry::Error{QStringLiteral("FERRY-KEYCHAIN-UNREACHABLE"), QStringLiteral("No keychain"),
                                    QStringLiteral("this ferryctl has no keychain support"), {}, ferry::Blame::Ferry});

    ferry::Status done;
    if (action == QLatin1String("set")) {
        const QString password = readPasswordLine();
        if (password.isEmpty()) {
            sc.err << "ferryctl password set: no password on standard input\n";
            return kBadInput;
        }
        done = store->writeNow(key, password);
    } else {
        done = store->removeNow(key);
    }
    if (!done) {
        ferry::Error error = done.error();
        error.message = QStringLiteral("%1 \"%2\": %3").arg(kindWord, name, error.message);
        if (error.hint.isEmpty() || error.code == QLatin1String("FERRY-KEYCHAIN-UNREACHABLE"))
            error.hint = QStringLiteral("run this in the desktop session whose keychain the Ferry app uses, or set "
                                        "password_env for headless workers");
        return sc.fail(error);
    }
    sc.out << (action == QLatin1String("set") ? "saved" : "removed") << " the password of " << kindWord << " " << name
           << " in the system keychain (entry " << key << ")\n";
    if (!connection.usesKeychain())
        sc.out << "note: " << kindWord << " " << name << " does not read it yet: set \"password_keychain\": true "
               << "(and remove password_env) in its file, then apply\n";
    return kOk;
}

} // namespace ferryctl
