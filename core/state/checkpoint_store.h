#pragma once

#include "errors/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace ferry {

// The largest last-modified value delivered per (destination, model), kept as exact RFC 3339 UTC text.
struct Checkpoint
{
    QString destinationId;
    QString modelName;
    QString cursorValue;
    QString transferId;
    QDateTime updatedAt;
};

class CheckpointStore
{
public:
    explicit CheckpointStore(QSqlDatabase db);

    // Sets the checkpoint (inside the caller's transaction, if any).
    Status save(const Checkpoint &checkpoint);
    Result<QList<Checkpoint>> forDestination(const QString &destinationId);

private:
    QSqlDatabase m_db;
};

} // namespace ferry
