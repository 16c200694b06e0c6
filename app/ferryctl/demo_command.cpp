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
    int exitCode = kOk;
    const QString target = context.parseOnePath(parser, QStringLiteral("./demo"), exitCode);
    if (target.isEmpty())
        return exitCode;
    const auto layout = ferry::DemoWorkspace::create(target);
    if (!layout)
        return context.fail(layout.error());
    context.out << "Demo written to " << layout->root << "\n"
                << "Apply it with: ferryctl apply " << layout->workspaceFolder << "\n";
    return kOk;
}

} // namespace ferryctl
