#pragma once

#include "config/workspace.h"
#include "errors/error.h"
#include "state/state_database.h"
#include "validate/validation_report.h"

#include <QFuture>
#include <QObject>

#include <memory>
#include <optional>

namespace ferry {
class ValidationCache;
}

namespace ferry::ui {

// What the UI shows of a state database: its objects and every problem validation finds in them.
struct WorkspaceSnapshot
{
    std::shared_ptr<StateDatabase> state;
    Workspace workspace;
    ValidationReport report;
    bool demoApplied = false; // the database was empty and now holds the demo workspace
    // Set when the objects come from a workspace folder checked against the state database (what `ferryctl
    // validate` or `apply` would report), not from the state database itself.
    QString folder;
    // State databases only: each object's stored version (id -> version, for editors' optimistic saves) and a
    // validation cache editors re-validate one object against while typing.
    QHash<QString, qint64> versions;
    std::shared_ptr<const ValidationCache> validation;
};

// Opens a state database and reads its workspace on a pool thread, so the UI thread never waits on SQLite or a
// PostgreSQL server. Results arrive as signals on the loader's thread. A newer request supersedes an older one:
// the older one's result is dropped.
class WorkspaceLoader : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        // On a database without objects, create and apply the demo workspace first (a new user's first start).
        bool applyDemoWhenEmpty = false;
    };

    explicit WorkspaceLoader(QObject *parent = nullptr);
    ~WorkspaceLoader() override;

    void open(const StateLocation &location, Options options);
    void load(std::shared_ptr<StateDatabase> state, Options options);
    // Reads and validates a workspace folder against `state` (which may be null); writes nothing.
    void checkFolder(std::shared_ptr<StateDatabase> state, const QString &folder);
    bool isBusy() const { return m_running > 0; }

Q_SIGNALS:
    void loaded(const ferry::ui::WorkspaceSnapshot &snapshot);
    void failed(const ferry::Error &error);

private:
    struct Outcome
    {
        std::optional<Error> error;
        WorkspaceSnapshot snapshot;
    };

    static Outcome run(std::shared_ptr<StateDatabase> state, std::optional<StateLocation> location, Options options);
    static Outcome runCheck(std::shared_ptr<StateDatabase> state, const QString &folder);
    void start(QFuture<Outcome> future);

    quint64 m_generation = 0;
    int m_running = 0;
};

} // namespace ferry::ui
