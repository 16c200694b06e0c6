#pragma once

#include "errors/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace ferry {

// Numbered, append-only schema migrations of the state database. Each runs in one transaction together with its
// schema_version row, so a database is always at exactly one version. Never edit a released migration: add one.
class SchemaMigrations
{
public:
    struct Migration
    {
        int version;
        QString description;
        QStringList statements; // with dialect tokens, see dialectSql()
        // Run after the statements, in the same transaction: what differs between the dialects beyond their types.
        Status (*apply)(QSqlDatabase db, bool sqlite) = nullptr;
    };

    static const QList<Migration> &all();
    static int latestVersion();

    // The version a database is at: 0 when it has no schema_version table yet.
    static Result<int> currentVersion(QSqlDatabase db);
    // Applies every pending migration. Refuses a database newer than this build.
    static Status migrate(QSqlDatabase db);

    // Replaces {TS}, {BOOL}, {FALSE}, {TRUE}, {SERIAL_PK} with the dialect's types.
    static QString dialectSql(const QString &statement, bool sqlite);
};

} // namespace ferry
