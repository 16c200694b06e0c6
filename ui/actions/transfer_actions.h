#pragma once

#include "config/workspace.h"
#include "errors/result.h"
#include "state/transfer_store.h"
#include "state/transfer_summary.h"

#include <QObject>
#include <QStringList>

class QDialog;
class QWidget;

namespace ferry::ui {

class StateQueryRunner;

// What support staff do to transfers, shared by the Transfers and Recipients pages: run now (a dialog with the
// dry-run plan), full refresh (a dialog that states the data impact and, for a whole destination, asks for its
// name), stop (cancel when pending, kill when running) and retry the failed models. Writes go through the
// StateQueryRunner; results arrive as signals.
class TransferActions : public QObject
{
    Q_OBJECT

public:
    TransferActions(StateQueryRunner *queries, QObject *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    const Workspace &workspace() const { return m_workspace; }

    // Opens the Run dialog (preselecting a destination and models, if given); enqueues on OK.
    void runNow(QWidget *parent, const QString &destination = {}, const QStringList &models = {});
    // Opens the Full refresh dialog for a destination, or one model of it; enqueues on confirmation.
    void fullRefresh(QWidget *parent, const QString &destination, const QString &model = {});
    // PENDING: cancelled at once; RUNNING: asked to stop (KILLED at its next batch).
    void stop(const QString &transferId);
    // A new transfer of the models that did not succeed, same destination, window and tags plus retry_of=<id>.
    void retryFailed(const QString &transferId);
    // Enqueues a checked request (what the dialogs end with).
    void enqueue(const TransferRequest &request, const QString &what);
    // The request a retry of `record` makes; an error when every model succeeded.
    static Result<TransferRequest> retryRequest(const TransferRecord &record);

Q_SIGNALS:
    // A Run or Full refresh dialog opened (window-modal; tests drive it from here).
    void dialogOpened(QDialog *dialog);
    void enqueued(const QString &transferId, const QString &what);
    void stopped(const QString &transferId, const QString &status);
    void failed(const ferry::Error &error);

private:
    void openRunDialog(QWidget *parent, const QString &destination, const QStringList &models, bool fullRefresh);

    StateQueryRunner *m_queries;
    Workspace m_workspace;
    int m_enqueued = 0;
};

} // namespace ferry::ui
