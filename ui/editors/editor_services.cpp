#include "editors/editor_services.h"

#include "loading/state_query_runner.h"
#include "validate/validation_cache.h"

namespace ferry::ui {

EditorServices::EditorServices(StateQueryRunner *queries, QObject *parent) : QObject(parent), m_queries(queries) {}

EditorServices::~EditorServices() = default;

void EditorServices::setSnapshot(const WorkspaceSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_cache = snapshot.validation;
}

bool EditorServices::canEdit() const
{
    return m_snapshot.state && m_snapshot.folder.isEmpty();
}

qint64 EditorServices::versionOf(const QString &id) const
{
    return id.isEmpty() ? 0 : m_snapshot.versions.value(id, 0);
}

EditorServices::Validator EditorServices::validator() const
{
    std::shared_ptr<const ValidationCache> cache = m_cache;
    return [cache](const ObjectDraft &draft) {
        ValidationReport report;
        const Workspace edited = draft.read(report);
        if (edited.objectCount() != 1 || !cache)
            return report;
        report.append(cache->check(draft.kind(), edited));
        return report;
    };
}

WorkspacePatch EditorServices::patchFor(const ObjectDraft &draft, qint64 loadedVersion) const
{
    WorkspacePatch patch;
    ValidationReport ignored; // the apply reports every problem again, with the whole workspace in view
    patch.saved = draft.read(ignored);
    if (!draft.id().isEmpty() && loadedVersion > 0)
        patch.expectedVersions.insert(draft.id(), loadedVersion);
    return patch;
}

void EditorServices::apply(const WorkspacePatch &patch, QObject *context,
                           std::function<void(const Result<Outcome> &)> done)
{
    std::shared_ptr<StateDatabase> state = m_snapshot.state;
    if (!state) {
        done(Error{QStringLiteral("FERRY-EDIT-READONLY"), QStringLiteral("Nothing to save to"),
                   QStringLiteral("the app shows a workspace folder, not a state database"),
                   QStringLiteral("go back to the state database to edit objects"), Blame::Config});
        return;
    }
    QPointer<EditorServices> self(this);
    // A channel per apply: a second save must never drop the first one's answer.
    static quint64 applies = 0;
    m_queries->run(
        QStringLiteral("workspace.apply.%1").arg(++applies), context,
        [state, patch](StateDatabase &, QSqlDatabase) {
            WorkspaceApplier applier(state, WorkspaceApplier::Options{});
            return applier.applyPatch(patch);
        },
        [self, done](const Result<Outcome> &result) {
            done(result);
            if (self && result && !result->report.hasErrors())
                Q_EMIT self->applied(*result);
        });
}

} // namespace ferry::ui
