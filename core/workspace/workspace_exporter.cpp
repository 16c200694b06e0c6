#include "workspace/workspace_exporter.h"

#include "config/config_json.h"
#include "validate/workspace_reader.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>

#include <cstdio>
#include <utility>
#include <vector>

namespace ferry {

namespace {

Error exportError(const QString &message, const QString &hint = {})
{
    return Error{QStringLiteral("FERRY-EXPORT"), QStringLiteral("Cannot export the workspace"), message, hint,
                 Blame::Config};
}

bool isPresent(const QFileInfo &info)
{
    return info.exists() || info.isSymLink();
}

// The entries apply would read as objects (the reader takes every non-hidden *.json entry).
QStringList workspaceEntries(const QDir &kindFolder)
{
    return kindFolder.entryList({QStringLiteral("*.json")},
                                QDir::Files | QDir::Dirs | QDir::System | QDir::NoDotAndDotDot);
}

// Checks the target before anything is written: a kind path that is not a folder would stop the export half-way.
Status checkTarget(const QDir &root, bool overwrite)
{
    const QFileInfo target(root.path());
    if (isPresent(target) && !target.isDir())
        return exportError(QStringLiteral("%1 is not a folder").arg(root.path()));
    for (ObjectKind kind : kAllObjectKinds) {
        const QFileInfo sub(root.filePath(folderName(kind)));
        if (!isPresent(sub))
            continue;
        if (!sub.isDir())
            return exportError(QStringLiteral("%1 is in the way: it is not a folder").arg(sub.filePath()),
                               QStringLiteral("move it away, or export into another folder"));
        if (!overwrite && !workspaceEntries(QDir(sub.filePath())).isEmpty()) {
            return exportError(QStringLiteral("%1 already holds workspace files").arg(sub.filePath()),
                               QStringLiteral("export into an empty folder, or pass --force to replace them"));
        }
    }
    return {};
}

Result<int> writeFiles(const Workspace &workspace, const QDir &staging)
{
    int written = 0;
    for (ObjectKind kind : kAllObjectKinds) {
        const QString sub = folderName(kind);
        if (!staging.mkpath(sub))
            return exportError(QStringLiteral("cannot create %1").arg(staging.filePath(sub)));
        const QStringList names = workspace.names(kind);
        for (qsizetype i = 0; i < names.size(); ++i) {
            QSaveFile file(staging.filePath(sub + QLatin1Char('/') + WorkspaceReader::fileNameFor(names[i])));
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

// Renames done so far, undone in reverse order unless committed: a failed install leaves the target as it was.
class Renames
{
public:
    ~Renames()
    {
        for (auto it = m_done.rbegin(); it != m_done.rend(); ++it)
            std::rename(QFile::encodeName(it->second).constData(), QFile::encodeName(it->first).constData());
    }

    bool move(const QString &from, const QString &to)
    {
        if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
            return false;
        m_done.emplace_back(from, to);
        return true;
    }

    void commit() { m_done.clear(); }

private:
    std::vector<std::pair<QString, QString>> m_done;
};

// Swaps each staged kind folder in for the target's. Files of the old folder that are not workspace files move
// into the new one; the old folder ends up inside the staging folder, deleted with it.
Status installInto(const QDir &root, const QDir &staging)
{
    Renames renames;
    for (ObjectKind kind : kAllObjectKinds) {
        const QString sub = folderName(kind);
        const QString staged = staging.filePath(sub);
        const QString current = root.filePath(sub);
        if (QFileInfo(current).isDir()) {
            const QDir old(current);
            const QStringList replaced = workspaceEntries(old);
            const QStringList all = old.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
            for (const QString &entry : all) {
                if (!replaced.contains(entry) && !renames.move(old.filePath(entry), QDir(staged).filePath(entry)))
                    return exportError(QStringLiteral("cannot keep %1 in the new folder").arg(old.filePath(entry)));
            }
            if (!renames.move(current, staging.filePath(sub + QStringLiteral(".old"))))
                return exportError(QStringLiteral("cannot replace %1").arg(current));
        }
        if (!renames.move(staged, current))
            return exportError(QStringLiteral("cannot move the exported %1 into %2").arg(sub, root.path()));
    }
    renames.commit();
    return {};
}

} // namespace

Result<int> WorkspaceExporter::exportTo(const Workspace &workspace, const QString &folder, bool overwrite)
{
    const QDir root(QDir(folder).absolutePath());
    if (Status checked = checkTarget(root, overwrite); !checked)
        return checked.error();
    const QString parent = QFileInfo(root.path()).absolutePath();
    if (!QDir().mkpath(parent))
        return exportError(QStringLiteral("cannot create %1").arg(parent));

    // Next to the target, so that moving it into place is a rename on the same file system.
    QTemporaryDir staging(QDir(parent).filePath(QStringLiteral(".ferry-export-XXXXXX")));
    if (!staging.isValid())
        return exportError(QStringLiteral("cannot create a temporary folder in %1: %2").arg(parent, staging.errorString()));
    const Result<int> written = writeFiles(workspace, QDir(staging.path()));
    if (!written)
        return written;

    if (!isPresent(QFileInfo(root.path()))) {
        if (std::rename(QFile::encodeName(staging.path()).constData(), QFile::encodeName(root.path()).constData()) != 0)
            return exportError(QStringLiteral("cannot move the export into %1").arg(root.path()));
        staging.setAutoRemove(false);
        return written;
    }
    if (Status installed = installInto(root, QDir(staging.path())); !installed)
        return installed.error();
    return written;
}

} // namespace ferry
