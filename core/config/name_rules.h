#pragma once

#include <QString>

#include <optional>

namespace ferry {

// Patterns every name and tag must match (SPEC sections 1 and 2). Each check returns what is wrong, or nothing.
class NameRules
{
public:
    // Text every character of which is printable: a control character (a NUL, a newline, an escape) in a name, a
    // tenant id or a path would end, split or rewrite it where it is used.
    static std::optional<QString> checkPrintable(const QString &text);
    // Object names: 1 to 128 printable characters, no '/'.
    static std::optional<QString> checkObjectName(const QString &name);
    // Names that become table or column names at a destination: PostgreSQL truncates identifiers past 63 bytes
    // (MySQL refuses past 64), which would silently merge two names, so Ferry refuses them up front.
    static std::optional<QString> checkIdentifier(const QString &name);
    // Transfer tag keys and values: ^[A-Za-z0-9_-]+$
    static bool isValidTag(const QString &text);
    // An environment variable name: ^[A-Za-z_][A-Za-z0-9_]*$
    static bool isValidEnvironmentName(const QString &text);
    // A UUID in its 8-4-4-4-12 text form.
    static bool isValidUuid(const QString &text);

    static constexpr int kMaxObjectNameLength = 128;
    static constexpr int kMaxIdentifierBytes = 63;
};

} // namespace ferry
