#include "config/name_rules.h"

#include <QRegularExpression>
#include <QUuid>

namespace ferry {

std::optional<QString> NameRules::checkObjectName(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("must not be empty");
    if (name.size() > kMaxObjectNameLength)
        return QStringLiteral("is %1 characters long; names have at most %2").arg(name.size()).arg(kMaxObjectNameLength);
    if (name.contains(QLatin1Char('/')))
        return QStringLiteral("\"%1\" contains '/', which names may not").arg(name);
    return checkPrintable(name);
}

std::optional<QString> NameRules::checkPrintable(const QString &text)
{
    for (const QChar ch : text) {
        if (!ch.isPrint())
            return QStringLiteral("contains a control or unprintable character (U+%1)")
                .arg(ch.unicode(), 4, 16, QLatin1Char('0'));
    }
    return std::nullopt;
}

std::optional<QString> NameRules::checkIdentifier(const QString &name)
{
    if (const std::optional<QString> problem = checkObjectName(name))
        return problem;
    const qsizetype bytes = name.toUtf8().size();
    if (bytes > kMaxIdentifierBytes)
        return QStringLiteral("\"%1\" is %2 bytes long; destination databases allow at most %3")
            .arg(name)
            .arg(bytes)
            .arg(kMaxIdentifierBytes);
    return std::nullopt;
}

bool NameRules::isValidTag(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]+$"));
    return pattern.match(text).hasMatch();
}

bool NameRules::isValidEnvironmentName(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(text).hasMatch();
}

bool NameRules::isValidUuid(const QString &text)
{
    return text.size() == 36 && !QUuid::fromString(text).isNull();
}

} // namespace ferry
