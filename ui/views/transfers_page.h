#pragma once

#include "config/workspace.h"

#include <QWidget>

namespace ferry::ui {

class AppSettings;
class StateQueryRunner;
class TransferActions;

// The Transfers page: the history (lazily paged, filtered, live), the selected transfer's details and logs, and
// the actions support staff take (run now, full refresh, stop, retry failed models).
class TransfersPage : public QWidget
{
    Q_OBJECT

public:
    TransfersPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings,
                  QWidget *parent = nullptr);

    void reload();
    // Selects the transfer and shows its details (loading them by id when it is not among the rows yet).
    void selectTransfer(const QString &transferId);
    // A running transfer moved on (this app's workers): look again soon rather than at the next poll.
    void noteProgress(const QString &transferId);

Q_SIGNALS:
    void showLogsRequested(const QString &transferId);

private:
    StateQueryRunner *m_queries;
    TransferActions *m_actions;
    AppSettings *m_settings;
};

} // namespace ferry::ui
