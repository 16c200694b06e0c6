#pragma once

#include "config/workspace.h"
#include "errors/result.h"
#include "validate/validation_report.h"
#include "workspace/workspace_patch.h"

#include <QHash>
#include <QSet>

#include <functional>

namespace ferry {

// Turns an editor's patch into the whole workspace it asks for: the stored workspace with the patch's objects
// saved and removed, references following renames, list references to removed objects dropped. Refuses a patch
// made from versions the state database no longer holds (FERRY-WORKSPACE-CONFLICT).
class PatchResolver
{
public:
    // Who last changed an object and when ("alice on desk-7 at 2026-..."), for conflict messages; empty: unknown.
    using LastChange = std::function<QString(const QString &objectId)>;

    PatchResolver(const Workspace &stored, const QHash<QString, qint64> &versions, LastChange lastChange);

    // The desired workspace. Dependents a removal would leave invalid are reported as errors in `report`.
    // `changed` receives the ids of the stored objects it may differ in (saved ones and those whose references
    // it rewrote): every other stored object is exactly as stored, so the write need not compare it.
    Result<Workspace> resolve(const WorkspacePatch &patch, ValidationReport &report, QSet<QString> &changed) const;

    // Labels every object with the file export would write it to, so messages name the object's current name
    // (in-memory objects have no file; a renamed stored object's label names its old one).
    static void labelAsExported(Workspace &workspace);

private:
    Status checkVersions(const WorkspacePatch &patch) const;
    QString conflictFor(ObjectKind kind, const QString &id, const QString &name, qint64 expected) const;

    const Workspace &m_stored;
    const QHash<QString, qint64> &m_versions;
    LastChange m_lastChange;
};

} // namespace ferry
