#include "editors/line_diff.h"

#include <vector>

namespace ferry::ui {

QList<LineDiff::Line> LineDiff::compare(const QStringList &before, const QStringList &after)
{
    // Longest common subsequence over lines: objects are small (a model of 32 columns is ~250 lines).
    const qsizetype n = before.size();
    const qsizetype m = after.size();
    std::vector<std::vector<int>> common(n + 1, std::vector<int>(m + 1, 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j)
            common[i][j] = before[i] == after[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
    }
    QList<Line> lines;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (before[i] == after[j]) {
            lines.append({Kind::Same, before[i]});
            ++i, ++j;
        } else if (common[i + 1][j] >= common[i][j + 1]) {
            lines.append({Kind::Removed, before[i++]});
        } else {
            lines.append({Kind::Added, after[j++]});
        }
    }
    while (i < n)
        lines.append({Kind::Removed, before[i++]});
    while (j < m)
        lines.append({Kind::Added, after[j++]});
    return lines;
}

QString LineDiff::toText(const QList<Line> &lines)
{
    QStringList text;
    for (const Line &line : lines) {
        const char *mark = line.kind == Kind::Added ? "+ " : line.kind == Kind::Removed ? "- " : "  ";
        text << QLatin1String(mark) + line.text;
    }
    return text.join(QLatin1Char('\n'));
}

} // namespace ferry::ui
