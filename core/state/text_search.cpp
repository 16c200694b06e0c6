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

QString trigramQuery(const QString &text)
{
    const QList<uint> characters = text.toLower().toUcs4();
    QStringList terms;
    for (qsizetype i = 0; i + 3 <= characters.size(); ++i) {
        QString trigram = QString::fromUcs4(reinterpret_cast<const char32_t *>(characters.constData() + i), 3);
        trigram.replace(QLatin1Char('"'), QLatin1String("\"\""));
        const QString term = QLatin1Char('"') + trigram + QLatin1Char('"');
        if (!terms.contains(term))
            terms << term;
    }
    return terms.join(QLatin1String(" AND "));
}

} // namespace ferry::TextSearch
