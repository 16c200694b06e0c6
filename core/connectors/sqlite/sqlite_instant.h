#pragma once

#include "connectors/source_reader.h"

#include <QSqlQuery>
#include <QVariantList>

namespace ferry {

// The instants an SQLite cursor column stores, in SQL. SQLite has no timestamp type, and its users store
// `datetime('now')`'s text (`YYYY-MM-DD HH:MM:SS`, with or without fractions), ISO 8601 with `T`, `Z` or an offset,
// or integer epoch seconds or milliseconds: none of them compares as text with Ferry's canonical bounds. A survey
// of the column's values finds their form. Where the raw values order as their instants (integers; text with one
// separator and no zone; `Z` text of one width) the window's bounds are written in that form and compared with the
// column, which an index serves. Otherwise each value's instant is computed in epoch microseconds (key(): exact,
// read from the text rather than through SQLite's millisecond julian days) inside a range of local dates an index
// serves (the window widened by two days, which covers any offset).
class SqliteInstant
{
public:
    // How a column's values are stored; Unknown while it has none.
    enum class Form { Unknown, Text, EpochSeconds, EpochMilliseconds };
    struct Layout
    {
        Form form = Form::Unknown;
        bool textOrdered = false; // text whose order is its instants' order
        char separator = ' ';     // between date and time, for textOrdered text
        int zoneFraction = -1;    // textOrdered text ending in Z: its fraction digits; -1 without a zone
    };

    // The SQL of `column`'s instant in epoch microseconds; NULL for text SQLite cannot read as a time.
    static QString key(const QString &column);
    // The smallest and the largest value `where` selects (an index serves both). They suggest a layout whose raw
    // values order as instants (candidate()); one cheap pass (mismatchSql(): a row when a value has another form)
    // confirms it.
    static QString extremesSql(const QString &column, const QString &table, const QString &where);
    static std::optional<Layout> candidate(const QVariant &smallest, const QVariant &largest);
    static QString mismatchSql(const Layout &candidate, const QString &column, const QString &table, const QString &where);
    // One pass over the values `where` selects from `table`: a row per form found, with an example (see layout()).
    static QString surveySql(const QString &column, const QString &table, const QString &where);
    // The layout of the surveyed values; nullopt with `problem` set (naming a value) when they hold a value that is
    // none of the forms, or forms that do not order together.
    static std::optional<Layout> layout(QSqlQuery &survey, QString *problem);
    // For window [start, end), in the order of the statement's placeholders: the raw column's range, whether that
    // range is exact, then the key's first and last microsecond.
    static QVariantList bounds(const Layout &layout, const TimeWindow &window);
};

} // namespace ferry
