#pragma once

#include "config/object_kind.h"
#include "errors/result.h"
#include "state/workspace_store.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ferry {

// Who made a change: the OS user and host by default; a caller (e.g. an API acting for someone) may set its own.
struct ChangeAuthor
{
    QString user;
    QString host;

    static ChangeAuthor current(); // this process's OS user name and host name
};

// One recorded change of one configuration object (issue 15). Definitions are the stored JSON, which holds only
// the names of environment variables with passwords, never a secret.
struct ObjectChange
{
    qint64 id = 0; // increasing: newest is largest
    QDateTime at;
    ChangeAuthor author;
    ObjectKind kind = ObjectKind::Source;
    QString objectId;
    QString name;         // the object's name after the change (its last name when removed)
    QString previousName; // when renamed
    QString action;       // added, changed, renamed, removed
    QString before;       // definition JSON text, empty when added
    QString after;        // definition JSON text, empty when removed
};

// The object_changes table: what every apply changed, written in the apply's transaction.
class ChangeHistory
{
public:
    struct Filter
    {
        std::optional<ObjectKind> kind; // only this kind
        QString name;                   // only objects with this name (now or before a rename: their whole history); empty: all
        int limit = 100;
    };

    explicit ChangeHistory(QSqlDatabase db);

    // One row per change, all with the same author and time, inside the caller's transaction.
    Status record(const QList<WorkspaceChange> &changes, const ChangeAuthor &author,
                  const QDateTime &at = QDateTime::currentDateTimeUtc());
    // Newest first.
    Result<QList<ObjectChange>> list(const Filter &filter);
    // The newest change of one object (by id, whatever its names), nullopt when none is recorded.
    Result<std::optional<ObjectChange>> lastChangeOf(const QString &objectId);

    // "added", "changed", "renamed" or "removed".
    static QString actionName(const WorkspaceChange &change);

private:
    Result<QList<ObjectChange>> select(const QString &sql, const QVariantList &values);

    QSqlDatabase m_db;
};

} // namespace ferry
