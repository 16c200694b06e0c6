#pragma once

#include "config/workspace.h"
#include "state/transfer_summary.h"

#include <QVariantMap>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

namespace ferry::ui {

// The Transfers page's filters: status, recipient, destination, tag, submitted time range and free text, with the
// number of matching transfers. Text fields apply after a short pause in typing; lists apply at once.
class TransferFilterBar : public QWidget
{
    Q_OBJECT

public:
    enum class Range { Any, LastHour, LastDay, LastWeek, LastMonth };

    explicit TransferFilterBar(QWidget *parent = nullptr);

    // Fills the recipient and destination lists (keeping the current choices).
    void setWorkspace(const Workspace &workspace);
    TransferQuery query(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // "Counting…" (count < 0) or "1,234 transfers".
    void setCount(qint64 count);
    QString countText() const;

    // For AppSettings, and tests.
    QVariantMap state() const;
    void restoreState(const QVariantMap &state);
    void clear();

    QComboBox *statusBox() const { return m_status; }
    QComboBox *recipientBox() const { return m_recipient; }
    QComboBox *destinationBox() const { return m_destination; }
    QComboBox *rangeBox() const { return m_range; }
    QLineEdit *tagEdit() const { return m_tag; }
    QLineEdit *textEdit() const { return m_text; }
    // Selects the status filter by its stored name ("ERROR"), or the group "failed"; true when it exists.
    bool setStatusFilter(const QString &status);

Q_SIGNALS:
    void queryChanged();

private:
    void changed();

    QComboBox *m_status;
    QComboBox *m_recipient;
    QComboBox *m_destination;
    QComboBox *m_range;
    QLineEdit *m_tag;
    QLineEdit *m_text;
    QToolButton *m_clear;
    QLabel *m_count;
    QTimer *m_typing;
};

} // namespace ferry::ui
