#include "validate/did_you_mean.h"

#include <QList>

#include <algorithm>

namespace ferry {

namespace {

constexpr qsizetype kLongestWord = 64;

// Damerau-Levenshtein (optimal string alignment) distance, case-insensitive: a swap of two letters is one typo.
int editDistance(const QString &a, const QString &b)
{
    const QString x = a.toLower();
    const QString y = b.toLower();
    const qsizetype n = x.size();
    const qsizetype m = y.size();
    QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = x[i - 1] == y[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

QString normalized(const QString &word)
{
    QString result = word.toLower();
    result.remove(QLatin1Char('_')).remove(QLatin1Char('-')).remove(QLatin1Char(' '));
    return result;
}

} // namespace

std::optional<QString> closestMatch(const QString &word, const QStringList &candidates)
{
    // Keys and names are short; a word this long is no typo of one (and comparing it would take minutes).
    if (word.size() > kLongestWord)
        return std::nullopt;
    std::optional<QString> best;
    int bestDistance = 0;
    for (const QString &candidate : candidates) {
        // "isPrimaryKey" and "is-primary-key" are the same word as "is_primary_key".
        const int distance = normalized(word) == normalized(candidate) ? 0 : editDistance(word, candidate);
        if (!best || distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    const qsizetype allowed = std::max<qsizetype>(2, word.size() / 3);
    if (best && bestDistance <= allowed)
        return best;
    return std::nullopt;
}

QString didYouMeanSuffix(const QString &word, const QStringList &candidates)
{
    const std::optional<QString> match = closestMatch(word, candidates);
    return match ? QStringLiteral(" (did you mean \"%1\"?)").arg(*match) : QString();
}

} // namespace ferry
