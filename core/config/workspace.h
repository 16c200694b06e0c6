#pragma once

#include "config/destination.h"
#include "config/model.h"
#include "config/object_kind.h"
#include "config/product.h"
#include "config/recipient.h"
#include "config/source.h"

#include <QHash>
#include <QList>

namespace ferry {

// A whole configuration: what a workspace folder holds and what the state database stores.
struct Workspace
{
    QList<Source> sources;
    QList<Model> models;
    QList<Product> products;
    QList<Recipient> recipients;
    QList<Destination> destinations;

    // Look-ups by exact name; nullptr when absent.
    const Source *source(const QString &name) const;
    const Source *sourceById(const QString &id) const;
    const Model *model(const QString &name) const;
    const Product *product(const QString &name) const;
    const Recipient *recipient(const QString &name) const;
    const Destination *destination(const QString &name) const;
    // A transfer's destination: by its id (it survives a rename), else by the name the transfer recorded.
    const Destination *destinationFor(const QString &id, const QString &name) const;

    // The source a model reads from after source_name/source_id resolution; nullptr when it does not resolve.
    const Source *sourceOf(const Model &model) const;
    // SPEC: a destination receives its own products' models, else its recipient's, else every model.
    QStringList modelNamesFor(const Destination &destination) const;

    // id -> name of the objects of `kind` that have an id.
    QHash<QString, QString> namesById(ObjectKind kind) const;

    int objectCount() const;
    QStringList names(ObjectKind kind) const;
};

} // namespace ferry
