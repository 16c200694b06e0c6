#pragma once

#include "config/workspace.h"

#include <nlohmann/json.hpp>

#include <QString>

namespace ferry {

// Writes configuration objects as workspace files hold them: keys in a fixed, readable order, optional fields
// only when set, so exporting and re-applying a folder is a round trip. `withId` adds the object's UUID.
class ConfigJson
{
public:
    using Json = nlohmann::ordered_json;

    static Json toJson(const Source &source, bool withId = true);
    static Json toJson(const Model &model, bool withId = true);
    static Json toJson(const Product &product, bool withId = true);
    static Json toJson(const Recipient &recipient, bool withId = true);
    static Json toJson(const Destination &destination, bool withId = true);

    // The JSON of the object `index` of `kind` in `workspace`.
    static Json toJson(const Workspace &workspace, ObjectKind kind, qsizetype index, bool withId = true);

    // Pretty text for files (two-space indent, trailing newline).
    static QString toFileText(const Json &json);
    // Compact, deterministic text: what the state database stores and compares to detect changes.
    static QString toCanonicalText(const Json &json);
};

} // namespace ferry
