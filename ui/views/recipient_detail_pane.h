#pragma once

#include "loading/recipient_health_reader.h"

#include <QPersistentModelIndex>
#include <QWidget>

class QFormLayout;
class QLabel;
class QTreeView;

namespace ferry::ui {

class RecentTransfersModel;
class RecipientHealthModel;

// The Recipients page's detail area for the selected row: a destination's or model's status, last error (code,
// title, message, hint), checkpoint, lag, last success, the last source check's warnings, and its recent
// transfers. Reads only what the page already loaded; the page feeds it the recent transfers it reads.
class RecipientDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit RecipientDetailPane(const RecipientHealthModel *model, QWidget *parent = nullptr);

    // `index` is a RecipientHealthModel index (any column); invalid shows a hint.
    void showIndex(const QModelIndex &index);
    // Shows the current row again (the model read the state database anew, or checked a source).
    void refresh();
    void setRecent(const RecentTransfers &recent);

    QString destination() const { return m_destination; }
    QString model() const { return m_modelName; }
    QString title() const;
    QString errorText() const;
    QString checkpointText() const;
    QString warningsText() const;
    RecentTransfersModel *recentModel() const { return m_recentModel; }

private:
    QLabel *valueLabel();
    void setRow(QLabel *label, const QString &text);
    void showLastError();

    const RecipientHealthModel *m_model;
    QPersistentModelIndex m_index;
    QString m_destination;
    QString m_modelName;
    RecentTransfers m_recent;
    RecentTransfersModel *m_recentModel;
    QLabel *m_title;
    QLabel *m_subtitle;
    QFormLayout *m_form;
    QLabel *m_status;
    QLabel *m_error;
    QLabel *m_nextRun;
    QLabel *m_checkpoint;
    QLabel *m_lag;
    QLabel *m_lastSuccess;
    QLabel *m_warnings;
    QLabel *m_recentTitle;
    QTreeView *m_recentView;
};

} // namespace ferry::ui
