#pragma once

#include "config/workspace.h"
#include "state/checkpoint_store.h"

#include <QDateTime>
#include <QDialog>

class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;

namespace ferry::ui {

// Asks for the earlier time one model's checkpoint at one destination moves back to (as `ferryctl checkpoint
// rewind` does), in local time, and says what the next transfer will re-send: the windows WindowPlanner cuts from
// the new checkpoint minus the source's lookback up to now. A time at or after the current checkpoint is refused:
// moving forward would skip rows. The dialog writes nothing; its owner rewinds on accept.
class RewindCheckpointDialog : public QDialog
{
    Q_OBJECT

public:
    RewindCheckpointDialog(const Workspace &workspace, const QString &destination, const QString &model,
                           const Checkpoint &current, QWidget *parent = nullptr,
                           const QDateTime &now = QDateTime::currentDateTimeUtc());

    // Any time spec; shown in local time, to the second.
    void setTarget(const QDateTime &time);
    QDateTime target() const; // UTC
    // What CheckpointStore::rewind receives.
    QString targetCanonical() const;
    QString destination() const { return m_destination; }
    QString model() const { return m_model; }
    QString currentCursor() const { return m_current.cursorValue; }

    // Empty when the target may be used, else why not.
    QString problem() const { return m_problem; }
    bool isAcceptable() const { return m_problem.isEmpty(); }
    // What the next transfer re-sends, in words; and its window count (0 when it cannot be planned).
    QString planText() const { return m_planText; }
    int windowCount() const { return m_windowCount; }

    // Refuses (stays open) while the target is not acceptable.
    void accept() override;

private:
    void update();

    Workspace m_workspace;
    QString m_destination;
    QString m_model;
    Checkpoint m_current;
    QDateTime m_now;
    QString m_problem;
    QString m_planText;
    int m_windowCount = 0;
    QDateTimeEdit *m_edit = nullptr;
    QLabel *m_utcLabel = nullptr;
    QLabel *m_planLabel = nullptr;
    QLabel *m_problemLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace ferry::ui
