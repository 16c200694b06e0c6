#include "state/text_search.h"

#include <QStringList>

namespace ferry::TextSearch {

QString likePattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(QLatin1Char('!'), QLatin1String("!!"));
    escaped.replace(QLatin1Char('%'), QLatin1String("!%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("!_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

bool trigramIndexable(const QString &text)
{
    return text.toLower().toUcs4().size() >= 3;
}

QString likeCondition(const QString &column, bool sqlite)
{
    return sqlite ? QStringLiteral("%1 LIKE ? ESCAPE '!'").arg(column)
                  : QStringLiteral("lower(%1) LIKE ? ESCAPE '!'").arg(column);
}

QString trigramQuery(const QString &text)
{
    const QList<uint> characters = text.toLower().toUcs4();
    QList<qsizetype> starts;
    for (qsizetype i = 0; i + 3 <= characters.size(); i += 3)
        starts << i;
    if (characters.size() >= 3 && starts.last() != characters.size() - 3)
        starts << characters.size() - 3;
    QStringList terms;
    for (qsizetype i : std::as_const(starts)) {
        QString trigram = QString::fromUcs4(reinterpret_cast<const char32_t *>(characters.constData() + i), 3);
        trigram.replace(QLatin1Char('"'), QLatin1String("\"\""));
        const QString term = QLatin1Char('"') + trigram + QLatin1Char('"');
        if (!terms.contains(term))
            terms << term;
    }
    return terms.join(QLatin1String(" AND "));
}

QString rowidList(const QList<qint64> &candidates)
{
    if (candidates.isEmpty())
        return QStringLiteral("(NULL)");
    QStringList ids;
    ids.reserve(candidates.size());
    for (qint64 id : candidates)
        ids << QString::number(id);
    return QLatin1Char('(') + ids.join(QLatin1Char(',')) + QLatin1Char(')');
}

} // namespace ferry::TextSearch
