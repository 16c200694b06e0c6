#include "config/workspace.h"

#include <algorithm>

namespace ferry {

namespace {

template <typename T>
const T *findByName(const QList<T> &objects, const QString &name)
{
    auto it = std::find_if(objects.begin(), objects.end(), [&](const T &object) { return object.name == name; });
    return it == objects.end() ? nullptr : &*it;
}

template <typename T>
QStringList namesOf(const QList<T> &objects)
{
    QStringList names;
    for (const T &object : objects)
        names << object.name;
    return names;
}

template <typename T>
QHash<QString, QString> namesByIdOf(const QList<T> &objects)
{
    QHash<QString, QString> names;
    for (const T &object : objects) {
        if (!object.id.isEmpty())
            names.insert(object.id, object.name);
    }
    return names;
}

} // namespace

const Source *Workspace::source(const QString &name) const { return findByName(sources, name); }
const Model *Workspace::model(const QString &name) const { return findByName(models, name); }
const Product *Workspace::product(const QString &name) const { return findByName(products, name); }
const Recipient *Workspace::recipient(const QString &name) const { return findByName(recipients, name); }
const Destination *Workspace::destination(const QString &name) const { return findByName(destinations, name); }

const Destination *Workspace::destinationFor(const QString &id, const QString &name) const
{
    auto it = std::find_if(destinations.begin(), destinations.end(),
                           [&](const Destination &destination) { return destination.id == id; });
    return it != destinations.end() ? &*it : destination(name);
}

const Source *Workspace::sourceById(const QString &id) const
{
    auto it = std::find_if(sources.begin(), sources.end(), [&](const Source &source) { return source.id == id; });
    return it == sources.end() ? nullptr : &*it;
}

const Source *Workspace::sourceOf(const Model &model) const
{
    const Source *byName = model.sourceName ? source(*model.sourceName) : nullptr;
    const Source *byId = model.sourceId ? sourceById(*model.sourceId) : nullptr;
    if (model.sourceName && model.sourceId)
        return byName == byId ? byName : nullptr;
    if (model.sourceName)
        return byName;
    if (model.sourceId)
        return byId;
    return sources.size() == 1 ? &sources.first() : nullptr;
}

QStringList Workspace::modelNamesFor(const Destination &destination) const
{
    QStringList productNames = destination.products;
    if (productNames.isEmpty()) {
        if (const Recipient *owner = recipient(destination.recipient))
            productNames = owner->products;
    }
    if (productNames.isEmpty())
        return namesOf(models);

    QStringList result;
    for (const QString &productName : std::as_const(productNames)) {
        const Product *bundle = product(productName);
        if (!bundle)
            continue;
        for (const QString &modelName : bundle->models) {
            if (!result.contains(modelName))
                result << modelName;
        }
    }
    return result;
}

int Workspace::objectCount() const
{
    return int(sources.size() + models.size() + products.size() + recipients.size() + destinations.size());
}

QStringList Workspace::names(ObjectKind kind) const
{
    switch (kind) {
    case ObjectKind::Source:
        return namesOf(sources);
    case ObjectKind::Model:
        return namesOf(models);
    case ObjectKind::Product:
        return namesOf(products);
    case ObjectKind::Recipient:
        return namesOf(recipients);
    case ObjectKind::Destination:
        break;
    }
    return namesOf(destinations);
}

QHash<QString, QString> Workspace::namesById(ObjectKind kind) const
{
    switch (kind) {
    case ObjectKind::Source:
        return namesByIdOf(sources);
    case ObjectKind::Model:
        return namesByIdOf(models);
    case ObjectKind::Product:
        return namesByIdOf(products);
    case ObjectKind::Recipient:
        return namesByIdOf(recipients);
    case ObjectKind::Destination:
        break;
    }
    return namesByIdOf(destinations);
}

} // namespace ferry
