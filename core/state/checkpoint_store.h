#pragma once

#include "errors/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ferry {

// Per (destination, model): the largest last-modified value delivered, kept as exact canonical UTC text, and the
// progress of a windowed run (its range and the windows published), so a failed run restarts at its failed window.
struct Checkpoint
{
    QString destinationId;
    QString modelName;
    QString cursorValue;    // empty: nothing delivered yet
    QString transferId;
    QDateTime updatedAt;
    QString runWindowStart; // the range of a run that has not finished all its windows, else empty
    QString runWindowEnd;
    int runWindowsDone = 0;
    QString runNextStart;   // where the stopped run's next window starts (empty: before migration 3, computed)

    bool hasUnfinishedRun() const { return !runWindowStart.isEmpty(); }
};

class CheckpointStore
{
public:
    explicit CheckpointStore(QSqlDatabase db);

    // A transfer's checkpoint move, as one guarded write: only while transfer `checkpoint.transferId` is RUNNING on
    // `workerId`, and only if the checkpoint is still `expected` (nullopt: there is none), so neither a rewind nor
    // another worker's transfer is overwritten. False (nothing written) when a guard did not match.
    Result<bool> saveIf(const Checkpoint &checkpoint, const std::optional<Checkpoint> &expected, const QString &workerId);
    Result<QList<Checkpoint>> forDestination(const QString &destinationId);
    Result<std::optional<Checkpoint>> find(const QString &destinationId, const QString &modelName);
    // Moves the cursor back to `to` (canonical), never forward, and forgets an unfinished run; returns the
    // checkpoint as it was.
    Result<Checkpoint> rewind(const QString &destinationId, const QString &modelName, const QString &to);
    // Forgets every checkpoint of a destination (it changed hands: each model is delivered again from the start).
    // A transfer running to it then finds its checkpoint gone and stops before its next publish.
    Status forgetDestination(const QString &destinationId);
    // Forgets every destination's checkpoint of a model name: a renamed model's table under its new name is built
    // from the start, and a later model taking its old name never resumes the old table's cursor.
    Status forgetModel(const QString &modelName);

private:
    QSqlDatabase m_db;
};

} // namespace ferry
