#include "state/state_location.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>

namespace ferry {

namespace {

Error badUrl(const QString &message)
{
    return Error{QStringLiteral("FERRY-STATE-URL"), QStringLiteral("Invalid state database URL"), message,
                 QStringLiteral("use sqlite:PATH or postgresql://user@host:port/database"), Blame::Config};
}

} // namespace

Result<StateLocation> StateLocation::parse(const QString &url)
{
    StateLocation location;
    if (url.startsWith(QLatin1String("sqlite:"))) {
        QString path = url.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2); // sqlite:///abs/path
        if (path.isEmpty())
            return badUrl(QStringLiteral("\"sqlite:\" needs a file path after it"));
        location.kind = Kind::Sqlite;
        location.sqlitePath = QDir::cleanPath(QDir::current().absoluteFilePath(path));
        return location;
    }
    if (url.startsWith(QLatin1String("postgresql://")) || url.startsWith(QLatin1String("postgres://"))) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid())
            return badUrl(QStringLiteral("cannot parse \"%1\"").arg(parsed.toDisplayString(QUrl::RemovePassword)));
        if (!parsed.password().isEmpty()) {
            return Error{QStringLiteral("FERRY-STATE-URL"), QStringLiteral("Password in state database URL"),
                         QStringLiteral("the URL must not contain a password"),
                         QStringLiteral("remove it from the URL and set PGPASSWORD or use ~/.pgpass"), Blame::Config};
        }
        location.kind = Kind::Postgres;
        location.host = parsed.host().isEmpty() ? QStringLiteral("localhost") : parsed.host();
        location.port = parsed.port(5432);
        location.username = parsed.userName();
        location.database = parsed.path().mid(1);
        if (location.database.isEmpty())
            return badUrl(QStringLiteral("the URL names no database (postgresql://user@host:port/DATABASE)"));
        return location;
    }
    return badUrl(QStringLiteral("\"%1\" is neither sqlite:PATH nor postgresql://...").arg(url.section(QLatin1Char(':'), 0, 0)));
}

Result<StateLocation> StateLocation::resolve(const QString &explicitUrl)
{
    if (!explicitUrl.isEmpty())
        return parse(explicitUrl);
    const QString fromEnvironment = qEnvironmentVariable("FERRY_STATE");
    if (!fromEnvironment.isEmpty())
        return parse(fromEnvironment);
    StateLocation location;
    location.sqlitePath = defaultSqlitePath();
    return location;
}

QString StateLocation::defaultSqlitePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(folder).filePath(QStringLiteral("state.db"));
}

QString StateLocation::displayName() const
{
    if (isSqlite())
        return QStringLiteral("sqlite:") + sqlitePath;
    const QString user = username.isEmpty() ? QString() : username + QLatin1Char('@');
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(user, host).arg(port).arg(database);
}

} // namespace ferry
