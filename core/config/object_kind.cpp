#include "config/object_kind.h"

namespace ferry {

QString kindName(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Source:
        return QStringLiteral("source");
    case ObjectKind::Model:
        return QStringLiteral("model");
    case ObjectKind::Product:
        return QStringLiteral("product");
    case ObjectKind::Recipient:
        return QStringLiteral("recipient");
    case ObjectKind::Destination:
        break;
    }
    return QStringLiteral("destination");
}

QString folderName(ObjectKind kind)
{
    return kindName(kind) + QLatin1Char('s');
}

std::optional<ObjectKind> kindFromFolderName(const QString &folder)
{
    for (ObjectKind kind : kAllObjectKinds) {
        if (folderName(kind) == folder)
            return kind;
    }
    return std::nullopt;
}

} // namespace ferry
