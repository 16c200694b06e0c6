#pragma once

#include "editors/object_draft.h"

#include <QUndoCommand>

#include <functional>

namespace ferry::ui {

// One undoable change of an editor's draft. Consecutive edits of the same field merge into one step, so undo takes
// back a typed word, not a keystroke.
class DraftEditCommand : public QUndoCommand
{
public:
    using Apply = std::function<void(const ObjectDraft &)>;

    // `mergeKey` empty: never merges (a JSON-tab replacement, a restore, a column move).
    DraftEditCommand(ObjectDraft before, ObjectDraft after, QString mergeKey, const QString &text, Apply apply);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    ObjectDraft m_before;
    ObjectDraft m_after;
    QString m_mergeKey;
    Apply m_apply;
};

} // namespace ferry::ui
