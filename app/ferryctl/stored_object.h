#pragma once

#include "cli.h"

#include "config/workspace.h"

#include <QHash>

#include <optional>

namespace ferryctl {

// The stored object a command names (rename, delete), with what an editor's patch of it needs.
struct StoredObject
{
    std::shared_ptr<ferry::StateDatabase> state; // set by open()
    ferry::Workspace workspace;      // everything stored
    QHash<QString, qint64> versions; // object id -> version, as WorkspacePatch::expectedVersions wants them
    ferry::ObjectKind kind = ferry::ObjectKind::Source;
    QString id;
    QString name;

    // A workspace holding only this object, named `newName`.
    ferry::Workspace renamed(const QString &newName) const;

    // Loads KIND/NAME from the state database. When it is not there, prints why and sets `exitCode`: 2 for an
    // unknown object (bad input), 1 for a state database that cannot be read.
    static std::optional<StoredObject> load(const CommandContext &context, ferry::StateDatabase &state,
                                            ferry::ObjectKind kind, const QString &name, int &exitCode);
    // Parses `argument` (KIND/NAME), opens the state database (migrated) and loads the object from it; nullopt
    // after printing why, with `exitCode` set as load() and the state's opening set it.
    static std::optional<StoredObject> open(const CommandContext &context, const QString &argument, int &exitCode);
};

} // namespace ferryctl
