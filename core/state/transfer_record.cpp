#include "state/transfer_record.h"

namespace ferry {

QString phaseName(TransferPhase phase)
{
    switch (phase) {
    case TransferPhase::Connect: return QStringLiteral("connect");
    case TransferPhase::Plan: return QStringLiteral("plan");
    case TransferPhase::Read: return QStringLiteral("read");
    case TransferPhase::Stage: return QStringLiteral("stage");
    case TransferPhase::Audit: return QStringLiteral("audit");
    case TransferPhase::Publish: return QStringLiteral("publish");
    case TransferPhase::Cleanup: break;
    }
    return QStringLiteral("cleanup");
}

bool TransferRecord::isFinished() const
{
    return status != QLatin1String("PENDING") && status != QLatin1String("RUNNING");
}

} // namespace ferry
