#pragma once

#include "config/workspace.h"
#include "connectors/query_cancel.h"
#include "errors/result.h"

#include <QList>
#include <QStringList>

#include <memory>

namespace ferry {

// The first rows one recipient would receive for a model, as the destination would get them.
struct PreviewRows
{
    QStringList columns;     // destination column names, in order
    QStringList types;       // logical types, same order
    QList<QStringList> rows; // values as text (Ferry's canonical form, as delivered); a null is a null QString
    QString tenant;          // the organization id (or schema) the rows were bound to
    QString query;           // the SQL that ran, placeholders for the bound values (no secrets), for engineers
    bool more = false;       // the source has more rows than were read
};

// The cancel a preview takes: a QueryCancel under the name the model editor uses (cancel() from any thread).
class PreviewCancel : public QueryCancel
{
};

// Reads a model's rows for one recipient through the engine's own source readers, the tenant bound as a full
// refresh binds it (the same statement, the same byte-for-byte tenant audit), newest first (last-modified, then
// key, descending) and limited. Needs no state database: an editor previews a model it has not saved.
class RowPreview
{
public:
    struct Options
    {
        int limit = 50;
        int timeoutSeconds = 15; // the source's own statement timeout: the server stops, not just Ferry
    };
    static constexpr int kMaxLimit = 100000; // a preview is a look, not an export
    // `workspace` resolves the model's source; `recipient` names the tenant. Call it off the UI thread.
    static Result<PreviewRows> read(const Workspace &workspace, const Model &model, const Recipient &recipient,
                                    Options options, std::shared_ptr<PreviewCancel> cancel = {});
};

} // namespace ferry
