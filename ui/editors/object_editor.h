#pragma once

#include "editors/object_draft.h"
#include "errors/error.h"
#include "validate/validation_report.h"

#include <QWidget>

#include <functional>

class QFormLayout;
class QLabel;
class QTabWidget;
class QTableView;
class QTimer;
class QToolButton;
class QUndoStack;

namespace ferry::ui {

class EditorServices;
class FieldBinder;
class IssueListModel;
class JsonTextTab;
class ObjectHistoryTab;

// One object's editor: a form per kind (subclasses), its JSON, its change history and its problems. Every change
// goes through the undo stack; validation runs off the UI thread a moment after typing stops, and a result for an
// older draft is dropped. Save applies the object alone over the version it was loaded at.
class ObjectEditor : public QWidget
{
    Q_OBJECT

public:
    enum class LeaveChoice { Save, Discard, Cancel };
    using Json = ObjectDraft::Json;

    ObjectEditor(ObjectKind kind, EditorServices *services, QWidget *parent = nullptr);
    ~ObjectEditor() override;

    // Starts editing `draft` as saved at `version` (0: a new object, not stored yet).
    void load(const ObjectDraft &draft, qint64 version);
    ObjectKind kind() const { return m_kind; }
    const ObjectDraft &draft() const { return m_draft; }
    const ObjectDraft &saved() const { return m_saved; }
    qint64 version() const { return m_version; }
    bool isDirty() const { return !(m_draft == m_saved) || m_version == 0; }
    bool isNew() const { return m_version == 0; }
    bool isSaving() const { return m_saving; }

    // An undoable edit of one field; consecutive edits with one merge key (default: the path) merge.
    void edit(const QString &path, const Json &value, const QString &mergeKey = {});
    // An undoable replacement of the whole draft (JSON tab, restore from history, table picked).
    void replaceDraft(const ObjectDraft &draft, const QString &what);
    QUndoStack *undoStack() const { return m_undo; }

    void save();
    void revert();
    // The loaded workspace changed: lists of other objects (recipients, models...) follow it.
    virtual void refreshChoices() {}
    // Asks what to do with unsaved changes before the editor closes; true when it may close.
    bool confirmLeave();
    // Tests answer the question instead of a person.
    static void setLeaveQuestion(std::function<LeaveChoice(const QString &name)> ask);

    // The last validation's problems; waitForValidation() lets tests see the result of the current draft.
    const QList<ValidationIssue> &issues() const { return m_issues; }
    bool isValidating() const;
    QString bannerText() const;
    // A line under the title about the object's life beyond its settings (a destination's last transfer).
    void setStatusLine(const QString &text, const QColor &color = {}, bool strong = false);
    QString statusLineText() const;
    QString titleText() const;
    FieldBinder *fields() const { return m_fields; }
    QTabWidget *tabs() const { return m_tabs; }
    JsonTextTab *jsonTab() const { return m_jsonTab; }
    ObjectHistoryTab *historyTab() const { return m_historyTab; }
    IssueListModel *issueModel() const { return m_issueModel; }
    EditorServices *services() const { return m_services; }

Q_SIGNALS:
    void dirtyChanged(bool dirty);
    void validated();
    // The object was stored: `name` is its name now (a rename changes it), `id` its id.
    void savedAs(ferry::ObjectKind kind, const QString &id, const QString &name);

protected:
    // The form's own widgets follow the draft (FieldBinder rows refresh by themselves).
    virtual void draftChanged(const ObjectDraft &draft);
    // Problems the form shows beside its own widgets (a model's columns table); return those it did not place.
    virtual QList<ValidationIssue> showIssuesInForm(const QList<ValidationIssue> &issues);
    QFormLayout *formLayout() const { return m_formLayout; }
    // A tab after the form (Columns, Preview...), before JSON and History.
    void insertTab(QWidget *page, const QString &title);
    void showBanner(const QString &text, const QString &tone);

private:
    QWidget *buildHeader();
    QWidget *buildProblems();
    void setDraft(const ObjectDraft &draft);
    void scheduleValidation();
    void startValidation();
    void showIssues(QList<ValidationIssue> issues);
    void updateTitle();

    ObjectKind m_kind;
    EditorServices *m_services;
    ObjectDraft m_saved;
    ObjectDraft m_draft;
    qint64 m_version = 0;
    bool m_saving = false;
    quint64 m_validationGeneration = 0;
    bool m_validating = false;
    QList<ValidationIssue> m_issues;

    QUndoStack *m_undo;
    QTimer *m_validateTimer;
    IssueListModel *m_issueModel;
    FieldBinder *m_fields = nullptr;
    QFormLayout *m_formLayout = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_statusLine = nullptr;
    QLabel *m_banner = nullptr;
    QToolButton *m_saveButton = nullptr;
    QToolButton *m_revertButton = nullptr;
    QTabWidget *m_tabs = nullptr;
    JsonTextTab *m_jsonTab = nullptr;
    ObjectHistoryTab *m_historyTab = nullptr;
    QLabel *m_problemsHeading = nullptr;
    QTableView *m_problemsView = nullptr;
};

} // namespace ferry::ui
