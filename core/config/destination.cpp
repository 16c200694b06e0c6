#include "config/destination.h"

namespace ferry {

QStringList Destination::vendors()
{
    return {QStringLiteral("postgres"), QStringLiteral("mysql"), QStringLiteral("sqlite"),
            QStringLiteral("object_storage"), QStringLiteral("sftp")};
}

QList<int> Destination::frequencies()
{
    return {0, 15, 60, 360, 720, 1440};
}

QStringList Destination::formats()
{
    return {QStringLiteral("csv"), QStringLiteral("jsonl")};
}

QStringList Destination::compressions()
{
    return {QStringLiteral("gzip"), QStringLiteral("none")};
}

bool Destination::isDatabase() const
{
    return vendor == QLatin1String("postgres") || vendor == QLatin1String("mysql") || vendor == QLatin1String("sqlite");
}

} // namespace ferry
