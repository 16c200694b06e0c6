#include "first_run/first_transfer_runner.h"

#include "engine/transfer_request_builder.h"
#include "loading/state_query_runner.h"
#include "state/transfer_store.h"

#include <QTimer>

namespace ferry::ui {

namespace {

bool isFinal(const QString &status)
{
    return status != QLatin1String("PENDING") && status != QLatin1String("RUNNING");
}

} // namespace

FirstTransferRunner::FirstTransferRunner(StateQueryRunner *queries, QObject *parent)
    : QObject(parent), m_queries(queries), m_poll(new QTimer(this))
{
    // A worker elsewhere (`ferryctl run`) sends no signal here: a slow look now and then notices its end.
    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, &FirstTransferRunner::look);
}

void FirstTransferRunner::run(const Workspace &workspace, const QString &destination)
{
    TransferOptions options;
    options.destination = destination;
    options.tags.insert(QStringLiteral("started_by"), QStringLiteral("guided_path"));
    const Result<TransferRequest> request = TransferRequestBuilder::build(workspace, options);
    if (!request) {
        Q_EMIT failed(request.error());
        return;
    }
    m_queries->run(
        QStringLiteral("firstRun.enqueue"), this,
        [request = *request](StateDatabase &, QSqlDatabase db) { return TransferStore(db).enqueue(request); },
        [this](Result<QString> id) {
            if (!id) {
                Q_EMIT failed(id.error());
                return;
            }
            Q_EMIT enqueued(*id);
            watch(*id);
        });
}

void FirstTransferRunner::watch(const QString &id)
{
    m_id = id;
    m_poll->start();
    look();
}

void FirstTransferRunner::noteChanged(const QString &id)
{
    if (id == m_id && isWatching())
        look();
}

bool FirstTransferRunner::isWatching() const
{
    return m_poll->isActive();
}

void FirstTransferRunner::look()
{
    const QString id = m_id;
    m_queries->run(
        QStringLiteral("firstRun.look"), this,
        [id](StateDatabase &, QSqlDatabase db) { return TransferStore(db).load(id); },
        [this, id](Result<TransferRecord> record) {
            if (id != m_id)
                return;
            if (!record) {
                m_poll->stop();
                Q_EMIT failed(record.error());
                return;
            }
            if (!isFinal(record->status)) {
                Q_EMIT progressed(*record);
                return;
            }
            m_poll->stop();
            Q_EMIT ended(*record);
        });
}

} // namespace ferry::ui
