#pragma once

#include <QString>

#include <optional>

namespace ferry {

// One column of a model: where it comes from, what it is called and typed as at the destination.
struct Column
{
    QString nameInSource;
    QString nameInDestination;
    QString dataType; // a logical type name as written (see DataTypes)
    bool isPrimaryKey = false;
    bool isLastModified = false;
    std::optional<QString> description;

    bool operator==(const Column &) const = default;
};

} // namespace ferry
