// ferryctl source test NAME: connect to a source and check the models that read from it.
#include "cli.h"

#include "engine/source_check.h"

namespace ferryctl {

int runSource(const CommandContext &context)
{
    if (context.arguments.value(1) != QLatin1String("test")) {
        context.err << "Usage: ferryctl source test NAME\n";
        return kBadInput;
    }
    const CommandContext sc = context.subcommand();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connect to a source and check each model reading from it: the query runs, and the cursor column is indexed "
        "with the organization column, NOT NULL, and a timestamp with time zone."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("Source name."));
    int exitCode = kOk;
    const QString name = sc.parseOnePath(parser, QStringLiteral("\"Example Production Source\""), exitCode);
    if (name.isEmpty())
        return exitCode;
    const std::optional<ferry::Workspace> workspace = sc.loadWorkspace(exitCode);
    if (!workspace)
        return exitCode;
    const auto checks = ferry::SourceCheck::run(*workspace, name);
    if (!checks)
        return sc.fail(checks.error(), checks.error().code == QLatin1String("FERRY-REQUEST") ? kBadInput : kFailed);
    sc.out << "source " << name << ": connected\n";
    bool failed = false;
    for (const ferry::ModelCheck &check : *checks) {
        if (check.error) {
            failed = true;
            sc.out << "  model " << check.model << ": " << check.error->toString() << "\n";
            continue;
        }
        sc.out << "  model " << check.model << ": ok" << (check.warnings.isEmpty() ? "" : ", with warnings") << "\n";
        for (const QString &warning : check.warnings)
            sc.out << "    warning: " << warning << "\n";
    }
    return failed ? kFailed : kOk;
}

} // namespace ferryctl
