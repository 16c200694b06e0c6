#include "actions/transfer_actions.h"

#include "loading/state_query_runner.h"

namespace ferry::ui {

TransferActions::TransferActions(StateQueryRunner *queries, QObject *parent) : QObject(parent), m_queries(queries) {}

void TransferActions::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
}

void TransferActions::runNow(QWidget *, const QString &, const QStringList &) {}
void TransferActions::fullRefresh(QWidget *, const QString &, const QString &) {}
void TransferActions::stop(const QString &) {}
void TransferActions::retryFailed(const QString &) {}

} // namespace ferry::ui
