#include "config/database_identity.h"

#include <QDir>
#include <QFileInfo>

namespace ferry {

namespace {

QString hostKey(const QString &host)
{
    const QString lower = host.trimmed().toLower();
    if (lower.isEmpty() || lower == QLatin1String("localhost") || lower == QLatin1String("127.0.0.1") ||
        lower == QLatin1String("::1") || lower == QLatin1String("[::1]"))
        return QStringLiteral("loopback");
    return lower;
}

// A file that may not exist yet (a destination's, before its first transfer): its folder resolved, then its name.
QString canonicalFile(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists())
        return info.canonicalFilePath();
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    return QDir::cleanPath((folder.isEmpty() ? info.absolutePath() : folder) + QLatin1Char('/') + info.fileName());
}

} // namespace

QString DatabaseIdentity::of(const QString &vendor, const ConnectionSettings &settings)
{
    if (vendor == QLatin1String("sqlite"))
        return settings.path && !settings.path->trimmed().isEmpty() ? QStringLiteral("sqlite:") + canonicalFile(*settings.path)
                                                                    : QString();
    const bool postgres = vendor == QLatin1String("postgres");
    if ((!postgres && vendor != QLatin1String("mysql")) || !settings.database)
        return {};
    const int port = settings.port.value_or(postgres ? 5432 : 3306);
    // In MariaDB the database is the schema; in PostgreSQL tables live in a schema of the database.
    const QString schema = postgres ? settings.schema.value_or(QStringLiteral("public")) : QString();
    return QStringLiteral("%1://%2:%3/%4/%5").arg(vendor, hostKey(settings.host.value_or(QString()))).arg(port).arg(*settings.database, schema);
}

const Source *DatabaseIdentity::sourceAt(const Workspace &workspace, const Destination &destination)
{
    const QString place = of(destination.vendor, destination.connection);
    if (place.isEmpty())
        return nullptr;
    for (const Source &source : workspace.sources) {
        if (of(source.vendor, source.connection) == place)
            return &source;
    }
    return nullptr;
}

} // namespace ferry
