#pragma once

#include "config/workspace.h"
#include "validate/validation_report.h"
#include "validate/workspace_validator.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <array>
#include <optional>

namespace ferry {

// Built once per loaded workspace (off the UI thread); re-validates one edited object in < 20 ms on a workspace
// of 1,000 objects. Thread-safe for concurrent const use.
//
// What the full validator recomputes for every object (name and id indexes, the report of the unedited workspace)
// is computed here once; check() then runs only the edited object's rules and those of the objects that name it.
class ValidationCache
{
public:
    ValidationCache(Workspace applied, QSet<QString> transferredModels, bool allowTypeChanges = false);

    // The problems of `edited` (a workspace holding exactly one object of `kind`, with the stored id when it
    // replaces one, else an empty id) as if it replaced/added that object: its own rules plus references from and
    // to it. Issues are tagged with kind/objectName like WorkspaceValidator's. Issues of the objects that refer to
    // it by name (and of one whose name it now shares) come too, tagged with those objects; a rename is followed
    // by their references first, as WorkspaceApplier::applyPatch does.
    ValidationReport check(ObjectKind kind, const Workspace &edited) const;
    const Workspace &workspace() const;
    // WorkspaceValidator's report of the workspace as built, every issue tagged with its object.
    const ValidationReport &report() const;

private:
    // An object's place in the validator's order: kinds in kAllObjectKinds order, then list order.
    struct Position
    {
        int kind;
        qsizetype index;
        bool operator<(const Position &other) const
        {
            return kind != other.kind ? kind < other.kind : index < other.index;
        }
        bool operator==(const Position &other) const { return kind == other.kind && index == other.index; }
    };
    struct Edit; // the workspace with the edited object in place

    std::optional<WorkspaceValidator::ObjectRef> firstSameName(const Edit &edit, ObjectKind kind, qsizetype index) const;
    std::optional<WorkspaceValidator::ObjectRef> firstSameId(const Edit &edit, ObjectKind kind, qsizetype index) const;
    void checkObject(const Edit &edit, ObjectKind kind, qsizetype index, bool withNames, ValidationReport &report) const;
    // The objects that name the edited one (after renames are followed).
    QList<QPair<ObjectKind, qsizetype>> referrers(const Edit &edit) const;

    Workspace m_applied;
    QSet<QString> m_transferred;
    bool m_allowTypeChanges;
    ValidationReport m_report;
    QSet<QString> m_withIssues; // models with an issue in m_report
    std::array<QHash<QString, QList<qsizetype>>, 5> m_byLowerName; // per kind: lower-cased name -> indexes
    std::array<QHash<QString, qsizetype>, 5> m_byId;                // per kind: id -> index
    QHash<QString, QList<Position>> m_byLowerId;                    // valid UUIDs, lower-cased -> positions, in order
};

} // namespace ferry
