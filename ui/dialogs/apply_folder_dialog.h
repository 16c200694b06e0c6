#pragma once

#include "workspace/workspace_applier.h"
#include "workspace/workspace_diff.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace ferry::ui {

class StateQueryRunner;

// "Apply" after Check Workspace Folder: what applying the folder would change (objects added, changed, removed,
// and the tables a column type change rebuilds), every problem that blocks it, then the apply itself, all read
// and written off the UI thread.
class ApplyFolderDialog : public QDialog
{
    Q_OBJECT

public:
    ApplyFolderDialog(StateQueryRunner *queries, const QString &folder, QWidget *parent = nullptr);

    // Re-checks the folder (allowing column type changes or not).
    void check();
    // Applies the folder; applied() or a shown error follows.
    void apply();
    bool canApply() const;
    const QList<PlannedChange> &changes() const { return m_changes; }
    QString summaryText() const;
    QCheckBox *allowTypeChangesBox() const { return m_allowTypeChanges; }

Q_SIGNALS:
    void checked();
    void applied(const ferry::WorkspaceApplier::Outcome &outcome);
    void failed(const QString &message);

private:
    struct Checked
    {
        Result<WorkspaceApplier::Outcome> outcome;
        QList<PlannedChange> changes;
    };
    void show(const Checked &result);

    StateQueryRunner *m_queries;
    QString m_folder;
    QLabel *m_summary;
    QTreeWidget *m_list;
    QCheckBox *m_allowTypeChanges;
    QDialogButtonBox *m_buttons;
    QPushButton *m_applyButton;
    QList<PlannedChange> m_changes;
    bool m_hasErrors = true;
    bool m_busy = false;
};

} // namespace ferry::ui
