#pragma once

#include "config/connection_settings.h"
#include "config/workspace.h"

#include <QString>

namespace ferry {

// Where a source or destination keeps its tables, spelt so that two spellings of one place compare equal: an SQLite
// file by its canonical path (symbolic links resolved), a server database by host (the loopback names as one),
// port (the vendor's default when none is given), database and schema. A destination must never be the place a
// source reads: its rebuild would replace the source's tables.
class DatabaseIdentity
{
public:
    // Empty for what has no database (object storage, sftp) or lacks the fields to say.
    static QString of(const QString &vendor, const ConnectionSettings &settings);
    // The source of `workspace` that keeps its tables where `destination` writes, or null.
    static const Source *sourceAt(const Workspace &workspace, const Destination &destination);
};

} // namespace ferry
