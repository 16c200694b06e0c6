#include "state/change_history.h"

#include "state/state_database.h"
#include "state/state_error.h"

#include <QSqlQuery>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace ferry {

ChangeAuthor ChangeAuthor::current()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
#ifdef Q_OS_UNIX
    if (user.isEmpty()) {
        // Services and containers often run without USER: the account's name, else its uid.
        if (const passwd *account = getpwuid(geteuid()); account && account->pw_name)
            user = QString::fromLocal8Bit(account->pw_name);
        else
            user = QStringLiteral("uid ") + QString::number(geteuid());
    }
#endif
    return {user.isEmpty() ? QStringLiteral("unknown") : user, QSysInfo::machineHostName()};
}

ChangeHistory::ChangeHistory(QSqlDatabase db) : m_db(std::move(db)) {}

QString ChangeHistory::actionName(const WorkspaceChange &change)
{
    switch (change.type) {
    case WorkspaceChange::Type::Added:
        return QStringLiteral("added");
    case WorkspaceChange::Type::Removed:
        return QStringLiteral("removed");
    case WorkspaceChange::Type::Changed:
        break;
    }
    return change.previousName.isEmpty() ? QStringLiteral("changed") : QStringLiteral("renamed");
}

Status ChangeHistory::record(const QList<WorkspaceChange> &changes, const ChangeAuthor &author, const QDateTime &at)
{
    if (changes.isEmpty())
        return {};
    const QVariant time = StateDatabase::toDatabaseTime(m_db, at);
    const QVariant null(QMetaType(QMetaType::QString));
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO object_changes (changed_at, author_user, author_host, object_kind, object_id, "
                                 "object_name, previous_name, action, before_definition, after_definition) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const WorkspaceChange &change : changes) {
        query.addBindValue(time);
        query.addBindValue(author.user);
        query.addBindValue(author.host);
        query.addBindValue(kindName(change.kind));
        query.addBindValue(change.id);
        query.addBindValue(change.name);
        query.addBindValue(change.previousName.isEmpty() ? null : QVariant(change.previousName));
        query.addBindValue(actionName(change));
        query.addBindValue(change.before.isEmpty() ? null : QVariant(change.before));
        query.addBindValue(change.after.isEmpty() ? null : QVariant(change.after));
        if (!query.exec())
            return stateQueryError(query, QStringLiteral("recording the change of %1 %2").arg(kindName(change.kind), change.name));
    }
    return {};
}

namespace {

const char kSelect[] = "SELECT id, changed_at, author_user, author_host, object_kind, object_id, object_name, "
                       "previous_name, action, before_definition, after_definition FROM object_changes";

} // namespace

Result<std::optional<ObjectChange>> ChangeHistory::lastChangeOf(const QString &objectId)
{
    const Result<QList<ObjectChange>> last =
        select(QLatin1String(kSelect) + QStringLiteral(" WHERE object_id = ? ORDER BY id DESC LIMIT 1"), {objectId});
    if (!last)
        return last.error();
    return last->isEmpty() ? std::nullopt : std::optional<ObjectChange>(last->first());
}

Result<QList<ObjectChange>> ChangeHistory::list(const Filter &filter)
{
    QString sql = QLatin1String(kSelect);
    QStringList where;
    QVariantList values;
    if (filter.kind) {
        where << QStringLiteral("object_kind = ?");
        values << kindName(*filter.kind);
    }
    if (!filter.name.isEmpty()) {
        // By the ids of the objects that bear or bore the name: a renamed object's changes under its older names
        // are its history too.
        QString named = QStringLiteral("SELECT object_id FROM object_changes WHERE (object_name = ? OR previous_name = ?)");
        values << filter.name << filter.name;
        if (filter.kind) {
            named += QStringLiteral(" AND object_kind = ?");
            values << kindName(*filter.kind);
        }
        where << QStringLiteral("object_id IN (%1)").arg(named);
    }
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(qMax(filter.limit, 0));
    return select(sql, values);
}

Result<QList<ObjectChange>> ChangeHistory::select(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return stateQueryError(query, QStringLiteral("reading the change history"));
    QList<ObjectChange> result;
    while (query.next()) {
        ObjectChange change;
        change.id = query.value(0).toLongLong();
        change.at = StateDatabase::fromDatabaseTime(query.value(1));
        change.author = {query.value(2).toString(), query.value(3).toString()};
        change.kind = kindFromFolderName(query.value(4).toString() + QLatin1Char('s')).value_or(ObjectKind::Source);
        change.objectId = query.value(5).toString();
        change.name = query.value(6).toString();
        change.previousName = query.value(7).toString();
        change.action = query.value(8).toString();
        change.before = query.value(9).toString();
        change.after = query.value(10).toString();
        result << change;
    }
    return result;
}

} // namespace ferry
