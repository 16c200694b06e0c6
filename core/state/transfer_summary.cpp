#include "state/transfer_summary.h"

namespace ferry {

std::optional<qint64> TransferSummary::durationMs(const QDateTime &now) const
{
    if (!startedAt.isValid())
        return std::nullopt;
    const QDateTime end = endedAt.isValid() ? endedAt : now;
    // A clock that went backwards (another machine's, or a test's) must not show a negative duration.
    return qMax<qint64>(0, startedAt.msecsTo(end));
}

bool TransferQuery::isEmpty() const
{
    return statuses.isEmpty() && destinationId.isEmpty() && recipientName.isEmpty() && tagKey.isEmpty() &&
           tagValue.isEmpty() && !submittedFrom.isValid() && !submittedTo.isValid() && text.isEmpty();
}

} // namespace ferry
