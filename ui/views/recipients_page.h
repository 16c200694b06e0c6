#pragma once

#include "config/workspace.h"
#include "state/transfer_summary.h"

#include <QHash>
#include <QWidget>

namespace ferry::ui {

class AppSettings;
class StateQueryRunner;
class TransferActions;

// The Recipients page: each recipient with its destinations' health (last transfer, next scheduled run, running
// now) and, per model, the checkpoint, last success, rows and lag; with run now, full refresh, rewind checkpoint
// and check source.
class RecipientsPage : public QWidget
{
    Q_OBJECT

public:
    RecipientsPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings,
                   QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    // Reads the destinations' and models' activity again (also every few seconds while shown).
    void reload();
    // Selects a recipient or destination by name; false when there is none.
    bool select(const QString &name);

Q_SIGNALS:
    // The newest transfer of each destination, by destination name, whenever it was read.
    void healthChanged(const QHash<QString, ferry::TransferSummary> &latest);

private:
    StateQueryRunner *m_queries;
    TransferActions *m_actions;
    AppSettings *m_settings;
    Workspace m_workspace;
};

} // namespace ferry::ui
