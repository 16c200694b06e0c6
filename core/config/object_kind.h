#pragma once

#include <QString>

#include <array>
#include <optional>

namespace ferry {

// The five kinds of configuration object, in dependency order (a kind only refers to kinds before it).
enum class ObjectKind { Source, Model, Product, Recipient, Destination };

inline constexpr std::array<ObjectKind, 5> kAllObjectKinds = {ObjectKind::Source, ObjectKind::Model, ObjectKind::Product,
                                                              ObjectKind::Recipient, ObjectKind::Destination};

// "sources", "models", ...: the workspace sub-folder and state table of a kind.
QString folderName(ObjectKind kind);
// "source", "model", ...: for messages.
QString kindName(ObjectKind kind);
std::optional<ObjectKind> kindFromFolderName(const QString &folder);

} // namespace ferry
