#pragma once

#include "config/workspace.h"
#include "errors/result.h"
#include "state/transfer_store.h"

namespace ferry {

// What a user types to ask for a transfer (ferryctl flags, a dialog's fields), before it is checked.
struct TransferOptions
{
    QString destination;
    bool fullRefresh = false;
    QStringList models;
    QMap<QString, QString> tags;
    QString windowStart; // RFC 3339 as typed; both or neither
    QString windowEnd;
};

// Checks TransferOptions against the applied workspace and turns them into a TransferRequest: the destination
// exists, each model is delivered to it, tags are well-formed, an explicit window is two valid, ordered times.
class TransferRequestBuilder
{
public:
    static Result<TransferRequest> build(const Workspace &workspace, const TransferOptions &options);
};

} // namespace ferry
