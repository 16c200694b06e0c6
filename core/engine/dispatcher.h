#pragma once

#include "config/workspace.h"
#include "errors/result.h"
#include "state/state_database.h"

#include <QDateTime>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace ferry {

// The dispatch rules of SPEC section 2, applied to the queue in the state database. A PENDING transfer starts only
// when no transfer of the same model to the same destination runs, no integrity check runs against the destination,
// and neither its destination's nor any of its sources' max_concurrent_transfers is reached; otherwise it waits,
// first in first out among those that can run.
//
// Each claim is one short transaction that takes the candidate's row (FOR UPDATE SKIP LOCKED on PostgreSQL, so
// concurrent claimers pass over it) and then advisory locks on its destination and sources, in one global order,
// before counting what runs: two processes can never both see room for one slot. SQLite state has one dispatching
// process, and BEGIN IMMEDIATE serializes its threads.
class Dispatcher
{
public:
    enum class Outcome { Claimed, NotPending, Waiting, Skipped };
    struct Attempt
    {
        Outcome outcome = Outcome::Skipped;
        QString reason; // Waiting: which rule holds it back
    };

    // `clock` stamps started_at, read once the claim holds its locks: a claim is never stamped earlier than the
    // end of the transfer it waited for.
    explicit Dispatcher(std::shared_ptr<StateDatabase> state,
                        std::function<QDateTime()> clock = [] { return QDateTime::currentDateTimeUtc(); });

    // Claims the oldest PENDING transfer that may start for `workerId`: its id, or nullopt when none may.
    Result<std::optional<QString>> claimNext(const Workspace &workspace, const QString &workerId);
    // Tries to claim one transfer.
    Result<Attempt> tryClaim(const Workspace &workspace, const QString &transferId, const QString &workerId);
    // PENDING transfers submitted before `now - maxPendingSeconds` become EXPIRED; returns their ids.
    Result<QStringList> expireStale(const QDateTime &now, qint64 maxPendingSeconds = kMaxPendingSeconds);

    static constexpr qint64 kMaxPendingSeconds = 6 * 3600;

private:
    // What one transfer would hold while it runs.
    struct Resources
    {
        QString destinationId;
        int destinationLimit = 1;
        QStringList models;
        QMap<QString, QString> sourceOfModel; // model -> source id
        QMap<QString, int> sourceLimits;      // source id -> max_concurrent_transfers
    };
    static Resources resourcesOf(const Workspace &workspace, const QString &destinationId, const QString &destinationName,
                                 const QStringList &requestedModels);
    Result<QString> ruleHolding(const QString &transferId, const Resources &resources);

    std::shared_ptr<StateDatabase> m_state;
    std::function<QDateTime()> m_clock;
};

} // namespace ferry
