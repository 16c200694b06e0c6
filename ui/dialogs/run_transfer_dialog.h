#pragma once

#include "config/workspace.h"
#include "engine/transfer_request_builder.h"
#include "state/state_database.h"

#include <QDialog>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableView;
class QTimer;

namespace ferry::ui {

class PlanPreviewer;
class PlanTableView;
class TransferPlanModel;

// "Run now": which destination, all its models or some, tags, an explicit window and full refresh, checked as the
// user types (TransferRequestBuilder), and the dry-run plan (modes, windows, estimated rows) computed off the UI
// thread before anything is enqueued. Accepting hands back the request; the caller enqueues it.
class RunTransferDialog : public QDialog
{
    Q_OBJECT

public:
    RunTransferDialog(std::shared_ptr<StateDatabase> state, const Workspace &workspace, QWidget *parent = nullptr);

    void setDestination(const QString &name);
    void setModels(const QStringList &models);
    void setFullRefresh(bool on);
    // The checked request (valid while the Enqueue button is enabled).
    std::optional<TransferRequest> request() const { return m_request; }
    TransferOptions options() const;

    QComboBox *destinationBox() const { return m_destination; }
    QListWidget *modelList() const { return m_models; }
    QLineEdit *tagsEdit() const { return m_tags; }
    QCheckBox *windowBox() const { return m_explicitWindow; }
    QDateTimeEdit *windowStartEdit() const { return m_windowStart; }
    QDateTimeEdit *windowEndEdit() const { return m_windowEnd; }
    QCheckBox *fullRefreshBox() const { return m_fullRefresh; }
    QString problemText() const;
    QString planStatusText() const;
    TransferPlanModel *planModel() const { return m_plan; }
    bool isPlanning() const;
    QPushButton *enqueueButton() const;

Q_SIGNALS:
    void planShown();

private:
    void fillModels();
    void validate();
    void startPlan();

    std::shared_ptr<StateDatabase> m_state;
    Workspace m_workspace;
    PlanPreviewer *m_previewer;
    TransferPlanModel *m_plan;
    std::optional<TransferRequest> m_request;

    QComboBox *m_destination;
    QCheckBox *m_allModels;
    QListWidget *m_models;
    QLineEdit *m_tags;
    QCheckBox *m_explicitWindow;
    QDateTimeEdit *m_windowStart;
    QDateTimeEdit *m_windowEnd;
    QCheckBox *m_fullRefresh;
    QLabel *m_problem;
    QLabel *m_planStatus;
    PlanTableView *m_planView;
    QDialogButtonBox *m_buttons;
    QTimer *m_planSoon;
};

} // namespace ferry::ui
