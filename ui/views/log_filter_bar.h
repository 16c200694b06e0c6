#pragma once

#include "state/log_store.h"

#include <QTimer>
#include <QVariantMap>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QToolButton;

namespace ferry::ui {

// The Logs page's filters in one row: minimum level, phase, transfer id, model, message text (typed text
// waits ~250 ms so every keystroke does not start a query), the Follow toggle and Export….
class LogFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit LogFilterBar(QWidget *parent = nullptr);

    LogQuery query() const;
    // Shows `query`'s filters and emits queryChanged() once.
    void setQuery(const LogQuery &query);
    void setTransferId(const QString &transferId);

    bool isFollowing() const;
    void setFollowing(bool on);

    // The filters as remembered between runs (AppSettings::filters("logs")), and back.
    QVariantMap toSettings() const;
    void restoreSettings(const QVariantMap &settings);

    QComboBox *levelBox() const { return m_level; }
    QComboBox *phaseBox() const { return m_phase; }
    QLineEdit *transferEdit() const { return m_transfer; }
    QLineEdit *modelEdit() const { return m_model; }
    QLineEdit *textEdit() const { return m_text; }
    QToolButton *followButton() const { return m_follow; }
    QToolButton *exportButton() const { return m_export; }

Q_SIGNALS:
    void queryChanged(const LogQuery &query);
    void followToggled(bool on);
    void exportRequested();

private:
    void emitQuery();
    // Blocks the widgets' signals while filling them, so one change emits one query.
    void fill(const LogQuery &query);

    QComboBox *m_level;
    QComboBox *m_phase;
    QLineEdit *m_transfer;
    QLineEdit *m_model;
    QLineEdit *m_text;
    QToolButton *m_follow;
    QToolButton *m_export;
    QTimer m_typing;
    LogQuery m_emitted; // the last query emitted, so an edit that changes nothing starts no query
};

} // namespace ferry::ui
