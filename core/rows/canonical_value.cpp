#include "rows/canonical_value.h"

#include <QDate>
#include <QTime>

#include <cmath>
#include <cstdio>

namespace ferry {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads `count` digits at `pos`; -1 when they are not all digits.
int digits(QByteArrayView text, qsizetype pos, int count)
{
    if (pos + count > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (!isDigit(c))
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// YYYY-MM-DDTHH:MM:SS.ffffffZ from its parts, written digit by digit: it runs for every timestamp read (the
// checkpoint's last-modified value of every row among them), where snprintf and QDate's calendar arithmetic cost
// more than the rest of the parse. Years outside 0-9999 fall back to snprintf.
QByteArray formatParts(int year, int month, int day, int hour, int minute, int second, int micros)
{
    if (year < 0 || year > 9999 || micros < 0 || micros > 999999) {
        char buffer[48];
        const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day, hour,
                                    minute, second, micros);
        return QByteArray(buffer, n);
    }
    QByteArray out(27, Qt::Uninitialized);
    char *p = out.data();
    auto put = [&p](int value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            p[i] = char('0' + value % 10);
            value /= 10;
        }
        p += width;
    };
    put(year, 4);
    *p++ = '-';
    put(month, 2);
    *p++ = '-';
    put(day, 2);
    *p++ = 'T';
    put(hour, 2);
    *p++ = ':';
    put(minute, 2);
    *p++ = ':';
    put(second, 2);
    *p++ = '.';
    put(micros, 6);
    *p = 'Z';
    return out;
}

QByteArray format(const QDate &date, const QTime &time, int micros)
{
    int year = 0, month = 0, day = 0;
    date.getDate(&year, &month, &day);
    return formatParts(year, month, day, time.hour(), time.minute(), time.second(), micros);
}

QByteArray format(const QDateTime &utc, int micros)
{
    return format(utc.date(), utc.time(), micros);
}

// Epoch seconds (or milliseconds, for values too large to be seconds) as SQLite sources often store them.
std::optional<QByteArray> fromEpochText(QByteArrayView text)
{
    bool ok = false;
    const qint64 value = QByteArray(text.data(), text.size()).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    if (value >= 100000000000LL || value <= -100000000000LL)
        return format(QDateTime::fromMSecsSinceEpoch(value, Qt::UTC), int(value % 1000 + 1000) % 1000 * 1000);
    return CanonicalValue::timestampFromEpoch(value);
}

} // namespace

std::optional<QByteArray> CanonicalValue::timestamp(QByteArrayView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (text.size() <= 16 && (isDigit(text[0]) || text[0] == '-') && text.indexOf('-', 1) < 0)
        return fromEpochText(text);

    const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    if (year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    if (!QDate::isValid(year, month, day))
        return std::nullopt;
    if (text.size() == 10)
        return formatParts(year, month, day, 0, 0, 0, 0);
    if (text[10] != 'T' && text[10] != ' ' && text[10] != 't')
        return std::nullopt;

    const int hour = digits(text, 11, 2), minute = digits(text, 14, 2);
    if (hour < 0 || minute < 0 || text.size() < 16 || text[13] != ':')
        return std::nullopt;
    qsizetype pos = 16;
    int second = 0;
    if (pos < text.size() && text[pos] == ':') {
        second = digits(text, pos + 1, 2);
        if (second < 0)
            return std::nullopt;
        pos += 3;
    }
    int micros = 0;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        int scale = 100000;
        const qsizetype start = pos;
        while (pos < text.size() && isDigit(text[pos])) {
            micros += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start)
            return std::nullopt;
    }
    if (pos < text.size() && text[pos] == ' ')
        ++pos;
    int offsetSeconds = 0;
    if (pos < text.size()) {
        const char sign = text[pos];
        if ((sign == 'Z' || sign == 'z') && pos + 1 == text.size()) {
            pos = text.size();
        } else if (sign == '+' || sign == '-') {
            const int offsetHours = digits(text, pos + 1, 2);
            if (offsetHours < 0)
                return std::nullopt;
            pos += 3;
            int offsetMinutes = 0;
            if (pos < text.size() && text[pos] == ':')
                ++pos;
            if (pos < text.size()) {
                offsetMinutes = digits(text, pos, 2);
                if (offsetMinutes < 0)
                    return std::nullopt;
                pos += 2;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        }
        if (pos != text.size())
            return std::nullopt;
    }
    if (!QTime::isValid(hour, minute, second, 0))
        return std::nullopt;
    if (offsetSeconds == 0)
        return formatParts(year, month, day, hour, minute, second, micros);
    return format(QDateTime(QDate(year, month, day), QTime(hour, minute, second), Qt::UTC).addSecs(-offsetSeconds), micros);
}

QByteArray CanonicalValue::timestamp(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return format(utc, utc.time().msec() * 1000);
}

QByteArray CanonicalValue::timestampFromEpoch(qint64 seconds)
{
    return format(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC), 0);
}

QDateTime CanonicalValue::toDateTime(QByteArrayView canonical)
{
    const int micros = digits(canonical, 20, 6);
    QDateTime time(QDate(digits(canonical, 0, 4), digits(canonical, 5, 2), digits(canonical, 8, 2)),
                   QTime(digits(canonical, 11, 2), digits(canonical, 14, 2), digits(canonical, 17, 2)), Qt::UTC);
    return micros > 0 ? time.addMSecs(micros / 1000) : time;
}

QByteArray CanonicalValue::addSeconds(QByteArrayView canonical, qint64 seconds)
{
    const QDateTime whole = toDateTime(canonical.first(19)).addSecs(seconds);
    return format(whole, qMax(0, digits(canonical, 20, 6)));
}

qint64 CanonicalValue::toEpoch(QByteArrayView canonical)
{
    return toDateTime(canonical.first(19)).toSecsSinceEpoch();
}

std::optional<QByteArray> CanonicalValue::fromVariant(const QVariant &value, LogicalType type, QString *error)
{
    if (value.isNull())
        return std::nullopt;
    switch (type) {
    case LogicalType::Bytes:
        return value.toByteArray();
    case LogicalType::Boolean: {
        if (value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray)
            return fromPostgresText(value.toByteArray(), type, error);
        // 0 and 1 only: any other number goes on as it is, for the destination to refuse by name.
        const QByteArray number = value.toByteArray();
        return number == "1" ? QByteArray("true") : number == "0" ? QByteArray("false") : number;
    }
    case LogicalType::Integer:
    case LogicalType::BigInt:
        switch (value.typeId()) {
        case QMetaType::QString:
        case QMetaType::QByteArray:
            return value.toByteArray().trimmed();
        case QMetaType::Double:
        case QMetaType::Float: {
            // Never rounded (QVariant's toLongLong would make 12.5 13, and 1e20 INT64_MIN): a number that is not a
            // whole 64-bit integer goes on as written, for the destination to refuse by name.
            const double number = value.toDouble();
            if (std::trunc(number) == number && number >= -9223372036854775808.0 && number < 9223372036854775808.0)
                return QByteArray::number(qint64(number));
            return QByteArray::number(number, 'g', 17);
        }
        case QMetaType::ULongLong:
            return QByteArray::number(value.toULongLong());
        default:
            return QByteArray::number(value.toLongLong());
        }
    case LogicalType::Float:
        if (value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray)
            return value.toByteArray().trimmed();
        return QByteArray::number(value.toDouble(), 'g', 17);
    case LogicalType::Date:
        if (value.typeId() == QMetaType::QDate || value.typeId() == QMetaType::QDateTime)
            return value.toDate().toString(Qt::ISODate).toLatin1();
        return value.toByteArray().left(10);
    case LogicalType::Timestamp: {
        if (value.typeId() == QMetaType::QDateTime)
            return timestamp(value.toDateTime());
        if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
            return timestampFromEpoch(value.toLongLong());
        const QByteArray text = value.toByteArray();
        std::optional<QByteArray> parsed = timestamp(text);
        if (!parsed && error)
            *error = QStringLiteral("\"%1\" is not a timestamp").arg(QString::fromUtf8(text.left(40)));
        return parsed ? parsed : QByteArray();
    }
    case LogicalType::String:
    case LogicalType::Decimal:
    case LogicalType::Json:
        break;
    }
    QByteArray text = value.toString().toUtf8();
    if (text.isNull())
        text = QByteArray("", 0);
    return text;
}

std::optional<QByteArray> CanonicalValue::fromPostgresText(QByteArrayView text, LogicalType type, QString *error)
{
    switch (type) {
    case LogicalType::Boolean: {
        // PostgreSQL's spellings; anything else goes on as it is, for the destination to refuse by name.
        for (const char *yes : {"t", "true", "y", "yes", "on", "1"}) {
            if (text.compare(QByteArrayView(yes), Qt::CaseInsensitive) == 0)
                return QByteArray("true");
        }
        for (const char *no : {"f", "false", "n", "no", "off", "0"}) {
            if (text.compare(QByteArrayView(no), Qt::CaseInsensitive) == 0)
                return QByteArray("false");
        }
        return QByteArray(text.data(), text.size());
    }
    case LogicalType::Bytes:
        if (text.startsWith("\\x"))
            return QByteArray::fromHex(QByteArray(text.data() + 2, text.size() - 2));
        return QByteArray(text.data(), text.size());
    case LogicalType::Timestamp: {
        std::optional<QByteArray> parsed = timestamp(text);
        if (!parsed && error)
            *error = QStringLiteral("\"%1\" is not a timestamp").arg(QString::fromUtf8(text.first(qMin(text.size(), 40))));
        return parsed ? parsed : QByteArray();
    }
    default:
        return text.isEmpty() ? QByteArray("", 0) : QByteArray(text.data(), text.size());
    }
}

std::optional<QByteArray> CanonicalValue::fromPostgresBinaryTimestamp(qint64 microsSince2000)
{
    constexpr qint64 kMicrosPerDay = 86400LL * 1000000;
    // Days from 1970-01-01 to 2000-01-01; the calendar below counts from 1970 (Howard Hinnant's civil_from_days).
    constexpr qint64 kDays1970To2000 = 10957;
    qint64 days = microsSince2000 / kMicrosPerDay;
    qint64 rest = microsSince2000 % kMicrosPerDay;
    if (rest < 0) {
        rest += kMicrosPerDay;
        --days;
    }
    const qint64 z = days + kDays1970To2000 + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999) // also PostgreSQL's infinity (INT64_MIN, INT64_MAX)
        return std::nullopt;
    const qint64 seconds = rest / 1000000;
    return formatParts(int(year), month, day, int(seconds / 3600), int(seconds / 60 % 60), int(seconds % 60),
                       int(rest % 1000000));
}

void CanonicalValue::appendCopyText(QByteArray &out, const QByteArray &canonical, LogicalType type)
{
    if (type == LogicalType::Bytes) {
        out += "\\\\x";
        out += canonical.toHex();
        return;
    }
    const char *p = canonical.constData();
    const char *end = p + canonical.size();
    const char *run = p;
    for (; p < end; ++p) {
        const char c = *p;
        if (c != '\\' && c != '\t' && c != '\n' && c != '\r')
            continue;
        out.append(run, p - run);
        out += c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r";
        run = p + 1;
    }
    out.append(run, end - run);
}

} // namespace ferry
