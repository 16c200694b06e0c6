#pragma once

#include "config/object_kind.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTextEdit;

namespace ferry::ui {

class ObjectEditor;
class ObjectHistoryModel;

// An object's change history (who changed it, when, how), the diff of the selected change, and "Restore this
// version", which puts that version in the editor as an unsaved, undoable edit.
class ObjectHistoryTab : public QWidget
{
    Q_OBJECT

public:
    explicit ObjectHistoryTab(ObjectEditor *editor);

    void setObject(ObjectKind kind, const QString &id, const QString &name);
    // Reads the history again (off the UI thread).
    void refresh();
    ObjectHistoryModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString diffText() const;
    // Puts the selected change's resulting version in the editor; false when there is none.
    bool restoreSelected();

Q_SIGNALS:
    void loaded();

private:
    void showSelected();

    ObjectEditor *m_editor;
    ObjectKind m_kind = ObjectKind::Source;
    QString m_id;
    QString m_name;
    ObjectHistoryModel *m_model;
    QTableView *m_view;
    QTextEdit *m_diff;
    QLabel *m_status;
    QPushButton *m_restore;
    QString m_plainDiff;
};

} // namespace ferry::ui
