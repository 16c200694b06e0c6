#include "demo/demo_workspace.h"

#include "log/log_categories.h"
#include "state/workspace_store.h"
#include "workspace/workspace_applier.h"

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <random>

namespace ferry {

namespace {

using Json = nlohmann::ordered_json;

struct Tenant
{
    const char *recipient;
    const char *tenantId;
    double share;
};

// A few tenants of very different sizes, as in real multi-tenant tables.
constexpr Tenant kTenants[] = {
    {"Acme Corp", "tenant_acme", 0.45},   {"Globex", "tenant_globex", 0.30}, {"Initech", "tenant_initech", 0.15},
    {"Umbrella", "tenant_umbrella", 0.07}, {"Hooli", "tenant_hooli", 0.03},
};
constexpr const char *kEventTypes[] = {"page_view", "signup", "purchase", "refund", "login", "logout"};

Error demoError(const QString &message, const QString &hint = {}, Blame blame = Blame::Ferry)
{
    return Error{QStringLiteral("FERRY-DEMO"), QStringLiteral("Cannot create the demo workspace"), message, hint,
                 blame};
}

// What an earlier demo (or a user's files by the same names) left under the root, first one found.
QString existingDemoPart(const DemoWorkspace::Layout &layout)
{
    for (const QString &path : {layout.sourceDatabase, layout.workspaceFolder, layout.destinationsFolder}) {
        const QFileInfo info(path);
        if (info.exists() || info.isSymLink())
            return path;
    }
    return {};
}

Status writeJson(const QString &path, const Json &json)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return demoError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.write(QByteArray::fromStdString(json.dump(2) + "\n"));
    if (!file.commit())
        return demoError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Json column(const char *name, const char *type, bool pk = false, bool lastModified = false)
{
    return Json{{"name_in_source", name}, {"name_in_destination", name}, {"data_type", type},
                {"is_primary_key", pk},   {"is_last_modified", lastModified}};
}

QString utcText(qint64 epochSeconds, int micros)
{
    return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           QStringLiteral(".%1Z").arg(micros, 6, 10, QLatin1Char('0'));
}

Status fillSource(const QString &path)
{
    QFile::remove(path);
    const QString connectionName = QStringLiteral("ferry-demo-source");
    Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
        if (!db.open())
            return demoError(db.lastError().text());
        QSqlQuery q(db);
        const char *ddl[] = {
            "PRAGMA journal_mode=WAL",
            "CREATE TABLE users (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, email TEXT NOT NULL, plan TEXT NOT "
            "NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE events (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, event_type TEXT "
            "NOT NULL, amount TEXT, payload TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE INDEX events_tenant_updated ON events (tenant_id, updated_at)",
            "CREATE INDEX users_tenant_updated ON users (tenant_id, updated_at)",
        };
        for (const char *statement : ddl) {
            if (!q.exec(QLatin1String(statement)))
                return demoError(q.lastError().text());
        }
        std::mt19937_64 random(20261124);
        const qint64 yearEnd = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        const qint64 yearStart = yearEnd - 365LL * 24 * 3600;
        std::uniform_int_distribution<qint64> when(yearStart, yearEnd);
        std::uniform_int_distribution<int> micros(0, 999999);
        std::uniform_real_distribution<double> pick(0.0, 1.0);

        db.transaction();
        QList<QStringList> usersByTenant;
        q.prepare(QStringLiteral("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)"));
        for (const Tenant &tenant : kTenants) {
            QStringList ids;
            const int userCount = std::max(5, int(200 * tenant.share));
            for (int i = 0; i < userCount; ++i) {
                const QString id = QStringLiteral("usr_%1_%2").arg(QLatin1String(tenant.tenantId).mid(7)).arg(i, 4, 10, QLatin1Char('0'));
                const qint64 created = when(random);
                q.addBindValue(id);
                q.addBindValue(QLatin1String(tenant.tenantId));
                q.addBindValue(QStringLiteral("user%1@%2.example").arg(i).arg(QLatin1String(tenant.tenantId).mid(7)));
                q.addBindValue(i % 4 == 0 ? QStringLiteral("pro") : QStringLiteral("free"));
                q.addBindValue(utcText(created, micros(random)));
                q.addBindValue(utcText(std::min(yearEnd, created + when(random) % (30 * 86400)), micros(random)));
                if (!q.exec())
                    return demoError(q.lastError().text());
                ids << id;
            }
            usersByTenant << ids;
        }
        q.prepare(QStringLiteral("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        for (int row = 0; row < DemoWorkspace::kEventRows; ++row) {
            double p = pick(random);
            qsizetype t = 0;
            while (t + 1 < qsizetype(std::size(kTenants)) && p > kTenants[t].share) {
                p -= kTenants[t].share;
                ++t;
            }
            const QStringList &users = usersByTenant[t];
            const char *type = kEventTypes[random() % std::size(kEventTypes)];
            const qint64 created = when(random);
            const bool money = qstrcmp(type, "purchase") == 0 || qstrcmp(type, "refund") == 0;
            q.addBindValue(QStringLiteral("evt_%1").arg(row, 8, 10, QLatin1Char('0')));
            q.addBindValue(QLatin1String(kTenants[t].tenantId));
            q.addBindValue(users[qsizetype(random() % quint64(users.size()))]);
            q.addBindValue(QLatin1String(type));
            q.addBindValue(money ? QVariant(QString::number(double(random() % 100000) / 100.0, 'f', 2)) : QVariant());
            q.addBindValue(QStringLiteral("{\"source\":\"%1\",\"v\":%2}")
                               .arg(row % 3 ? QStringLiteral("web") : QStringLiteral("mobile"))
                               .arg(row % 7));
            q.addBindValue(utcText(created, micros(random)));
            q.addBindValue(utcText(std::min(yearEnd, created + qint64(random() % 86400)), micros(random)));
            if (!q.exec())
                return demoError(q.lastError().text());
        }
        if (!db.commit())
            return demoError(db.lastError().text());
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return status;
}

Status writeWorkspace(const DemoWorkspace::Layout &layout)
{
    QDir root(layout.workspaceFolder);
    for (const char *sub : {"sources", "models", "products", "recipients", "destinations"}) {
        if (!root.mkpath(QLatin1String(sub)))
            return demoError(QStringLiteral("cannot create %1").arg(root.filePath(QLatin1String(sub))));
    }
    const std::string sourceName = "Demo Source";
    std::vector<Status> results;
    results.push_back(writeJson(root.filePath(QStringLiteral("sources/Demo Source.json")),
                                Json{{"name", sourceName}, {"vendor", "sqlite"}, {"path", layout.sourceDatabase.toStdString()}}));

    Json events{{"model_name", "events"},
                {"description", "Product events per tenant, updated in place when enriched"},
                {"source_name", sourceName},
                {"source_table", "events"},
                {"organization_column", "tenant_id"},
                {"max_transfer_time_window_seconds", 30 * 86400},
                // The demo's history starts a year before 2026-11-01: backfills begin there, not in 1970.
                {"min_start_time_epoch", QDateTime(QDate(2025, 10, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch()},
                {"columns",
                 Json::array({column("id", "string", true), column("user_id", "string"), column("event_type", "string"),
                              column("amount", "decimal"), column("payload", "json"), column("created_at", "timestamp"),
                              column("updated_at", "timestamp", false, true)})}};
    Json users{{"model_name", "users"},
               {"description", "Users of each tenant"},
               {"source_name", sourceName},
               {"source_table", "users"},
               {"organization_column", "tenant_id"},
               {"columns", Json::array({column("id", "string", true), column("email", "string"), column("plan", "string"),
                                        column("created_at", "timestamp"), column("updated_at", "timestamp", false, true)})}};
    results.push_back(writeJson(root.filePath(QStringLiteral("models/events.json")), events));
    results.push_back(writeJson(root.filePath(QStringLiteral("models/users.json")), users));
    results.push_back(writeJson(root.filePath(QStringLiteral("products/Analytics.json")),
                                Json{{"name", "Analytics"},
                                     {"description", "Events and users for the customer's own BI"},
                                     {"models", Json::array({"events", "users"})}}));
    for (qsizetype i = 0; i < 3; ++i) {
        const Tenant &tenant = kTenants[i];
        const QString recipient = QLatin1String(tenant.recipient);
        results.push_back(writeJson(root.filePath(QStringLiteral("recipients/%1.json").arg(recipient)),
                                    Json{{"name", tenant.recipient},
                                         {"id_in_provider_system", tenant.tenantId},
                                         {"products", Json::array({"Analytics"})}}));
        const QString destination = recipient + QStringLiteral(" SQLite");
        const QString file = QDir(layout.destinationsFolder).filePath(QLatin1String(tenant.tenantId).mid(7) + QStringLiteral(".db"));
        results.push_back(writeJson(root.filePath(QStringLiteral("destinations/%1.json").arg(destination)),
                                    Json{{"name", destination.toStdString()},
                                         {"recipient", tenant.recipient},
                                         {"vendor", "sqlite"},
                                         {"path", file.toStdString()},
                                         {"enabled", i == 0},
                                         {"frequency_minutes", 60}}));
    }
    for (const Status &result : results) {
        if (!result)
            return result;
    }
    return {};
}

} // namespace

Result<DemoWorkspace::Layout> DemoWorkspace::create(const QString &root, Replace replace)
{
    Layout layout;
    layout.root = QDir(root).absolutePath();
    layout.sourceDatabase = QDir(layout.root).filePath(QStringLiteral("source.db"));
    layout.workspaceFolder = QDir(layout.root).filePath(QStringLiteral("workspace"));
    layout.destinationsFolder = QDir(layout.root).filePath(QStringLiteral("destinations"));
    if (const QString existing = existingDemoPart(layout); !existing.isEmpty() && replace == Replace::No) {
        return demoError(QStringLiteral("%1 already holds a demo: %2 is there").arg(layout.root, existing),
                         QStringLiteral("write it into another folder, or pass --force to replace it"), Blame::Config);
    }
    QDir(layout.workspaceFolder).removeRecursively();
    for (const QString &folder : {layout.root, layout.destinationsFolder}) {
        if (!QDir().mkpath(folder))
            return demoError(QStringLiteral("cannot create %1").arg(folder));
    }
    if (Status filled = fillSource(layout.sourceDatabase); !filled)
        return filled.error();
    if (Status written = writeWorkspace(layout); !written)
        return written.error();
    qCInfo(lcDemo) << "demo workspace created in" << layout.root;
    return layout;
}

QString DemoWorkspace::defaultRootFor(const StateLocation &location)
{
    const QString base = location.isSqlite() ? QFileInfo(location.sqlitePath).absolutePath()
                                             : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(base).filePath(QStringLiteral("demo"));
}

Result<bool> DemoWorkspace::ensureApplied(const std::shared_ptr<StateDatabase> &state)
{
    Result<Workspace> stored = WorkspaceStore(state->connection()).load();
    if (!stored)
        return stored.error();
    if (stored->objectCount() > 0)
        return false;
    // Ferry's own folder, next to a state database that holds nothing: an earlier demo there is Ferry's to replace.
    Result<Layout> layout = create(defaultRootFor(state->location()), Replace::Yes);
    if (!layout)
        return layout.error();
    WorkspaceApplier applier(state, {});
    Result<WorkspaceApplier::Outcome> applied = applier.apply(layout->workspaceFolder);
    if (!applied)
        return applied.error();
    if (applied->report.hasErrors())
        return demoError(applied->report.issues().first().toString());
    return true;
}

} // namespace ferry
