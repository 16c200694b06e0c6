#include "config/model.h"

#include <QStringList>

namespace ferry {

QStringList Model::writeModes()
{
    return {QStringLiteral("upsert"), QStringLiteral("append"), QStringLiteral("overwrite-delete-stale")};
}

const Column *Model::primaryKey() const
{
    for (const Column &column : columns) {
        if (column.isPrimaryKey)
            return &column;
    }
    return nullptr;
}

const Column *Model::lastModified() const
{
    for (const Column &column : columns) {
        if (column.isLastModified)
            return &column;
    }
    return nullptr;
}

const Column *Model::columnBySourceName(const QString &nameInSource) const
{
    for (const Column &column : columns) {
        if (column.nameInSource == nameInSource)
            return &column;
    }
    return nullptr;
}

} // namespace ferry
