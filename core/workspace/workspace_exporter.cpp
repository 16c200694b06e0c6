#include "workspace/workspace_exporter.h"

#include "config/config_json.h"

#include <QDir>
#include <QSaveFile>

namespace ferry {

namespace {

Error exportError(const QString &message, const QString &hint = {})
{
    return Error{QStringLiteral("FERRY-EXPORT"), QStringLiteral("Cannot export the workspace"), message, hint,
                 Blame::Config};
}

} // namespace

Result<int> WorkspaceExporter::exportTo(const Workspace &workspace, const QString &folder, bool overwrite)
{
    QDir root(folder);
    for (ObjectKind kind : kAllObjectKinds) {
        QDir sub(root.filePath(folderName(kind)));
        const QStringList existing = sub.exists() ? sub.entryList({QStringLiteral("*.json")}, QDir::Files) : QStringList();
        if (existing.isEmpty())
            continue;
        if (!overwrite) {
            return exportError(QStringLiteral("%1 already holds workspace files").arg(sub.path()),
                               QStringLiteral("export into an empty folder, or pass --force to replace them"));
        }
        for (const QString &file : existing) {
            if (!sub.remove(file))
                return exportError(QStringLiteral("cannot remove %1").arg(sub.filePath(file)));
        }
    }

    int written = 0;
    for (ObjectKind kind : kAllObjectKinds) {
        const QString sub = folderName(kind);
        if (!root.mkpath(sub))
            return exportError(QStringLiteral("cannot create %1").arg(root.filePath(sub)));
        const QStringList names = workspace.names(kind);
        for (qsizetype i = 0; i < names.size(); ++i) {
            QSaveFile file(root.filePath(sub + QLatin1Char('/') + names[i] + QStringLiteral(".json")));
            if (!file.open(QIODevice::WriteOnly))
                return exportError(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
            file.write(ConfigJson::toFileText(ConfigJson::toJson(workspace, kind, i)).toUtf8());
            if (!file.commit())
                return exportError(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
            ++written;
        }
    }
    return written;
}

} // namespace ferry
