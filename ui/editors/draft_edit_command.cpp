#include "editors/draft_edit_command.h"

namespace ferry::ui {

namespace {
constexpr int kDraftEditId = 0x46455259; // any fixed id: all draft edits share one command type
}

DraftEditCommand::DraftEditCommand(ObjectDraft before, ObjectDraft after, QString mergeKey, const QString &text,
                                   Apply apply)
    : m_before(std::move(before)), m_after(std::move(after)), m_mergeKey(std::move(mergeKey)), m_apply(std::move(apply))
{
    setText(text);
}

void DraftEditCommand::undo()
{
    m_apply(m_before);
}

void DraftEditCommand::redo()
{
    m_apply(m_after);
}

int DraftEditCommand::id() const
{
    return m_mergeKey.isEmpty() ? -1 : kDraftEditId;
}

bool DraftEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *edit = static_cast<const DraftEditCommand *>(other);
    if (edit->m_mergeKey != m_mergeKey)
        return false;
    m_after = edit->m_after;
    return true;
}

} // namespace ferry::ui
