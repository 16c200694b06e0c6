#pragma once

#include "errors/result.h"
#include "state/state_database.h"

#include <QString>

#include <memory>

namespace ferry {

// The demo a new user starts on: an SQLite source with a multi-tenant `events` table (tens of thousands of rows,
// `updated_at` spread over a year) and a `users` table, two models, a product, three recipients and their SQLite
// destinations, all in one folder.
class DemoWorkspace
{
public:
    struct Layout
    {
        QString root;
        QString sourceDatabase;  // root/source.db
        QString workspaceFolder; // root/workspace: the JSON files, ready for `ferryctl apply`
        QString destinationsFolder;
    };

    static constexpr int kEventRows = 40000;

    enum class Replace { No, Yes };

    // Writes the demo under `root`. Deterministic: same rows every time. Refuses a root that already holds a demo
    // (its source database, workspace or destinations folder) unless `replace` is Yes.
    static Result<Layout> create(const QString &root, Replace replace = Replace::No);
    // On a state database with no objects yet, creates the demo in a `demo` folder next to it (or in the
    // application-data folder for PostgreSQL state) and applies it. Returns true when it did.
    static Result<bool> ensureApplied(const std::shared_ptr<StateDatabase> &state);
    static QString defaultRootFor(const StateLocation &location);
};

} // namespace ferry
