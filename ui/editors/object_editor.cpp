#include "editors/object_editor.h"

#include "editors/draft_edit_command.h"
#include "editors/editor_services.h"
#include "editors/editor_style.h"
#include "editors/field_binder.h"
#include "editors/json_text_tab.h"
#include "editors/object_history_tab.h"
#include "models/issue_list_model.h"
#include "models/object_display.h"

#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace ferry::ui {

namespace {

constexpr int kValidationDelayMs = 150;

std::function<ObjectEditor::LeaveChoice(const QString &)> &leaveQuestion()
{
    static std::function<ObjectEditor::LeaveChoice(const QString &)> ask;
    return ask;
}

QToolButton *toolButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(false);
    return button;
}

} // namespace

ObjectEditor::ObjectEditor(ObjectKind kind, EditorServices *services, QWidget *parent)
    : QWidget(parent),
      m_kind(kind),
      m_services(services),
      m_undo(new QUndoStack(this)),
      m_validateTimer(new QTimer(this)),
      m_issueModel(new IssueListModel(this))
{
    setObjectName(QStringLiteral("objectEditor"));
    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(kValidationDelayMs);
    connect(m_validateTimer, &QTimer::timeout, this, &ObjectEditor::startValidation);

    auto *form = new QWidget;
    m_formLayout = new QFormLayout(form);
    m_formLayout->setContentsMargins(8, 8, 8, 8);
    m_formLayout->setVerticalSpacing(8);
    m_fields = new FieldBinder(m_formLayout, this);
    m_fields->setEditHandler([this](const QString &path, const Json &value) { edit(path, value); });
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(form);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(scroll, QStringLiteral("Settings"));
    m_jsonTab = new JsonTextTab(this);
    m_tabs->addTab(m_jsonTab, QStringLiteral("JSON"));
    m_historyTab = new ObjectHistoryTab(this);
    m_tabs->addTab(m_historyTab, QStringLiteral("History"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_historyTab)
            m_historyTab->refresh();
    });

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tabs);
    splitter->addWidget(buildProblems());
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({520, 130});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 10, 6);
    layout->setSpacing(8);
    layout->addWidget(buildHeader());
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("editorBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_banner->setMinimumWidth(200); // word wrap needs a width to wrap at, not the whole text's
    m_banner->hide();
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);

    // Ctrl+S and undo work wherever the focus is inside this editor, and only there.
    auto *saveShortcut = new QShortcut(QKeySequence::Save, this, this, &ObjectEditor::save);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *undoShortcut = new QShortcut(QKeySequence::Undo, this, m_undo, &QUndoStack::undo);
    undoShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *redoShortcut = new QShortcut(QKeySequence::Redo, this, m_undo, &QUndoStack::redo);
    redoShortcut->setContext(Qt::WidgetWithChildrenShortcut);
}

ObjectEditor::~ObjectEditor()
{
    // A validation still running reports to nobody.
    ++m_validationGeneration;
}

QWidget *ObjectEditor::buildHeader()
{
    auto *header = new QWidget(this);
    m_icon = new QLabel(header);
    // Some kinds' icons come in small sizes only: scaled up, the header's icons all read the same size.
    QPixmap icon = ObjectDisplay::kindIcon(m_kind).pixmap(32, 32);
    if (icon.width() < 32)
        icon = icon.scaled(32, 32, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    m_icon->setPixmap(icon);
    m_icon->setFixedSize(32, 32);
    m_title = new QLabel(header);
    m_title->setObjectName(QStringLiteral("editorTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_subtitle = new QLabel(header);
    m_subtitle->setEnabled(false);
    m_statusLine = new QLabel(header);
    m_statusLine->setObjectName(QStringLiteral("editorStatusLine"));
    m_statusLine->setTextFormat(Qt::PlainText);
    m_statusLine->setWordWrap(true);
    m_statusLine->hide();

    auto *undoButton = toolButton(QStringLiteral("Undo"), QStringLiteral("Undo the last edit (Ctrl+Z)"), header);
    auto *redoButton = toolButton(QStringLiteral("Redo"), QStringLiteral("Redo (Ctrl+Shift+Z)"), header);
    undoButton->setEnabled(false);
    redoButton->setEnabled(false);
    connect(undoButton, &QToolButton::clicked, m_undo, &QUndoStack::undo);
    connect(redoButton, &QToolButton::clicked, m_undo, &QUndoStack::redo);
    connect(m_undo, &QUndoStack::canUndoChanged, undoButton, &QToolButton::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, redoButton, &QToolButton::setEnabled);
    connect(m_undo, &QUndoStack::undoTextChanged, undoButton,
            [undoButton](const QString &text) { undoButton->setToolTip(QStringLiteral("Undo %1 (Ctrl+Z)").arg(text)); });
    m_revertButton = toolButton(QStringLiteral("Revert"), QStringLiteral("Discard the unsaved changes"), header);
    m_revertButton->setObjectName(QStringLiteral("revertButton"));
    connect(m_revertButton, &QToolButton::clicked, this, &ObjectEditor::revert);
    m_saveButton = toolButton(QStringLiteral("Save"), QStringLiteral("Check and store this object (Ctrl+S)"), header);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    QFont bold = m_saveButton->font();
    bold.setBold(true);
    m_saveButton->setFont(bold);
    connect(m_saveButton, &QToolButton::clicked, this, &ObjectEditor::save);

    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    titles->addWidget(m_statusLine);
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(titles, 1);
    layout->addWidget(undoButton);
    layout->addWidget(redoButton);
    layout->addSpacing(8);
    layout->addWidget(m_revertButton);
    layout->addWidget(m_saveButton);
    return header;
}

QWidget *ObjectEditor::buildProblems()
{
    auto *panel = new QWidget(this);
    m_problemsHeading = new QLabel(QStringLiteral("Problems"), panel);
    QFont bold = m_problemsHeading->font();
    bold.setBold(true);
    m_problemsHeading->setFont(bold);
    m_problemsView = new QTableView(panel);
    m_problemsView->setObjectName(QStringLiteral("problemsView"));
    m_problemsView->setModel(m_issueModel);
    m_problemsView->verticalHeader()->hide();
    m_problemsView->horizontalHeader()->setStretchLastSection(true);
    m_problemsView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_problemsView->horizontalHeader()->resizeSection(IssueListModel::SeverityColumn, 90);
    m_problemsView->horizontalHeader()->resizeSection(IssueListModel::PathColumn, 220);
    m_problemsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problemsView->setShowGrid(false);
    m_problemsView->setWordWrap(false);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_problemsHeading);
    layout->addWidget(m_problemsView, 1);
    return panel;
}

void ObjectEditor::load(const ObjectDraft &draft, qint64 version)
{
    // Reloading the object just saved keeps what the save said.
    if (draft.id().isEmpty() || draft.id() != m_saved.id() || version != m_version)
        m_banner->hide();
    m_saved = draft;
    m_version = version;
    m_undo->clear();
    setDraft(draft);
    m_historyTab->setObject(m_kind, draft.id(), draft.name());
    if (m_tabs->currentWidget() == m_historyTab)
        m_historyTab->refresh();
}

void ObjectEditor::setDraft(const ObjectDraft &draft)
{
    const bool wasDirty = isDirty();
    m_draft = draft;
    m_fields->refresh(draft);
    draftChanged(draft);
    m_jsonTab->showDraft(draft);
    updateTitle();
    scheduleValidation();
    if (wasDirty != isDirty())
        Q_EMIT dirtyChanged(isDirty());
}

void ObjectEditor::draftChanged(const ObjectDraft &) {}

QList<ValidationIssue> ObjectEditor::showIssuesInForm(const QList<ValidationIssue> &issues)
{
    return issues;
}

void ObjectEditor::insertTab(QWidget *page, const QString &title)
{
    m_tabs->insertTab(m_tabs->indexOf(m_jsonTab), page, title);
}

void ObjectEditor::edit(const QString &path, const Json &value, const QString &mergeKey)
{
    const ObjectDraft next = m_draft.with(path, value).canonical();
    if (next == m_draft)
        return;
    const QString key = mergeKey.isEmpty() ? path : mergeKey;
    m_undo->push(new DraftEditCommand(m_draft, next, key, QStringLiteral("edit of %1").arg(key),
                                      [this](const ObjectDraft &draft) { setDraft(draft); }));
}

void ObjectEditor::replaceDraft(const ObjectDraft &draft, const QString &what)
{
    if (draft == m_draft)
        return;
    // The JSON tab's typing merges into one step like a field's; other replacements stand alone.
    const QString mergeKey = what == QLatin1String("JSON edit") ? QStringLiteral("#json") : QString();
    m_undo->push(new DraftEditCommand(m_draft, draft, mergeKey, what, [this](const ObjectDraft &next) { setDraft(next); }));
}

void ObjectEditor::scheduleValidation()
{
    m_validating = true;
    ++m_validationGeneration; // a result for an older draft is stale from now on
    m_validateTimer->start();
}

void ObjectEditor::startValidation()
{
    const quint64 generation = m_validationGeneration;
    auto *watcher = new QFutureWatcher<ValidationReport>(this);
    connect(watcher, &QFutureWatcher<ValidationReport>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_validationGeneration)
            return;
        m_validating = false;
        showIssues(watcher->result().issues());
        Q_EMIT validated();
    });
    watcher->setFuture(QtConcurrent::run([validator = m_services->validator(), draft = m_draft] { return validator(draft); }));
}

bool ObjectEditor::isValidating() const
{
    return m_validating;
}

void ObjectEditor::showIssues(QList<ValidationIssue> issues)
{
    m_issues = issues;
    const QList<ValidationIssue> unplaced = showIssuesInForm(m_fields->showIssues(issues));
    Q_UNUSED(unplaced) // the list below shows every problem, placed or not
    m_issueModel->setIssues(std::move(issues));
    const int errors = m_issueModel->errorCount();
    const int warnings = m_issueModel->warningCount();
    m_problemsHeading->setText(errors + warnings == 0
                                   ? QStringLiteral("Problems: none")
                                   : QStringLiteral("Problems: %1").arg(ObjectDisplay::problemCountText(errors, warnings)));
    m_problemsHeading->setStyleSheet(errors ? EditorStyle::problemTextStyle(true) : QString());
}

void ObjectEditor::updateTitle()
{
    const QString name = m_draft.name().isEmpty() ? QStringLiteral("(no name)") : m_draft.name();
    m_title->setText(isDirty() ? name + QStringLiteral("  \u25CF") : name);
    m_title->setToolTip(isDirty() ? QStringLiteral("Unsaved changes") : QString());
    const QChar dot(0x00B7);
    QString subtitle = ObjectDisplay::title(m_kind);
    if (isNew())
        subtitle += QStringLiteral(" %1 new, not saved yet").arg(dot);
    else
        subtitle += QStringLiteral(" %1 version %2").arg(dot).arg(m_version);
    if (isDirty() && !isNew())
        subtitle += QStringLiteral(" %1 unsaved changes").arg(dot);
    if (m_saved.name() != m_draft.name() && !isNew())
        subtitle += QStringLiteral(" %1 renamed from %2").arg(dot, m_saved.name());
    m_subtitle->setText(subtitle);
    m_saveButton->setEnabled(isDirty() && !m_saving && m_services->canEdit());
    m_revertButton->setEnabled(isDirty() && !isNew() && !m_saving);
}

QString ObjectEditor::titleText() const
{
    return m_title->text();
}

void ObjectEditor::setStatusLine(const QString &text, const QColor &color, bool strong)
{
    m_statusLine->setText(text);
    m_statusLine->setVisible(!text.isEmpty());
    m_statusLine->setStyleSheet((color.isValid() ? QStringLiteral("color: %1;").arg(color.name()) : QString()) +
                                (strong ? QStringLiteral(" font-weight: bold;") : QString()));
}

QString ObjectEditor::statusLineText() const
{
    return m_statusLine->isHidden() ? QString() : m_statusLine->text();
}

QString ObjectEditor::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void ObjectEditor::showBanner(const QString &text, const QString &tone)
{
    m_banner->setText(text);
    m_banner->setStyleSheet(EditorStyle::bannerStyle(tone));
    m_banner->setProperty("tone", tone);
    m_banner->setVisible(!text.isEmpty());
}

void ObjectEditor::save()
{
    if (m_saving || !isDirty())
        return;
    if (!m_services->canEdit()) {
        showBanner(QStringLiteral("This is a workspace folder being checked, not the state database: "
                                  "go back to the state database to edit."),
                   QStringLiteral("warning"));
        return;
    }
    // What the reader refuses (a required key missing, a wrong type) never reaches the state database.
    ValidationReport readReport;
    m_draft.read(readReport);
    if (readReport.hasErrors()) {
        showIssues(readReport.issues());
        showBanner(QStringLiteral("Not saved: %1 to fix first (listed below).")
                       .arg(ObjectDisplay::problemCountText(readReport.errorCount(), 0)),
                   QStringLiteral("error"));
        return;
    }
    m_saving = true;
    updateTitle();
    showBanner(QStringLiteral("Saving…"), QStringLiteral("info"));
    const ObjectDraft saving = m_draft;
    m_services->apply(m_services->patchFor(saving, m_version), this, [this, saving](const Result<EditorServices::Outcome> &result) {
        m_saving = false;
        if (!result) {
            const Error &error = result.error();
            QString text = QStringLiteral("Not saved: %1. %2").arg(error.title, error.message);
            if (!error.hint.isEmpty())
                text += QStringLiteral(" (%1)").arg(error.hint);
            showBanner(text, QStringLiteral("error"));
            updateTitle();
            return;
        }
        const ValidationReport &report = result->report;
        if (report.hasErrors()) {
            showIssues(report.issues());
            showBanner(QStringLiteral("Not saved: %1 to fix first (listed below).")
                           .arg(ObjectDisplay::problemCountText(report.errorCount(), 0)),
                       QStringLiteral("error"));
            updateTitle();
            return;
        }
        // The stored object: found by id, or by name when it was new.
        const Workspace &stored = result->workspace;
        const QString storedName = stored.namesById(m_kind).value(saving.id(), saving.name());
        const qsizetype index = ObjectDisplay::indexOf(stored, m_kind, storedName);
        const ObjectDraft now = index >= 0 ? ObjectDraft::fromWorkspace(stored, m_kind, index) : saving;
        const qint64 version = result->versions.value(now.id(), m_version + 1);
        QStringList notes;
        for (const ValidationIssue &issue : report.issues()) {
            if (issue.kind == m_kind && issue.objectName == now.name())
                notes << issue.message;
        }
        const bool stillSame = m_draft == saving;
        m_saved = now;
        m_version = version;
        if (stillSame) {
            m_undo->setClean();
            setDraft(now);
        } else {
            updateTitle(); // typed on while saving: those edits stay unsaved
        }
        m_historyTab->setObject(m_kind, now.id(), now.name());
        showBanner(notes.isEmpty() ? QStringLiteral("Saved.") : QStringLiteral("Saved. ") + notes.join(QLatin1Char(' ')),
                   notes.isEmpty() ? QStringLiteral("success") : QStringLiteral("warning"));
        Q_EMIT savedAs(m_kind, now.id(), now.name());
    });
}

void ObjectEditor::revert()
{
    if (isNew() || m_draft == m_saved)
        return;
    replaceDraft(m_saved, QStringLiteral("revert"));
    showBanner({}, {});
}

void ObjectEditor::setLeaveQuestion(std::function<LeaveChoice(const QString &)> ask)
{
    leaveQuestion() = std::move(ask);
}

bool ObjectEditor::confirmLeave()
{
    if (!isDirty())
        return true;
    const QString name = m_draft.name().isEmpty() ? QStringLiteral("this %1").arg(kindName(m_kind)) : m_draft.name();
    LeaveChoice choice;
    if (leaveQuestion()) {
        choice = leaveQuestion()(name);
    } else {
        QMessageBox box(QMessageBox::Question, QStringLiteral("Unsaved changes"),
                        QStringLiteral("%1 has unsaved changes.").arg(name),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box.setInformativeText(QStringLiteral("Save them, discard them, or stay here?"));
        box.setDefaultButton(QMessageBox::Cancel);
        const int answer = box.exec();
        choice = answer == QMessageBox::Save      ? LeaveChoice::Save
                 : answer == QMessageBox::Discard ? LeaveChoice::Discard
                                                  : LeaveChoice::Cancel;
    }
    switch (choice) {
    case LeaveChoice::Discard:
        return true;
    case LeaveChoice::Save:
        save(); // stays: the outcome (saved, or what to fix) shows here
        return false;
    case LeaveChoice::Cancel:
        return false;
    }
    return false;
}

} // namespace ferry::ui
