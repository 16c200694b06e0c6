#pragma once

#include "config/workspace.h"
#include "errors/result.h"

#include <QString>

namespace ferry {

// Writes a workspace as a folder: `<kind>s/<name>.json`, one file per object, ids included, so that applying the
// folder again changes nothing.
class WorkspaceExporter
{
public:
    // Refuses a folder that already holds workspace files unless `overwrite`, which first removes the *.json files
    // of the kind folders (others are left alone). Returns the number of files written.
    static Result<int> exportTo(const Workspace &workspace, const QString &folder, bool overwrite = false);
};

} // namespace ferry
