#include "actions/transfer_actions.h"

#include "dialogs/full_refresh_dialog.h"
#include "dialogs/run_transfer_dialog.h"
#include "loading/state_query_runner.h"
#include "models/transfer_display.h"

namespace ferry::ui {

namespace {

Error noStateError()
{
    return Error{QStringLiteral("FERRY-UI-NO-STATE"), QStringLiteral("The state database is not open"),
                 QStringLiteral("transfers can be started once the state database is open"), {}, Blame::Config};
}

} // namespace

TransferActions::TransferActions(StateQueryRunner *queries, QObject *parent) : QObject(parent), m_queries(queries) {}

void TransferActions::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
}

void TransferActions::runNow(QWidget *parent, const QString &destination, const QStringList &models)
{
    openRunDialog(parent, destination, models, false);
}

void TransferActions::openRunDialog(QWidget *parent, const QString &destination, const QStringList &models,
                                    bool fullRefresh)
{
    if (!m_queries->state()) {
        Q_EMIT failed(noStateError());
        return;
    }
    auto *dialog = new RunTransferDialog(m_queries->state(), m_workspace, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!destination.isEmpty())
        dialog->setDestination(destination);
    if (!models.isEmpty())
        dialog->setModels(models);
    dialog->setFullRefresh(fullRefresh);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (const std::optional<TransferRequest> request = dialog->request()) {
            enqueue(*request, QStringLiteral("Enqueued a %1transfer to %2")
                                  .arg(request->fullRefresh ? QStringLiteral("full refresh ") : QString(),
                                       request->destinationName));
        }
    });
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

void TransferActions::fullRefresh(QWidget *parent, const QString &destination, const QString &model)
{
    if (!m_queries->state()) {
        Q_EMIT failed(noStateError());
        return;
    }
    if (destination.isEmpty() || !m_workspace.destination(destination)) {
        // From a page with nothing selected: the Run dialog with full refresh ticked lets the user pick one.
        openRunDialog(parent, {}, {}, true);
        return;
    }
    auto *dialog = new FullRefreshDialog(m_queries->state(), m_workspace, destination, model, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, destination, model] {
        enqueue(dialog->request(), model.isEmpty()
                                       ? QStringLiteral("Enqueued a full refresh of %1").arg(destination)
                                       : QStringLiteral("Enqueued a full refresh of %1 at %2").arg(model, destination));
    });
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

void TransferActions::enqueue(const TransferRequest &request, const QString &what)
{
    m_queries->run(
        QStringLiteral("actions.enqueue.%1").arg(++m_enqueued), this, // each its own channel: none supersedes another
        [request](StateDatabase &, QSqlDatabase db) { return TransferStore(db).enqueue(request); },
        [this, what](Result<QString> id) {
            if (!id) {
                Q_EMIT failed(id.error());
                return;
            }
            Q_EMIT enqueued(*id, QStringLiteral("%1 (%2)").arg(what, *id));
        });
}

void TransferActions::stop(const QString &transferId)
{
    m_queries->run(
        QStringLiteral("actions.stop.") + transferId, this,
        [transferId](StateDatabase &, QSqlDatabase db) { return TransferStore(db).cancel(transferId); },
        [this, transferId](Result<QString> status) {
            if (!status) {
                Q_EMIT failed(status.error());
                return;
            }
            const QString text = *status == QLatin1String("RUNNING")
                                     ? QStringLiteral("asked to stop; it ends KILLED at its next batch")
                                     : TransferDisplay::statusText(*status);
            Q_EMIT stopped(transferId, text);
        });
}

Result<TransferRequest> TransferActions::retryRequest(const TransferRecord &record)
{
    TransferRequest request;
    request.destinationId = record.destinationId;
    request.destinationName = record.destinationName;
    request.recipientName = record.recipientName;
    request.fullRefresh = record.fullRefresh;
    request.windowStart = record.windowStart;
    request.windowEnd = record.windowEnd;
    request.tags = record.tags;
    request.tags.insert(QStringLiteral("retry_of"), record.id);
    if (record.modelMetrics.isEmpty()) {
        request.models = record.models; // it failed before its models ran: the same request again
    } else {
        for (const ModelMetrics &model : record.modelMetrics) {
            if (model.status != QLatin1String("SUCCESS"))
                request.models << model.modelName;
        }
        if (request.models.isEmpty()) {
            return Error{QStringLiteral("FERRY-UI-NOTHING-TO-RETRY"), QStringLiteral("Nothing to retry"),
                         QStringLiteral("every model of transfer %1 succeeded").arg(record.id), {}, Blame::Config};
        }
    }
    return request;
}

void TransferActions::retryFailed(const QString &transferId)
{
    m_queries->run(
        QStringLiteral("actions.retry.") + transferId, this,
        [transferId](StateDatabase &, QSqlDatabase db) -> Result<QString> {
            TransferStore store(db);
            const Result<TransferRecord> record = store.load(transferId);
            if (!record)
                return record.error();
            const Result<TransferRequest> request = retryRequest(*record);
            if (!request)
                return request.error();
            return store.enqueue(*request);
        },
        [this, transferId](Result<QString> id) {
            if (!id) {
                Q_EMIT failed(id.error());
                return;
            }
            Q_EMIT enqueued(*id, QStringLiteral("Enqueued a retry of %1's failed models (%2)").arg(transferId, *id));
        });
}

} // namespace ferry::ui
