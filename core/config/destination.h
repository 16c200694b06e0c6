#pragma once

#include "config/connection_settings.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

// Where one recipient receives its data.
struct Destination
{
    QString id;
    QString name;
    QString recipient;
    QString vendor; // postgres, mysql, sqlite, object_storage, sftp
    ConnectionSettings connection;
    QStringList products;
    std::optional<bool> enabled;
    std::optional<int> frequencyMinutes;
    std::optional<int> maxConcurrentTransfers;
    std::optional<int> maxConcurrentQueriesPerTransfer;
    std::optional<QString> format;
    std::optional<QString> compression;

    QString file; // workspace-relative file it was read from, for messages; not part of the object

    static QStringList vendors();
    static QList<int> frequencies();
    static QStringList formats();
    static QStringList compressions();

    bool isDatabase() const;
    bool isFileBased() const { return !isDatabase(); }
    bool effectiveEnabled() const { return enabled.value_or(false); }
    int effectiveFrequencyMinutes() const { return frequencyMinutes.value_or(1440); }
    int effectiveMaxConcurrentTransfers() const { return maxConcurrentTransfers.value_or(1); }
    int effectiveMaxConcurrentQueriesPerTransfer() const { return maxConcurrentQueriesPerTransfer.value_or(1); }
    QString effectiveFormat() const { return format.value_or(QStringLiteral("jsonl")); }
    QString effectiveCompression() const { return compression.value_or(QStringLiteral("gzip")); }
};

} // namespace ferry
