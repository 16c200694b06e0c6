#include "validate/reserved_names.h"

#include "log/log_categories.h"

#include <QFile>

// rcc's initializer lives in the global namespace; a static library has to call it explicitly.
static void initCoreResources()
{
    Q_INIT_RESOURCE(core_resources);
}

namespace ferry {

namespace {

QStringList entries(const QString &text)
{
    QStringList result;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString entry = line.trimmed();
        if (!entry.isEmpty() && !entry.startsWith(QLatin1Char('#')))
            result << entry.toUpper();
    }
    return result;
}

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCCritical(lcValidate) << "missing built-in resource" << path;
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

} // namespace

ReservedNames ReservedNames::fromText(const QString &names, const QString &prefixes)
{
    ReservedNames result;
    const QStringList nameList = entries(names);
    result.m_names = QSet<QString>(nameList.begin(), nameList.end());
    result.m_prefixes = entries(prefixes);
    return result;
}

const ReservedNames &ReservedNames::builtIn()
{
    static const ReservedNames lists = [] {
        initCoreResources();
        return fromText(readResource(QStringLiteral(":/ferry/reserved/reserved_column_names.txt")),
                        readResource(QStringLiteral(":/ferry/reserved/reserved_column_prefixes.txt")));
    }();
    return lists;
}

bool ReservedNames::isReservedName(const QString &name) const
{
    return m_names.contains(name.toUpper());
}

QString ReservedNames::reservedPrefixOf(const QString &name) const
{
    const QString upper = name.toUpper();
    for (const QString &prefix : m_prefixes) {
        if (upper.startsWith(prefix))
            return prefix;
    }
    return {};
}

} // namespace ferry
