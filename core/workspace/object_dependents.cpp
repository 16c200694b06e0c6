#include "workspace/object_dependents.h"

#include <algorithm>

namespace ferry {

namespace {

QString quotedObject(ObjectKind kind, const QString &name)
{
    return QStringLiteral("%1 \"%2\"").arg(kindName(kind), name);
}

// `owner` lists `name` in `field`: the reference goes with the delete; an emptied list of products is refused.
void addListDependent(QList<ObjectDependent> &into, ObjectKind kind, const QString &owner, const QStringList &list,
                      const char *field, const QString &name, bool emptyMeansEverything)
{
    if (!list.contains(name))
        return;
    const bool emptied = std::all_of(list.begin(), list.end(), [&](const QString &n) { return n == name; });
    const QString key = QLatin1String(field);
    const QString who = quotedObject(kind, owner);
    if (!emptied) {
        into.append({kind, owner, key, false, QStringLiteral("%1 lists it in %2; the reference is removed").arg(who, key)});
    } else if (!emptyMeansEverything) {
        into.append({kind, owner, key, false,
                     QStringLiteral("%1 lists only it in %2; the reference is removed and the list is left empty")
                         .arg(who, key)});
    } else {
        into.append({kind, owner, key, true,
                     QStringLiteral("%1 lists only it in %2; an empty %2 list would deliver every model, so change "
                                    "or remove %1 too")
                         .arg(who, key)});
    }
}

} // namespace

QList<ObjectDependent> ObjectDependents::of(const Workspace &workspace, ObjectKind kind, const QString &name)
{
    QList<ObjectDependent> result;
    switch (kind) {
    case ObjectKind::Source: {
        const Source *source = workspace.source(name);
        const bool onlySource = workspace.sources.size() == 1 && source;
        for (const Model &model : workspace.models) {
            const bool byName = model.sourceName == name;
            const bool byId = source && !source->id.isEmpty() && model.sourceId == source->id;
            const bool implicit = onlySource && !model.sourceName && !model.sourceId;
            if (!byName && !byId && !implicit)
                continue;
            const QString field = byName || implicit ? QStringLiteral("source_name") : QStringLiteral("source_id");
            const QString how = implicit ? QStringLiteral("reads from it, the workspace's only source")
                                         : QStringLiteral("reads from it (%1)").arg(field);
            result.append({ObjectKind::Model, model.name, field, true,
                           QStringLiteral("%1 %2; point it at another source or remove it too")
                               .arg(quotedObject(ObjectKind::Model, model.name), how)});
        }
        break;
    }
    case ObjectKind::Model:
        for (const Product &product : workspace.products)
            addListDependent(result, ObjectKind::Product, product.name, product.models, "models", name, false);
        break;
    case ObjectKind::Product:
        for (const Recipient &recipient : workspace.recipients)
            addListDependent(result, ObjectKind::Recipient, recipient.name, recipient.products, "products", name, true);
        for (const Destination &destination : workspace.destinations)
            addListDependent(result, ObjectKind::Destination, destination.name, destination.products, "products", name,
                             true);
        break;
    case ObjectKind::Recipient:
        for (const Destination &destination : workspace.destinations) {
            if (destination.recipient != name)
                continue;
            result.append({ObjectKind::Destination, destination.name, QStringLiteral("recipient"), true,
                           QStringLiteral("%1 delivers to it (recipient); give it another recipient or remove it too")
                               .arg(quotedObject(ObjectKind::Destination, destination.name))});
        }
        break;
    case ObjectKind::Destination:
        break; // nothing refers to a destination
    }
    return result;
}

QStringList ObjectDependents::consequences(const Workspace &workspace, ObjectKind kind, const QString &name)
{
    switch (kind) {
    case ObjectKind::Source:
        return {QStringLiteral("nothing is deleted from the source's database")};
    case ObjectKind::Model:
        return {QStringLiteral("destination tables named \"%1\" are left as they are; transfers stop updating them")
                    .arg(name)};
    case ObjectKind::Product:
        return {QStringLiteral("its models and their destination tables are left as they are")};
    case ObjectKind::Recipient: {
        QStringList destinations;
        for (const Destination &destination : workspace.destinations) {
            if (destination.recipient == name)
                destinations << QLatin1Char('"') + destination.name + QLatin1Char('"');
        }
        QString text = QStringLiteral("tables already delivered to its destinations are left as they are");
        if (!destinations.isEmpty())
            text += QStringLiteral(" (%1)").arg(destinations.join(QStringLiteral(", ")));
        return {text};
    }
    case ObjectKind::Destination:
        break;
    }
    return {QStringLiteral("tables already delivered to destination \"%1\" are left as they are; Ferry stops updating "
                           "them and keeps its transfer history")
                .arg(name)};
}

void ObjectDependents::removeListReferences(Workspace &workspace, ObjectKind kind, const QString &name)
{
    if (kind == ObjectKind::Model) {
        for (Product &product : workspace.products)
            product.models.removeAll(name);
    } else if (kind == ObjectKind::Product) {
        for (Recipient &recipient : workspace.recipients)
            recipient.products.removeAll(name);
        for (Destination &destination : workspace.destinations)
            destination.products.removeAll(name);
    }
}

} // namespace ferry
