#pragma once

#include "errors/result.h"

#include <QString>

namespace ferry {

// Where the state database lives: an SQLite file, or a PostgreSQL database shared by many workers.
struct StateLocation
{
    enum class Kind { Sqlite, Postgres };

    Kind kind = Kind::Sqlite;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString database;
    QString username;

    // Parses `sqlite:PATH` or `postgresql://user@host:port/db` (also `postgres://`). A password in the URL is
    // refused: it would end up in shell history and process lists; libpq reads PGPASSWORD or ~/.pgpass.
    static Result<StateLocation> parse(const QString &url);
    // `--state` if given, else $FERRY_STATE, else state.db in the user's application-data folder.
    static Result<StateLocation> resolve(const QString &explicitUrl);
    static QString defaultSqlitePath();

    bool isSqlite() const { return kind == Kind::Sqlite; }
    // For messages and logs: never carries a password.
    QString displayName() const;
};

} // namespace ferry
