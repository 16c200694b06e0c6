#pragma once

#include "connectors/source_reader.h"

#include <QSqlQuery>
#include <QVariantList>

namespace ferry {

// The instants an SQLite cursor column stores, in SQL. SQLite has no timestamp type, and its users store
// `datetime('now')`'s text (`YYYY-MM-DD HH:MM:SS`, with or without fractions), ISO 8601 with `T`, `Z` or an offset,
// or integer epoch seconds or milliseconds: none of them compares as text with Ferry's canonical bounds. A window
// therefore compares each value's instant in epoch microseconds (key(): exact, read from the text rather than
// through SQLite's millisecond julian days), inside a range on the raw column that an index can serve (for text
// the window widened by two days, which covers any offset).
class SqliteInstant
{
public:
    // How a column's values are stored; Unknown while it has none.
    enum class Form { Unknown, Text, EpochSeconds, EpochMilliseconds };

    // The SQL of `column`'s instant in epoch microseconds; NULL for text SQLite cannot read as a time.
    static QString key(const QString &column);
    // One pass over the values `where` selects from `table`, counting each form with an example of it (see form()).
    static QString surveySql(const QString &column, const QString &table, const QString &where);
    // The form of the surveyed values; nullopt with `problem` set (naming a value) when they hold a value that is
    // none of the forms, or more than one form, which do not order together.
    static std::optional<Form> form(const QSqlQuery &survey, QString *problem);
    // For window [start, end): the raw column's range, then the key's first and last microsecond.
    static QVariantList bounds(Form form, const TimeWindow &window);
};

} // namespace ferry
