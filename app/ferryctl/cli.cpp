#include "cli.h"

#include "rows/rfc3339.h"
#include "state/workspace_store.h"

namespace ferryctl {

namespace {

// Digits with an optional leading '-', nothing else: QString::toLongLong alone would take " 5" and "+5".
std::optional<qint64> wholeNumber(const QString &text)
{
    const qsizetype first = text.startsWith(QLatin1Char('-')) ? 1 : 0;
    if (text.size() == first)
        return std::nullopt;
    for (qsizetype i = first; i < text.size(); ++i) {
        if (text[i] < QLatin1Char('0') || text[i] > QLatin1Char('9'))
            return std::nullopt;
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok); // false past 64 bits
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QString optionName(const QCommandLineOption &option)
{
    return QStringLiteral("--") + option.names().constFirst();
}

} // namespace

ferry::Result<std::shared_ptr<ferry::StateDatabase>> CommandContext::openState(ferry::StateDatabase::Migrate migrate) const
{
    const ferry::Result<ferry::StateLocation> location = ferry::StateLocation::resolve(stateUrl);
    if (!location)
        return location.error();
    return ferry::StateDatabase::open(*location, migrate);
}

std::optional<ferry::Workspace> CommandContext::loadWorkspace(int &exitCode) const
{
    const auto state = openState(ferry::StateDatabase::Migrate::Yes);
    if (!state) {
        exitCode = failState(state.error());
        return std::nullopt;
    }
    auto workspace = ferry::WorkspaceStore((*state)->connection()).load();
    if (!workspace) {
        exitCode = fail(workspace.error());
        return std::nullopt;
    }
    return std::move(*workspace);
}

bool CommandContext::parse(QCommandLineParser &parser, int &exitCode) const
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err << "ferryctl " << arguments.value(0) << ": " << parser.errorText() << "\n"
            << "Run 'ferryctl " << arguments.value(0) << " --help' for usage.\n";
        exitCode = kBadInput;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText().replace(QCoreApplication::applicationFilePath(), QStringLiteral("ferryctl"))
                   .replace(QStringLiteral("Usage: ferryctl"), QStringLiteral("Usage: ferryctl ") + arguments.value(0));
        exitCode = kOk;
        return false;
    }
    return true;
}

QString CommandContext::parseOnePath(QCommandLineParser &parser, const QString &example, int &exitCode) const
{
    return parseOne(parser, "path", example, exitCode);
}

QString CommandContext::parseOneTransferId(QCommandLineParser &parser, int &exitCode) const
{
    return parseOne(parser, "transfer id", QStringLiteral("171b6957-dbcf-4446-b7e3-44f4bf246414"), exitCode);
}

QString CommandContext::parseOne(QCommandLineParser &parser, const char *what, const QString &example,
                                 int &exitCode) const
{
    if (!parse(parser, exitCode))
        return {};
    if (parser.positionalArguments().size() != 1 || parser.positionalArguments().first().isEmpty()) {
        err << "ferryctl " << arguments.value(0) << ": expected one " << what << ", e.g. 'ferryctl " << arguments.value(0)
            << ' ' << example << "'\n";
        exitCode = kBadInput;
        return {};
    }
    return parser.positionalArguments().first();
}

std::optional<qint64> CommandContext::integerOption(const QCommandLineParser &parser, const QCommandLineOption &option,
                                                    qint64 min, qint64 max, int &exitCode) const
{
    const QString text = parser.value(option);
    const std::optional<qint64> value = wholeNumber(text);
    if (value && *value >= min && *value <= max)
        return value;
    err << "ferryctl " << arguments.value(0) << ": " << optionName(option) << " takes a whole number from " << min
        << " to " << max << ", not \"" << text << "\"\n";
    err.flush();
    exitCode = kBadInput;
    return std::nullopt;
}

std::optional<QByteArray> CommandContext::timeOption(const QCommandLineParser &parser, const QCommandLineOption &option,
                                                     int &exitCode) const
{
    const QString text = parser.value(option);
    QString problem;
    std::optional<QByteArray> time = ferry::Rfc3339::parse(text, &problem);
    if (time)
        return time;
    err << "ferryctl " << arguments.value(0) << ": " << ferry::Rfc3339::argumentError(optionName(option), text, problem)
        << "\n";
    err.flush();
    exitCode = kBadInput;
    return std::nullopt;
}

int CommandContext::fail(const ferry::Error &error, int exitCode) const
{
    err << "ferryctl: " << error.toString() << "\n";
    err.flush();
    return exitCode;
}

int CommandContext::failState(const ferry::Error &error) const
{
    return fail(error, error.code == QLatin1String("FERRY-STATE-URL") ? kBadInput : kFailed);
}

bool CommandContext::parseObject(const QString &text, bool kindRequired, std::optional<ferry::ObjectKind> &kind,
                                 QString &name, int &exitCode) const
{
    const QString command = QStringLiteral("ferryctl ") + arguments.value(0);
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    kind.reset();
    name = text;
    if (slash >= 0) {
        kind = ferry::kindFromFolderName(text.left(slash));
        if (!kind) {
            err << command << ": \"" << text.left(slash)
                << "\" is not a kind: sources, models, products, recipients or destinations\n";
            exitCode = kBadInput;
            return false;
        }
        name = text.mid(slash + 1);
    }
    if (name.isEmpty() || (kindRequired && !kind)) {
        err << command << ": expected KIND/NAME, e.g. 'ferryctl " << arguments.value(0) << " models/events'\n";
        exitCode = kBadInput;
        return false;
    }
    return true;
}

void CommandContext::printIssues(const ferry::ValidationReport &report, QTextStream &stream) const
{
    for (const ferry::ValidationIssue &issue : report.issues())
        stream << issue.toString() << "\n";
    stream.flush();
}

CommandContext CommandContext::subcommand() const
{
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.value(0) + QLatin1Char(' ') + arguments.value(1));
    return CommandContext{rest, stateUrl, out, err};
}

} // namespace ferryctl
