#pragma once

#include "config/connection_settings.h"

#include <QString>

#include <optional>

namespace ferry {

// Where the company's data lives (SPEC section 1, "Source").
struct Source
{
    QString id;
    QString name;
    QString vendor; // postgres, mysql, sqlite
    ConnectionSettings connection;
    std::optional<QString> tenancy;
    std::optional<qint64> lookbackSeconds;
    std::optional<int> maxConcurrentTransfers;
    std::optional<int> maxConcurrentQueriesPerTransfer;

    QString file; // workspace-relative file it was read from, for messages; not part of the object

    static QStringList vendors();
    static QStringList tenancies();

    QString effectiveTenancy() const { return tenancy.value_or(QStringLiteral("multi_tenant_tables")); }
    bool isSchemaTenanted() const { return effectiveTenancy() == QLatin1String("schema_tenanted"); }
    qint64 effectiveLookbackSeconds() const;
    int effectiveMaxConcurrentTransfers() const { return maxConcurrentTransfers.value_or(10); }
    int effectiveMaxConcurrentQueriesPerTransfer() const { return maxConcurrentQueriesPerTransfer.value_or(1); }
};

} // namespace ferry
