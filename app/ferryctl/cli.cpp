#include "cli.h"

namespace ferryctl {

ferry::Result<std::shared_ptr<ferry::StateDatabase>> CommandContext::openState(ferry::StateDatabase::Migrate migrate) const
{
    const ferry::Result<ferry::StateLocation> location = ferry::StateLocation::resolve(stateUrl);
    if (!location)
        return location.error();
    return ferry::StateDatabase::open(*location, migrate);
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
    if (!parse(parser, exitCode))
        return {};
    if (parser.positionalArguments().size() != 1) {
        err << "ferryctl " << arguments.value(0) << ": expected one path, e.g. 'ferryctl " << arguments.value(0) << ' '
            << example << "'\n";
        exitCode = kBadInput;
        return {};
    }
    return parser.positionalArguments().first();
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
