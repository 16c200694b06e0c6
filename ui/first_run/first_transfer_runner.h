#pragma once

#include "config/workspace.h"
#include "errors/error.h"
#include "state/transfer_record.h"

#include <QObject>

class QTimer;

namespace ferry::ui {

class StateQueryRunner;

// The guided path's last step: enqueues one transfer for a destination and follows it until it ends, whoever runs
// it (this app's workers or a `ferryctl run`). Reads go through the StateQueryRunner, never on the UI thread.
class FirstTransferRunner : public QObject
{
    Q_OBJECT

public:
    explicit FirstTransferRunner(StateQueryRunner *queries, QObject *parent = nullptr);

    // Checks and enqueues a transfer of every model `destination` receives; enqueued() or failed() follows.
    void run(const Workspace &workspace, const QString &destination);
    // Follows transfer `id` until it ends (also one enqueued in an earlier session).
    void watch(const QString &id);
    // A transfer changed (a worker's signal): looked at now rather than at the next poll.
    void noteChanged(const QString &id);
    QString transferId() const { return m_id; }
    bool isWatching() const;

Q_SIGNALS:
    void enqueued(const QString &id);
    void progressed(const ferry::TransferRecord &record);
    void ended(const ferry::TransferRecord &record);
    void failed(const ferry::Error &error);

private:
    void look();

    StateQueryRunner *m_queries;
    QTimer *m_poll;
    QString m_id;
};

} // namespace ferry::ui
