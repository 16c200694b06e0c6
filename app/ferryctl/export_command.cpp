#include "cli.h"

#include "workspace/workspace_exporter.h"

namespace ferryctl {

int runExport(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the workspace held by the state database as a folder, one JSON file per object."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Folder to write (created when missing)."));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Replace the .json files of a folder that holds a workspace already."));
    parser.addOption(force);
    int exitCode = kOk;
    const QString folder = context.parseOnePath(parser, QStringLiteral("./workspace"), exitCode);
    if (folder.isEmpty())
        return exitCode;
    const std::optional<ferry::Workspace> workspace = context.loadWorkspace(exitCode);
    if (!workspace)
        return exitCode;
    const auto written = ferry::WorkspaceExporter::exportTo(*workspace, folder, parser.isSet(force));
    if (!written)
        return context.fail(written.error(), kBadInput);
    context.out << QStringLiteral("Exported %1 object(s) to %2\n").arg(*written).arg(folder);
    return kOk;
}

} // namespace ferryctl
