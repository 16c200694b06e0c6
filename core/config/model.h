#pragma once

#include "config/column.h"

#include <QList>
#include <QString>

#include <optional>

namespace ferry {

// One table to deliver. The file format is Prequel's model config plus Ferry's optional `write_mode`.
struct Model
{
    QString id;
    QString name; // model_name: the destination table name
    std::optional<QString> description;
    QList<Column> columns;
    QString sourceTable;
    std::optional<QString> sourceName;
    std::optional<QString> sourceId;
    std::optional<QString> organizationColumn;
    std::optional<qint64> maxTransferTimeWindowSeconds;
    std::optional<qint64> minStartTimeEpoch;
    std::optional<QString> writeMode;

    QString file; // workspace-relative file it was read from, for messages; not part of the object

    static QStringList writeModes();

    QString effectiveWriteMode() const { return writeMode.value_or(QStringLiteral("upsert")); }
    const Column *primaryKey() const;
    const Column *lastModified() const;
    const Column *columnBySourceName(const QString &nameInSource) const;
};

} // namespace ferry
