#include "config/source.h"

#include <QStringList>

namespace ferry {

QStringList Source::vendors()
{
    return {QStringLiteral("postgres"), QStringLiteral("mysql"), QStringLiteral("sqlite")};
}

QStringList Source::tenancies()
{
    return {QStringLiteral("multi_tenant_tables"), QStringLiteral("schema_tenanted")};
}

qint64 Source::effectiveLookbackSeconds() const
{
    if (lookbackSeconds)
        return *lookbackSeconds;
    // Defaults follow how eventually consistent each vendor's commit timestamps tend to be.
    if (vendor == QLatin1String("postgres"))
        return 30;
    if (vendor == QLatin1String("mysql"))
        return 5;
    return 300;
}

} // namespace ferry
