#pragma once

#include "config/data_types.h"
#include "rows/sql_dialect.h"
#include "errors/error.h"

#include <QByteArrayView>
#include <QString>

namespace ferry {

// Whether a canonical value fits a destination column exactly. Writers ask before they bind or send a value, so a
// value the column would round, clamp or replace (MariaDB's 12.5 -> 13, SQLite's 'n/a' -> 0, DECIMAL(38,9)'s
// rounding) fails the window by name instead of arriving changed.
class ExactValue
{
public:
    // Whether values of `type` can fail the check (strings, bytes and JSON are held as they are everywhere).
    static bool isChecked(LogicalType type);
    // Empty when `canonical` fits `type` on `vendor` exactly; otherwise why not ("is not an integer").
    static QString problem(QByteArrayView canonical, LogicalType type, SqlDialect::Vendor vendor);
    // The window's error: model, column, the value (shortened) and the problem.
    static Error error(const QString &model, const QString &column, QByteArrayView value, const QString &problem);
    // `value` for a message: at most about 64 characters.
    static QString shortened(QByteArrayView value);
    static constexpr const char *kCode = "FERRY-DST-VALUE";
};

} // namespace ferry
