#pragma once

#include "config/workspace.h"
#include "state/state_database.h"
#include "state/transfer_store.h"

#include <QDialog>

#include <memory>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace ferry::ui {

class PlanPreviewer;
class PlanTableView;
class TransferPlanModel;

// Full refresh, said plainly before it happens: what it does to this kind of destination (databases: rebuilt from
// the source's history aside and swapped in, so rows the source no longer holds disappear; files: everything
// written again, nothing deleted), how many rows each table holds now against what the source will send, and, for
// a whole destination, the destination's name typed to confirm.
class FullRefreshDialog : public QDialog
{
    Q_OBJECT

public:
    FullRefreshDialog(std::shared_ptr<StateDatabase> state, const Workspace &workspace, const QString &destination,
                      const QString &model = {}, QWidget *parent = nullptr);

    TransferRequest request() const { return m_request; }
    // The data impact as shown (tests).
    QString impactText() const;
    QString planStatusText() const;
    bool needsTypedConfirmation() const { return m_model.isEmpty(); }
    QLineEdit *confirmationEdit() const { return m_confirm; }
    QPushButton *refreshButton() const;
    TransferPlanModel *planModel() const { return m_plan; }

    // What a full refresh does to a destination of this vendor, in words for support staff.
    static QString impactFor(const QString &vendor);

Q_SIGNALS:
    void planShown();

private:
    void updateButton();

    std::shared_ptr<StateDatabase> m_state;
    QString m_destination;
    QString m_model;
    TransferRequest m_request;
    PlanPreviewer *m_previewer;
    TransferPlanModel *m_plan;
    QLabel *m_impact;
    QLabel *m_planStatus;
    PlanTableView *m_planView;
    QLineEdit *m_confirm = nullptr;
    QDialogButtonBox *m_buttons;
};

} // namespace ferry::ui
