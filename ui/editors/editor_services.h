#pragma once

#include "editors/object_draft.h"
#include "loading/workspace_loader.h"
#include "state/transfer_summary.h"
#include "workspace/workspace_applier.h"
#include "workspace/workspace_patch.h"

#include <QObject>

#include <functional>
#include <memory>

namespace ferry {
class ValidationCache;
}

namespace ferry::ui {

class StateQueryRunner;

// What every open editor shares: the workspace as last loaded (objects, versions, a validation cache), and the
// background work editing needs — validation, apply, history — so editors never touch the state database or a
// server on the UI thread.
class EditorServices : public QObject
{
    Q_OBJECT

public:
    using Outcome = WorkspaceApplier::Outcome;
    using Validator = std::function<ValidationReport(const ObjectDraft &)>;

    explicit EditorServices(StateQueryRunner *queries, QObject *parent = nullptr);
    ~EditorServices() override;

    void setSnapshot(const WorkspaceSnapshot &snapshot);
    // The newest transfer per destination name (a recipient's editor lists its destinations' health).
    void setDestinationHealth(const QHash<QString, TransferSummary> &latest) { m_health = latest; }
    const QHash<QString, TransferSummary> &destinationHealth() const { return m_health; }
    const WorkspaceSnapshot &snapshot() const { return m_snapshot; }
    const Workspace &workspace() const { return m_snapshot.workspace; }
    StateQueryRunner *queries() const { return m_queries; }
    // Edits need a state database (a checked folder is read-only).
    bool canEdit() const;

    // The stored version of object `id` (0: not stored, a new object).
    qint64 versionOf(const QString &id) const;
    // Checks a draft against the loaded workspace as if it replaced its object; safe on any thread, and keeps
    // working on the snapshot it was made from when a newer one arrives.
    Validator validator() const;

    // Applies `patch` on a state-query thread; `done` follows on the UI thread unless `context` is gone. A
    // successful apply is announced with applied().
    void apply(const WorkspacePatch &patch, QObject *context, std::function<void(const Result<Outcome> &)> done);
    // A patch saving one draft over the version the editor loaded.
    WorkspacePatch patchFor(const ObjectDraft &draft, qint64 loadedVersion) const;

Q_SIGNALS:
    void applied(const ferry::WorkspaceApplier::Outcome &outcome);

private:
    StateQueryRunner *m_queries;
    WorkspaceSnapshot m_snapshot;
    std::shared_ptr<const ValidationCache> m_cache;
    QHash<QString, TransferSummary> m_health;
};

} // namespace ferry::ui
