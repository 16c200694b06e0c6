#include "state/workspace_store.h"

#include "config/config_json.h"
#include "state/state_database.h"
#include "state/state_error.h"
#include "validate/workspace_reader.h"
#include "validate/workspace_validator.h"

#include <QDateTime>
#include <QHash>
#include <QSqlQuery>

namespace ferry {

namespace {

struct StoredObject
{
    QString name;
    QString definition;
};

} // namespace

QString WorkspaceChange::toString() const
{
    static const char *verbs[] = {"added", "changed", "removed"};
    return QStringLiteral("%1 %2 %3").arg(QLatin1String(verbs[int(type)]), kindName(kind), name);
}

WorkspaceStore::WorkspaceStore(QSqlDatabase db) : m_db(std::move(db)) {}

Result<Workspace> WorkspaceStore::load()
{
    Workspace workspace;
    ValidationReport report;
    QSqlQuery query(m_db);
    for (ObjectKind kind : kAllObjectKinds) {
        const QString table = folderName(kind);
        if (!query.exec(QStringLiteral("SELECT id, name, definition FROM %1 ORDER BY name").arg(table)))
            return stateQueryError(query, QStringLiteral("reading %1").arg(table));
        while (query.next()) {
            const QString id = query.value(0).toString();
            const QString name = query.value(1).toString();
            const QString label = table + QLatin1Char('/') + name + QStringLiteral(".json");
            WorkspaceReader::readText(kind, query.value(2).toString().toUtf8(), label, name, workspace, report);
            // The id lives in its own column; the stored definition leaves it out.
            switch (kind) {
            case ObjectKind::Source:
                workspace.sources.last().id = id;
                break;
            case ObjectKind::Model:
                workspace.models.last().id = id;
                break;
            case ObjectKind::Product:
                workspace.products.last().id = id;
                break;
            case ObjectKind::Recipient:
                workspace.recipients.last().id = id;
                break;
            case ObjectKind::Destination:
                workspace.destinations.last().id = id;
                break;
            }
        }
    }
    if (report.hasErrors()) {
        return Error{QStringLiteral("FERRY-STATE-CORRUPT"), QStringLiteral("Stored configuration is unreadable"),
                     report.issues().first().toString(), QStringLiteral("re-apply the workspace folder"), Blame::Ferry};
    }
    return workspace;
}

Result<QSet<QString>> WorkspaceStore::transferredModels()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT model_name FROM checkpoints WHERE cursor_value IS NOT NULL "
                                   "UNION SELECT model_name FROM transfer_models WHERE rows_written > 0 "
                                   "OR status = 'SUCCESS'")))
        return stateQueryError(query, QStringLiteral("reading transferred models"));
    QSet<QString> names;
    while (query.next())
        names.insert(query.value(0).toString());
    return names;
}

Result<QHash<QString, qint64>> WorkspaceStore::versions()
{
    QHash<QString, qint64> result;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    for (ObjectKind kind : kAllObjectKinds) {
        const QString table = folderName(kind);
        if (!query.exec(QStringLiteral("SELECT id, version FROM %1").arg(table)))
            return stateQueryError(query, QStringLiteral("reading the versions of %1").arg(table));
        while (query.next())
            result.insert(query.value(0).toString(), query.value(1).toLongLong());
    }
    return result;
}

Result<QList<WorkspaceChange>> WorkspaceStore::replaceAll(const Workspace &desired,
                                                          const std::optional<QSet<QString>> &mayDiffer)
{
    QList<WorkspaceChange> changes;
    for (ObjectKind kind : kAllObjectKinds) {
        const Result<QList<WorkspaceChange>> kindChanges = replaceKind(kind, desired, mayDiffer);
        if (!kindChanges)
            return kindChanges.error();
        changes.append(*kindChanges);
    }
    return changes;
}

Result<QList<WorkspaceChange>> WorkspaceStore::replaceKind(ObjectKind kind, const Workspace &desired,
                                                           const std::optional<QSet<QString>> &mayDiffer)
{
    const QString table = folderName(kind);
    QSqlQuery query(m_db);
    QHash<QString, StoredObject> stored;
    if (!query.exec(QStringLiteral("SELECT id, name, definition FROM %1").arg(table)))
        return stateQueryError(query, QStringLiteral("reading %1").arg(table));
    while (query.next())
        stored.insert(query.value(0).toString(), {query.value(1).toString(), query.value(2).toString()});

    QList<WorkspaceChange> changes;
    const QVariant now = StateDatabase::toDatabaseTime(m_db, QDateTime::currentDateTimeUtc());
    const QStringList names = desired.names(kind);

    // Removed objects go first and renamed ones get a placeholder name, so swapping two names never trips the
    // UNIQUE constraint half-way through.
    QStringList ids;
    const QList<WorkspaceValidator::ObjectRef> refs = WorkspaceValidator::refsOf(desired, kind);
    for (const WorkspaceValidator::ObjectRef &ref : refs)
        ids << ref.id;
    const QSet<QString> kept(ids.begin(), ids.end());
    for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
        if (kept.contains(it.key()))
            continue;
        query.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(table));
        query.addBindValue(it.key());
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("removing %1 %2").arg(kindName(kind), it->name));
        changes.append({WorkspaceChange::Type::Removed, kind, it->name, it.key(), {}, it->definition, {}});
    }
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString &id = ids[i];
        if (stored.contains(id) && stored.value(id).name != names[i]) {
            query.prepare(QStringLiteral("UPDATE %1 SET name = ? WHERE id = ?").arg(table));
            query.addBindValue(QString(QStringLiteral("\x01renaming-") + id));
            query.addBindValue(id);
            if (!query.exec())
                return stateQueryError(query, QStringLiteral("renaming %1 %2").arg(kindName(kind), names[i]));
        }
    }

    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString &id = ids[i];
        const auto existing = stored.constFind(id);
        if (mayDiffer && existing != stored.cend() && existing->name == names[i] && !mayDiffer->contains(id))
            continue;
        const QString definition = ConfigJson::toCanonicalText(ConfigJson::toJson(desired, kind, i, false));
        if (existing != stored.cend() && existing->name == names[i] && existing->definition == definition)
            continue;
        if (existing == stored.cend()) {
            query.prepare(QStringLiteral("INSERT INTO %1 (id, name, definition, created_at, updated_at) "
                                         "VALUES (?, ?, ?, ?, ?)")
                              .arg(table));
            query.addBindValue(id);
            query.addBindValue(names[i]);
            query.addBindValue(definition);
            query.addBindValue(now);
            query.addBindValue(now);
        } else {
            // Every update raises the version: an editor holding the previous one is refused (WorkspaceApplier).
            query.prepare(QStringLiteral("UPDATE %1 SET name = ?, definition = ?, updated_at = ?, version = version + 1 "
                                         "WHERE id = ?")
                              .arg(table));
            query.addBindValue(names[i]);
            query.addBindValue(definition);
            query.addBindValue(now);
            query.addBindValue(id);
        }
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("writing %1 %2").arg(kindName(kind), names[i]));
        if (existing == stored.cend()) {
            changes.append({WorkspaceChange::Type::Added, kind, names[i], id, {}, {}, definition});
        } else {
            changes.append({WorkspaceChange::Type::Changed, kind, names[i], id,
                            existing->name != names[i] ? existing->name : QString(), existing->definition, definition});
        }
    }
    return changes;
}

} // namespace ferry
