#pragma once

#include "config/workspace.h"
#include "errors/result.h"

#include <QString>

namespace ferry {

// Writes a workspace as a folder: `<kind>s/<name>.json` (see WorkspaceReader::fileNameFor), one file per object, ids included, so that applying the
// folder again changes nothing. All or nothing: the files are written into a temporary folder next to the target,
// which is then renamed into place.
class WorkspaceExporter
{
public:
    // Refuses a folder that already holds workspace files unless `overwrite`, which replaces the *.json files of
    // the kind folders (other files there are kept). Returns the number of files written.
    static Result<int> exportTo(const Workspace &workspace, const QString &folder, bool overwrite = false);
};

} // namespace ferry
