#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace ferry {

// Column names and prefixes destinations reserve (shipped from shared/data into the app's resources).
class ReservedNames
{
public:
    // The lists compiled into Ferry.
    static const ReservedNames &builtIn();
    // Lists given as text, one entry per line; blank lines and lines starting with '#' are ignored.
    static ReservedNames fromText(const QString &names, const QString &prefixes);

    bool isReservedName(const QString &name) const;
    // The reserved prefix `name` starts with, or an empty string.
    QString reservedPrefixOf(const QString &name) const;
    qsizetype nameCount() const { return m_names.size(); }
    qsizetype prefixCount() const { return m_prefixes.size(); }

private:
    QSet<QString> m_names;  // upper case
    QStringList m_prefixes; // upper case
};

} // namespace ferry
