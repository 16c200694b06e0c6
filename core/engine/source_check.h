#pragma once

#include "config/workspace.h"
#include "errors/result.h"

namespace ferry {

// "Test connection" for a source: connects, then checks every model that reads from it (the table answers a
// window query) and lints its cursor column. Read-only.
struct ModelCheck
{
    QString model;
    QStringList warnings;       // cursor lint, each with its fix
    std::optional<Error> error; // the table or a column is missing, say
};

class SourceCheck
{
public:
    // An Error when the source cannot be reached at all; else one ModelCheck per model of the source.
    static Result<QList<ModelCheck>> run(const Workspace &workspace, const QString &sourceName);
};

} // namespace ferry
