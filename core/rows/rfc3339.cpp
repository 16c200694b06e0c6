#include "rows/rfc3339.h"

#include "rows/canonical_value.h"

#include <QDateTime>

namespace ferry {

namespace {

// `count` ASCII digits at `pos` as a number; -1 when any is missing or not a digit.
int number(QStringView text, qsizetype pos, int count)
{
    if (pos < 0 || pos + count > text.size())
        return -1;
    int value = 0;
    for (qsizetype i = pos; i < pos + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + int(c - u'0');
    }
    return value;
}

bool isAt(QStringView text, qsizetype pos, QStringView allowed)
{
    return pos < text.size() && allowed.contains(text[pos]);
}

std::optional<QByteArray> refuse(QString *problem, const QString &why)
{
    if (problem)
        *problem = why;
    return std::nullopt;
}

} // namespace

std::optional<QByteArray> Rfc3339::parse(QStringView text, QString *problem)
{
    const QString shape = QStringLiteral("it is not of the form YYYY-MM-DDTHH:MM:SS with Z or an offset like +02:00");
    // Fixed positions: 0123456789012345678
    //                  2026-01-31T00:00:00
    if (text.size() < 20 || !isAt(text, 4, u"-") || !isAt(text, 7, u"-") || !isAt(text, 10, u"Tt ") ||
        !isAt(text, 13, u":") || !isAt(text, 16, u":"))
        return refuse(problem, shape);
    const int year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
    const int hour = number(text, 11, 2), minute = number(text, 14, 2), second = number(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return refuse(problem, shape);
    if (year < 1 || month < 1 || month > 12 || !QDate::isValid(year, month, day))
        return refuse(problem, QStringLiteral("%1 is not a date").arg(text.first(10)));
    if (hour > 23 || minute > 59 || second > 59)
        return refuse(problem, QStringLiteral("%1 is not a time of day (00:00:00 to 23:59:59)").arg(text.mid(11, 8)));

    qsizetype pos = 19;
    int micros = 0;
    if (isAt(text, pos, u".")) {
        const qsizetype first = ++pos;
        while (pos < text.size() && number(text, pos, 1) >= 0)
            ++pos;
        const qsizetype count = pos - first;
        if (count == 0 || count > 6)
            return refuse(problem, QStringLiteral("give 1 to 6 digits after the decimal point (Ferry keeps microseconds)"));
        micros = number(text, first, int(count));
        for (qsizetype i = count; i < 6; ++i)
            micros *= 10;
    }

    int offsetSeconds = 0;
    if (isAt(text, pos, u"Zz") && pos + 1 == text.size()) {
        pos = text.size();
    } else if (isAt(text, pos, u"+-")) {
        const QStringView offset = text.mid(pos);
        const int hours = number(text, pos + 1, 2), minutes = number(text, pos + 4, 2);
        if (offset.size() != 6 || !isAt(text, pos + 3, u":") || hours < 0 || minutes < 0)
            return refuse(problem, QStringLiteral("the offset %1 is not of the form +HH:MM or -HH:MM").arg(offset));
        if (hours > 23 || minutes > 59)
            return refuse(problem, QStringLiteral("offset %1 is not a UTC offset (hours 00-23, minutes 00-59)").arg(offset));
        offsetSeconds = (text[pos] == u'-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        pos = text.size();
    } else if (pos == text.size()) {
        return refuse(problem, QStringLiteral("it has no UTC offset; end it with Z (UTC) or an offset like +02:00"));
    }
    if (pos != text.size())
        return refuse(problem, shape);

    const QDateTime utc = QDateTime(QDate(year, month, day), QTime(hour, minute, second), Qt::UTC).addSecs(-offsetSeconds);
    if (utc.date().year() < 1 || utc.date().year() > 9999)
        return refuse(problem, QStringLiteral("it lies outside the years 0001 to 9999 in UTC"));
    QByteArray canonical = CanonicalValue::timestamp(utc);
    // CanonicalValue::timestamp(QDateTime) keeps milliseconds; the typed microseconds replace them.
    canonical.replace(20, 6, QByteArray::number(micros).rightJustified(6, '0'));
    return canonical;
}

QString Rfc3339::argumentError(const QString &option, const QString &value, const QString &problem)
{
    return QStringLiteral("%1 \"%2\" is not a valid time: %3; write RFC 3339, e.g. 2026-01-31T00:00:00Z")
        .arg(option, value, problem);
}

} // namespace ferry
