#pragma once

#include <QList>
#include <QStringList>

namespace ferry::ui {

// A line-by-line diff of two texts (an object's JSON before and after a change), for people: kept lines give
// context, removed and added lines are marked.
struct LineDiff
{
    enum class Kind { Same, Removed, Added };
    struct Line
    {
        Kind kind;
        QString text;
    };

    static QList<Line> compare(const QStringList &before, const QStringList &after);
    // "- old", "+ new", "  same" lines (tests, the clipboard).
    static QString toText(const QList<Line> &lines);
};

} // namespace ferry::ui
