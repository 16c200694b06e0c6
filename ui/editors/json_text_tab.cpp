#include "editors/json_text_tab.h"

#include "editors/editor_style.h"
#include "editors/object_editor.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace ferry::ui {

JsonTextTab::JsonTextTab(ObjectEditor *editor)
    : QWidget(editor), m_editor(editor), m_text(new QPlainTextEdit(this)), m_error(new QLabel(this)), m_typing(new QTimer(this))
{
    m_text->setObjectName(QStringLiteral("jsonText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabChangesFocus(false);
    m_error->setObjectName(QStringLiteral("jsonError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(EditorStyle::bannerStyle(QStringLiteral("error")));
    m_error->hide();
    auto *hint = new QLabel(QStringLiteral("The object as its workspace file holds it (Prequel's format for models). "
                                           "Edits here show in the form as soon as the text is valid JSON."),
                            this);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(hint);
    layout->addWidget(m_error);
    layout->addWidget(m_text, 1);

    m_typing->setSingleShot(true);
    m_typing->setInterval(400);
    connect(m_typing, &QTimer::timeout, this, &JsonTextTab::applyText);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_showing)
            m_typing->start();
    });
}

void JsonTextTab::showDraft(const ObjectDraft &draft)
{
    ObjectDraft::ParseError ignored;
    const std::optional<ObjectDraft::Json> current = ObjectDraft::parse(m_text->toPlainText(), &ignored);
    if (current && *current == draft.json())
        return; // the user's own formatting stays
    m_showing = true;
    m_text->setPlainText(draft.fileText());
    m_showing = false;
    m_error->hide();
    m_text->setExtraSelections({});
}

void JsonTextTab::applyText()
{
    m_typing->stop();
    ObjectDraft::ParseError error;
    const std::optional<ObjectDraft::Json> json = ObjectDraft::parse(m_text->toPlainText(), &error);
    if (!json) {
        m_error->setText(QStringLiteral("Line %1, column %2: %3. The form keeps the last valid version.")
                             .arg(error.line)
                             .arg(error.column)
                             .arg(error.message));
        m_error->show();
        markErrorLine(error.line);
        return;
    }
    m_error->hide();
    m_text->setExtraSelections({});
    m_editor->replaceDraft(m_editor->draft().withJson(*json), QStringLiteral("JSON edit"));
}

QString JsonTextTab::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void JsonTextTab::markErrorLine(int line)
{
    QTextEdit::ExtraSelection selection;
    QColor tint = EditorStyle::errorColor();
    tint.setAlpha(40);
    selection.format.setBackground(tint);
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    selection.cursor = QTextCursor(m_text->document()->findBlockByNumber(std::max(line - 1, 0)));
    m_text->setExtraSelections({selection});
}

} // namespace ferry::ui
