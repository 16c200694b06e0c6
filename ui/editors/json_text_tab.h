#pragma once

#include "editors/object_draft.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTimer;

namespace ferry::ui {

class ObjectEditor;

// The object's file as text, editable: valid JSON replaces the draft (one undo step per pause in typing), so the form
// follows; invalid JSON shows its parse error at the line and leaves the form on its last valid state.
class JsonTextTab : public QWidget
{
    Q_OBJECT

public:
    explicit JsonTextTab(ObjectEditor *editor);

    // The draft changed elsewhere (form, undo): the text follows unless it already says the same.
    void showDraft(const ObjectDraft &draft);
    QPlainTextEdit *textEdit() const { return m_text; }
    // The parse error shown, empty when the text is valid.
    QString errorText() const;
    // Applies typed text now rather than after the pause (tests).
    void applyText();

private:
    void markErrorLine(int line);

    ObjectEditor *m_editor;
    QPlainTextEdit *m_text;
    QLabel *m_error;
    QTimer *m_typing;
    bool m_showing = false;
};

} // namespace ferry::ui
