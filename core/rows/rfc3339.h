#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

namespace ferry {

// Times people type (ferryctl's --to, --window-start, --window-end): RFC 3339 and nothing looser, every field in its
// range, so a typo is refused instead of being read as another instant. Source data goes through the lenient
// CanonicalValue::timestamp instead, which accepts what databases store.
class Rfc3339
{
public:
    // YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+HH:MM|-HH:MM) as Ferry's canonical UTC text, or nullopt with `problem` set
    // to what is wrong (e.g. "offset +99:99 is not a UTC offset (hours 00-23, minutes 00-59)").
    static std::optional<QByteArray> parse(QStringView text, QString *problem = nullptr);
    // A one-line message for a refused argument: "--to "2026-..." is not a valid time: <problem>; e.g. ...".
    static QString argumentError(const QString &option, const QString &value, const QString &problem);
};

} // namespace ferry
