#include "models/object_display.h"

#include <QApplication>
#include <QFileInfo>
#include <QStyle>

namespace ferry::ui {

namespace {

constexpr QChar kDot(0x00B7); // the middle dot between summary parts

QString joined(const QStringList &parts)
{
    QStringList nonEmpty;
    for (const QString &part : parts) {
        if (!part.isEmpty())
            nonEmpty << part;
    }
    return nonEmpty.join(QLatin1Char(' ') + kDot + QLatin1Char(' '));
}

// Where a connection points, shortest first: a file name, else host/database.
QString whereText(const ConnectionSettings &c)
{
    if (c.path)
        return QFileInfo(*c.path).fileName();
    if (c.remotePath)
        return *c.remotePath;
    QString where = c.host.value_or(QString());
    if (c.database)
        where += QLatin1Char('/') + *c.database;
    return where;
}

QIcon standardIcon(QStyle::StandardPixmap pixmap)
{
    return QApplication::style()->standardIcon(pixmap);
}

template <typename T>
const T &at(const QList<T> &objects, qsizetype index)
{
    return objects.at(index);
}

} // namespace

QString ObjectDisplay::pluralTitle(ObjectKind kind)
{
    return title(kind) + QLatin1Char('s');
}

QString ObjectDisplay::title(ObjectKind kind)
{
    QString text = kindName(kind);
    text[0] = text[0].toUpper();
    return text;
}

QString ObjectDisplay::countText(ObjectKind kind, qsizetype count)
{
    return QString::number(count) + QLatin1Char(' ') + (count == 1 ? kindName(kind) : folderName(kind));
}

qsizetype ObjectDisplay::count(const Workspace &workspace, ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Source:
        return workspace.sources.size();
    case ObjectKind::Model:
        return workspace.models.size();
    case ObjectKind::Product:
        return workspace.products.size();
    case ObjectKind::Recipient:
        return workspace.recipients.size();
    case ObjectKind::Destination:
        break;
    }
    return workspace.destinations.size();
}

qsizetype ObjectDisplay::indexOf(const Workspace &workspace, ObjectKind kind, const QString &name)
{
    return workspace.names(kind).indexOf(name);
}

QString ObjectDisplay::name(const Workspace &workspace, ObjectKind kind, qsizetype index)
{
    return workspace.names(kind).at(index);
}

QString ObjectDisplay::file(const Workspace &workspace, ObjectKind kind, qsizetype index)
{
    switch (kind) {
    case ObjectKind::Source:
        return at(workspace.sources, index).file;
    case ObjectKind::Model:
        return at(workspace.models, index).file;
    case ObjectKind::Product:
        return at(workspace.products, index).file;
    case ObjectKind::Recipient:
        return at(workspace.recipients, index).file;
    case ObjectKind::Destination:
        break;
    }
    return at(workspace.destinations, index).file;
}

QString ObjectDisplay::summary(const Workspace &workspace, ObjectKind kind, qsizetype index)
{
    switch (kind) {
    case ObjectKind::Source: {
        const Source &source = at(workspace.sources, index);
        return joined({source.vendor, whereText(source.connection)});
    }
    case ObjectKind::Model: {
        const Model &model = at(workspace.models, index);
        const qsizetype columns = model.columns.size();
        return joined({model.sourceTable, QString::number(columns) +
                                              (columns == 1 ? QStringLiteral(" column") : QStringLiteral(" columns"))});
    }
    case ObjectKind::Product: {
        const Product &product = at(workspace.products, index);
        return product.models.isEmpty() ? QStringLiteral("no models") : product.models.join(QStringLiteral(", "));
    }
    case ObjectKind::Recipient:
        return at(workspace.recipients, index).idInProviderSystem;
    case ObjectKind::Destination:
        break;
    }
    const Destination &destination = at(workspace.destinations, index);
    return joined({destination.recipient, destination.vendor,
                   destination.effectiveEnabled() ? QStringLiteral("every %1 min").arg(destination.effectiveFrequencyMinutes())
                                                  : QStringLiteral("manual")});
}

QIcon ObjectDisplay::kindIcon(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Source:
        return standardIcon(QStyle::SP_DriveHDIcon);
    case ObjectKind::Model:
        return standardIcon(QStyle::SP_FileDialogDetailedView);
    case ObjectKind::Product:
        return standardIcon(QStyle::SP_DirIcon);
    case ObjectKind::Recipient:
        return standardIcon(QStyle::SP_DirHomeIcon);
    case ObjectKind::Destination:
        break;
    }
    return standardIcon(QStyle::SP_DriveNetIcon);
}

QIcon ObjectDisplay::severityIcon(ValidationIssue::Severity severity)
{
    return standardIcon(severity == ValidationIssue::Severity::Error ? QStyle::SP_MessageBoxCritical
                                                                     : QStyle::SP_MessageBoxWarning);
}

QIcon ObjectDisplay::okIcon()
{
    return standardIcon(QStyle::SP_DialogApplyButton);
}

QString ObjectDisplay::problemCountText(int errors, int warnings)
{
    QStringList parts;
    if (errors > 0)
        parts << (errors == 1 ? QStringLiteral("1 error") : QStringLiteral("%1 errors").arg(errors));
    if (warnings > 0)
        parts << (warnings == 1 ? QStringLiteral("1 warning") : QStringLiteral("%1 warnings").arg(warnings));
    return parts.join(QStringLiteral(", "));
}

} // namespace ferry::ui
