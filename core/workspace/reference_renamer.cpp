#include "workspace/reference_renamer.h"

#include <QHash>

namespace ferry {

namespace {

void renameIn(QStringList &names, const QHash<QString, QString> &newNames)
{
    for (QString &name : names)
        name = newNames.value(name, name);
}

} // namespace

QList<ObjectRename> ReferenceRenamer::renames(const Workspace &desired, const Workspace &stored)
{
    QList<ObjectRename> result;
    for (ObjectKind kind : kAllObjectKinds) {
        const QHash<QString, QString> before = stored.namesById(kind);
        const QHash<QString, QString> after = desired.namesById(kind);
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            const auto old = before.constFind(it.key());
            if (old != before.cend() && *old != it.value())
                result.append({kind, it.key(), *old, it.value()});
        }
    }
    return result;
}

QList<ObjectRename> ReferenceRenamer::followRenames(Workspace &desired, const Workspace &stored)
{
    const QList<ObjectRename> found = renames(desired, stored);
    // Old name -> new name of one kind, applied in one pass so two objects swapping names stay apart.
    const auto newNamesOf = [&](ObjectKind kind) {
        QHash<QString, QString> names;
        for (const ObjectRename &rename : found) {
            if (rename.kind == kind)
                names.insert(rename.from, rename.to);
        }
        return names;
    };
    const QHash<QString, QString> sources = newNamesOf(ObjectKind::Source);
    const QHash<QString, QString> models = newNamesOf(ObjectKind::Model);
    const QHash<QString, QString> products = newNamesOf(ObjectKind::Product);
    const QHash<QString, QString> recipients = newNamesOf(ObjectKind::Recipient);

    for (Model &model : desired.models) {
        if (model.sourceName)
            model.sourceName = sources.value(*model.sourceName, *model.sourceName);
    }
    for (Product &product : desired.products)
        renameIn(product.models, models);
    for (Recipient &recipient : desired.recipients)
        renameIn(recipient.products, products);
    for (Destination &destination : desired.destinations) {
        renameIn(destination.products, products);
        destination.recipient = recipients.value(destination.recipient, destination.recipient);
    }
    return found;
}

} // namespace ferry
