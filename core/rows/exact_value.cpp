#include "rows/exact_value.h"

#include <QDate>

#include <cmath>
#include <limits>

namespace ferry {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// [+-]digits, within [min, max].
bool fitsInteger(QByteArrayView text, qint64 min, qint64 max)
{
    qsizetype pos = 0;
    const bool negative = !text.isEmpty() && text[0] == '-';
    if (!text.isEmpty() && (text[0] == '-' || text[0] == '+'))
        ++pos;
    if (pos == text.size())
        return false;
    // Accumulated as a negative number: the most negative value has no positive counterpart.
    qint64 value = 0;
    for (; pos < text.size(); ++pos) {
        if (!isDigit(text[pos]))
            return false;
        const int digit = text[pos] - '0';
        if (value < (std::numeric_limits<qint64>::min() + digit) / 10)
            return false;
        value = value * 10 - digit;
    }
    if (!negative) {
        if (value == std::numeric_limits<qint64>::min())
            return false;
        value = -value;
    }
    return value >= min && value <= max;
}

bool isSpecialNumber(QByteArrayView text)
{
    static const char *const names[] = {"NaN", "Infinity", "+Infinity", "-Infinity", "inf", "+inf", "-inf", "nan"};
    for (const char *name : names) {
        if (text.compare(QByteArrayView(name), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A decimal number's integer and fraction digit counts (leading and trailing zeros aside) and its exponent; false
// when `text` is not `[+-]digits[.digits][e[+-]digits]`. No allocation: it runs for every value written.
bool decimalDigits(QByteArrayView text, qint64 *integerDigits, qint64 *fractionDigits, qint64 *exponentOut = nullptr)
{
    qsizetype pos = 0;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+'))
        ++pos;
    qsizetype count = 0, point = -1, first = -1, last = -1; // digit positions, the point not counted
    for (; pos < text.size() && (isDigit(text[pos]) || (text[pos] == '.' && point < 0)); ++pos) {
        if (text[pos] == '.') {
            point = count;
            continue;
        }
        if (text[pos] != '0') {
            if (first < 0)
                first = count;
            last = count + 1;
        }
        ++count;
    }
    if (count == 0)
        return false;
    if (point < 0)
        point = count;
    qint64 exponent = 0;
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        ++pos;
        const bool negative = pos < text.size() && text[pos] == '-';
        if (pos < text.size() && (text[pos] == '-' || text[pos] == '+'))
            ++pos;
        const qsizetype start = pos;
        for (; pos < text.size() && isDigit(text[pos]); ++pos)
            exponent = qMin<qint64>(exponent * 10 + (text[pos] - '0'), 1000000);
        if (pos == start)
            return false;
        if (negative)
            exponent = -exponent;
    }
    if (pos != text.size())
        return false;
    const qint64 pointAt = point + exponent;
    *integerDigits = first < 0 ? 0 : qMax<qint64>(0, pointAt - first);
    *fractionDigits = first < 0 ? 0 : qMax<qint64>(0, last - pointAt);
    if (exponentOut)
        *exponentOut = exponent;
    return true;
}

} // namespace

bool ExactValue::isChecked(LogicalType type)
{
    switch (type) {
    case LogicalType::String:
    case LogicalType::Bytes:
    case LogicalType::Json:
        return false;
    default:
        return true;
    }
}

QString ExactValue::problem(QByteArrayView canonical, LogicalType type, SqlDialect::Vendor vendor)
{
    const bool mysql = vendor == SqlDialect::Vendor::MySql;
    switch (type) {
    case LogicalType::Integer:
        if (!fitsInteger(canonical, std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max()))
            return QStringLiteral("is not a 32-bit integer (data_type integer)");
        return {};
    case LogicalType::BigInt:
        if (!fitsInteger(canonical, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()))
            return QStringLiteral("is not a 64-bit integer (data_type bigint)");
        return {};
    case LogicalType::Decimal: {
        if (isSpecialNumber(canonical))
            return mysql ? QStringLiteral("is not a finite number, which MariaDB's DECIMAL cannot hold") : QString();
        qint64 integerDigits = 0, fractionDigits = 0;
        if (!decimalDigits(canonical, &integerDigits, &fractionDigits))
            return QStringLiteral("is not a decimal number (data_type decimal)");
        // DECIMAL(38,9): 29 digits before the point, 9 after; more would be rounded or clamped.
        if (mysql && (integerDigits > 29 || fractionDigits > 9))
            return QStringLiteral("has more digits than MariaDB's DECIMAL(38,9) holds (29 before the point, 9 after)");
        return {};
    }
    case LogicalType::Float: {
        if (isSpecialNumber(canonical))
            return vendor == SqlDialect::Vendor::Postgres ? QString() : QStringLiteral("is not a finite number");
        qint64 integerDigits = 0, fractionDigits = 0, exponent = 0;
        if (!decimalDigits(canonical, &integerDigits, &fractionDigits, &exponent))
            return QStringLiteral("is not a number (data_type float)");
        // Only a number near the double's range can overflow it: parse just those.
        if (integerDigits > 300 || exponent > 300 || exponent < -300) {
            bool ok = false;
            const double value = canonical.toDouble(&ok);
            if (!ok || !std::isfinite(value))
                return QStringLiteral("is outside the range of a 64-bit float");
        }
        return {};
    }
    case LogicalType::Boolean:
        if (canonical != "true" && canonical != "false")
            return QStringLiteral("is not a boolean");
        return {};
    case LogicalType::Date: {
        const QDate date = canonical.size() == 10 ? QDate::fromString(QString::fromLatin1(canonical), Qt::ISODate) : QDate();
        if (!date.isValid())
            return QStringLiteral("is not a date (YYYY-MM-DD)");
        if (mysql && date.year() < 1000)
            return QStringLiteral("is before the year 1000, which MariaDB's DATE does not hold");
        return {};
    }
    case LogicalType::Timestamp:
        // Canonical already; MariaDB's DATETIME starts at the year 1000.
        if (mysql && canonical.size() >= 4 && canonical.first(4) < QByteArrayView("1000"))
            return QStringLiteral("is before the year 1000, which MariaDB's DATETIME does not hold");
        return {};
    case LogicalType::String:
    case LogicalType::Bytes:
    case LogicalType::Json:
        break;
    }
    return {};
}

QString ExactValue::shortened(QByteArrayView value)
{
    QString text = QString::fromUtf8(value.first(qMin<qsizetype>(value.size(), 256)));
    if (text.size() > 64 || value.size() > 256)
        text = text.left(61) + QStringLiteral("...");
    return text;
}

Error ExactValue::error(const QString &model, const QString &column, QByteArrayView value, const QString &problem)
{
    return Error{QString::fromLatin1(kCode), QStringLiteral("Value cannot be stored exactly"),
                 QStringLiteral("model \"%1\", column \"%2\": value \"%3\" %4").arg(model, column, shortened(value), problem),
                 QStringLiteral("correct the value in the source, or give the column a data_type that holds it; nothing "
                                "of this window was published"),
                 Blame::Source};
}

} // namespace ferry
