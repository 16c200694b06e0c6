#include "cli.h"

#include "validate/workspace_reader.h"
#include "workspace/workspace_applier.h"

#include <QDir>
#include <QFileInfo>

namespace ferryctl {

namespace {

// A kind folder counts in any form, even as a dangling link: the reader then says why it cannot be read.
bool isWorkspaceFolder(const QDir &dir)
{
    for (ferry::ObjectKind kind : ferry::kAllObjectKinds) {
        const QFileInfo sub(dir.filePath(ferry::folderName(kind)));
        if (sub.exists() || sub.isSymLink())
            return true;
    }
    return false;
}

} // namespace

int runValidate(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Check a workspace folder, a folder of model files, or one object file, with the same rules as apply. "
        "References are resolved against the state database when it exists. Writes nothing."));
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Workspace folder, folder of models, or file."));
    int exitCode = kOk;
    const QString path = context.parseOnePath(parser, QStringLiteral("./workspace"), exitCode);
    if (path.isEmpty())
        return exitCode;
    const QFileInfo info(path);
    if (!info.exists() && !info.isSymLink()) {
        context.err << "ferryctl validate: " << path << ": no such file or folder\n";
        return kBadInput;
    }

    // The state database only lends what is applied already; validate never creates or migrates it, and a
    // state file that does not exist yet simply has nothing applied.
    std::shared_ptr<ferry::StateDatabase> state;
    const auto location = ferry::StateLocation::resolve(context.stateUrl);
    if (!location)
        return context.failState(location.error());
    if (!location->isSqlite() || QFileInfo::exists(location->sqlitePath)) {
        auto opened = ferry::StateDatabase::open(*location, ferry::StateDatabase::Migrate::No);
        if (!opened)
            return context.failState(opened.error());
        state = *opened;
    }

    ferry::WorkspaceApplier applier(state, {});
    ferry::Result<ferry::WorkspaceApplier::Outcome> outcome = ferry::Error{};
    if (info.isDir() && isWorkspaceFolder(QDir(path))) {
        outcome = applier.check(path);
    } else {
        ferry::ValidationReport readReport;
        ferry::Workspace files;
        if (info.isDir())
            ferry::WorkspaceReader::readKindFolder(ferry::ObjectKind::Model, path, QString(), files, readReport);
        else
            files = ferry::WorkspaceReader::readFile(path, readReport);
        if (info.isDir() && files.objectCount() == 0 && !readReport.hasErrors()) {
            context.err << "ferryctl validate: " << path << ": holds no workspace folders and no .json files\n";
            return kBadInput;
        }
        outcome = applier.checkFiles(files, readReport);
    }
    if (!outcome)
        return context.fail(outcome.error());

    const ferry::ValidationReport &report = outcome->report;
    context.printIssues(report, context.out);
    if (report.hasErrors()) {
        context.out << QStringLiteral("%1 error(s), %2 warning(s) in %3\n")
                           .arg(report.errorCount())
                           .arg(report.warningCount())
                           .arg(path);
        return kBadInput;
    }
    context.out << QStringLiteral("%1 is valid (%2 object(s) checked, %3 warning(s))\n")
                       .arg(path)
                       .arg(outcome->workspace.objectCount())
                       .arg(report.warningCount());
    return kOk;
}

} // namespace ferryctl
