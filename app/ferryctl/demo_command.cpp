#include "cli.h"

#include "demo/demo_workspace.h"

namespace ferryctl {

int runDemo(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write the demo workspace into DIR: an SQLite source with a multi-tenant events table, its models, a "
        "product, three recipients and SQLite destinations. Apply DIR/workspace to use it."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Folder to write the demo into."));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Replace the demo DIR holds already: its workspace files and source "
                                                  "database are written again."));
    parser.addOption(force);
    int exitCode = kOk;
    const QString target = context.parseOnePath(parser, QStringLiteral("./demo"), exitCode);
    if (target.isEmpty())
        return exitCode;
    const auto layout = ferry::DemoWorkspace::create(
        target, parser.isSet(force) ? ferry::DemoWorkspace::Replace::Yes : ferry::DemoWorkspace::Replace::No);
    if (!layout)
        return context.fail(layout.error(), layout.error().blame == ferry::Blame::Config ? kBadInput : kFailed);
    context.out << "Demo written to " << layout->root << "\n"
                << "Apply it with: ferryctl apply " << layout->workspaceFolder << "\n";
    return kOk;
}

} // namespace ferryctl
