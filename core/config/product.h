#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

// A named bundle of models.
struct Product
{
    QString id;
    QString name;
    std::optional<QString> description;
    QStringList models;

    QString file; // workspace-relative file it was read from, for messages; not part of the object
};

} // namespace ferry
