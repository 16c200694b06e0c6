#pragma once

#include "config/workspace.h"
#include "workspace/object_dependents.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QListWidget;

namespace ferry::ui {

// Asks before a delete, saying what depends on the object (each reference removed with it, or each object the
// delete would make invalid, which blocks it) and what happens to delivered data.
class DeleteObjectDialog : public QDialog
{
    Q_OBJECT

public:
    DeleteObjectDialog(const Workspace &workspace, ObjectKind kind, const QString &name, QWidget *parent = nullptr);

    bool isBlocked() const { return m_blocked; }
    const QList<ObjectDependent> &dependents() const { return m_dependents; }
    // Every line the dialog shows (tests, screenshots).
    QStringList lines() const;

private:
    QList<ObjectDependent> m_dependents;
    bool m_blocked = false;
    QListWidget *m_list;
    QDialogButtonBox *m_buttons;
};

} // namespace ferry::ui
