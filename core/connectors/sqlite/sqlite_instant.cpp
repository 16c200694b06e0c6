#include "connectors/sqlite/sqlite_instant.h"

#include "rows/canonical_value.h"

#include <QMap>

namespace ferry {

namespace {

// Epoch seconds are below 10^11 (the year 5138); larger integers are milliseconds (CanonicalValue reads them so).
const char *const kSecondsRange = "%1 > -100000000000 AND %1 < 100000000000";
const char *const kTextShape = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*";

// The survey's kinds: 0 is none of the forms.
enum Kind { Bad = 0, Seconds = 1, Milliseconds = 2, Spaced = 3, WithT = 4, SpacedZ = 5, WithTZ = 6, Offset = 7 };

// What follows the seconds' fraction digits: '', 'Z' or '+HH:MM'.
QString zone(const QString &c)
{
    return QStringLiteral("(CASE WHEN substr(%1, 20, 1) = '.' THEN ltrim(substr(%1, 21), '0123456789') ELSE "
                          "substr(%1, 20) END)").arg(c);
}

qint64 ceilDiv(qint64 value, qint64 by)
{
    return value >= 0 ? (value + by - 1) / by : -(-value / by);
}

qint64 epochMicros(const QByteArray &canonical)
{
    return CanonicalValue::toEpoch(canonical) * 1000000 + QByteArray(canonical.mid(20, 6)).toLongLong();
}

QByteArray canonicalOfMicros(qint64 micros)
{
    const qint64 seconds = micros >= 0 ? micros / 1000000 : -ceilDiv(-micros, 1000000);
    QByteArray text = CanonicalValue::timestampFromEpoch(seconds);
    return text.replace(20, 6, QByteArray::number(micros - seconds * 1000000).rightJustified(6, '0'));
}

QString dayText(const QByteArray &canonical, int days)
{
    return CanonicalValue::toDateTime(canonical).date().addDays(days).toString(Qt::ISODate);
}

// A bound in the column's own spelling, where text order is instant order: no zone, the fraction without trailing
// zeros (a value equal to the bound sorts at or after it); `Z`, the fraction rounded up to the column's digits.
QString orderedText(const SqliteInstant::Layout &layout, const QByteArray &bound)
{
    QByteArray canonical = bound;
    if (layout.zoneFraction >= 0 && layout.zoneFraction < 6) {
        qint64 step = 1;
        for (int i = layout.zoneFraction; i < 6; ++i)
            step *= 10;
        canonical = canonicalOfMicros(ceilDiv(epochMicros(bound), step) * step);
    }
    QByteArray text = canonical.left(19);
    text[10] = layout.separator;
    QByteArray fraction = canonical.mid(20, 6);
    if (layout.zoneFraction < 0) {
        while (fraction.endsWith('0'))
            fraction.chop(1);
    } else {
        fraction = layout.zoneFraction <= 6 ? fraction.left(layout.zoneFraction)
                                            : fraction + QByteArray(layout.zoneFraction - 6, '0');
    }
    if (!fraction.isEmpty())
        text += '.' + fraction;
    if (layout.zoneFraction >= 0)
        text += 'Z';
    return QString::fromLatin1(text);
}

} // namespace

QString SqliteInstant::key(const QString &c)
{
    // Whole seconds from SQLite (the offset applied, the fraction left out: SQLite would round it to
    // milliseconds), microseconds from the fraction's first six digits.
    const QString fraction =
        QStringLiteral("(CASE WHEN substr(%1, 20, 1) = '.' THEN substr(%1, 21, length(substr(%1, 21)) - length(%2)) "
                       "ELSE '' END)").arg(c, zone(c));
    return QStringLiteral("(CASE WHEN typeof(%1) = 'integer' THEN (CASE WHEN %2 THEN %1 * 1000000 ELSE %1 * 1000 END) "
                          "ELSE CAST(strftime('%s', substr(%1, 1, 19) || %3) AS INTEGER) * 1000000 + "
                          "CAST(substr(%4 || '000000', 1, 6) AS INTEGER) END)")
        .arg(c, QString::fromLatin1(kSecondsRange).arg(c), zone(c), fraction);
}

QString SqliteInstant::extremesSql(const QString &c, const QString &table, const QString &where)
{
    return QStringLiteral("SELECT (SELECT min(%1) FROM %2 WHERE %3), (SELECT max(%1) FROM %2 WHERE %3)").arg(c, table, where);
}

std::optional<SqliteInstant::Layout> SqliteInstant::candidate(const QVariant &smallest, const QVariant &largest)
{
    Layout layout;
    const auto isInteger = [](const QVariant &v) {
        return v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int;
    };
    if (isInteger(smallest) && isInteger(largest)) {
        const qint64 low = smallest.toLongLong(), high = largest.toLongLong();
        if (low > -100000000000LL && high < 100000000000LL)
            layout.form = Form::EpochSeconds;
        else if (low >= 100000000000LL)
            layout.form = Form::EpochMilliseconds;
        else
            return std::nullopt;
        return layout;
    }
    if (smallest.typeId() != QMetaType::QString || largest.typeId() != QMetaType::QString)
        return std::nullopt;
    const QString low = smallest.toString(), high = largest.toString();
    if (low.size() < 19 || high.size() < 19 || low[10] != high[10] || (low[10] != QLatin1Char(' ') && low[10] != QLatin1Char('T')))
        return std::nullopt;
    layout.form = Form::Text;
    layout.textOrdered = true;
    layout.separator = char(low[10].unicode());
    const bool zoned = low.endsWith(QLatin1Char('Z'));
    if (zoned != high.endsWith(QLatin1Char('Z')) || (zoned && low.size() != high.size()))
        return std::nullopt;
    if (zoned)
        layout.zoneFraction = qMax(0, int(low.size()) - 21);
    return layout;
}

QString SqliteInstant::mismatchSql(const Layout &candidate, const QString &c, const QString &table, const QString &where)
{
    QString exact;
    if (candidate.form != Form::Text) {
        exact = QStringLiteral("typeof(%1) = 'integer'").arg(c);
    } else {
        QString shape = QString::fromLatin1(kTextShape);
        shape.replace(QLatin1String("[ T]"), QString(QLatin1Char(candidate.separator)));
        if (candidate.zoneFraction < 0) {
            exact = QStringLiteral("typeof(%1) = 'text' AND %1 GLOB '%2' AND (length(%1) = 19 OR (substr(%1, 20, 1) = '.' AND "
                                   "length(%1) > 20 AND NOT substr(%1, 21) GLOB '*[^0-9]*'))")
                        .arg(c, shape);
        } else {
            shape.chop(1); // the trailing '*'
            if (candidate.zoneFraction > 0)
                shape += QLatin1Char('.') + QStringLiteral("[0-9]").repeated(candidate.zoneFraction);
            exact = QStringLiteral("typeof(%1) = 'text' AND length(%1) = %2 AND %1 GLOB '%3Z'")
                        .arg(c)
                        .arg(candidate.zoneFraction > 0 ? 21 + candidate.zoneFraction : 20)
                        .arg(shape);
        }
    }
    return QStringLiteral("SELECT 1 FROM %1 WHERE %2 AND NOT (%3) LIMIT 1").arg(table, where, exact);
}

QString SqliteInstant::surveySql(const QString &c, const QString &table, const QString &where)
{
    // Text has the shape of SQLite's own or ISO 8601: date, ' ' or 'T', time with seconds, an optional fraction,
    // then nothing, 'Z' or an offset below 20 hours. The kind is computed once per row (LIMIT -1 keeps the
    // subquery from being flattened into the aggregates).
    const QString z = zone(c);
    const QString text = QStringLiteral("typeof(%1) = 'text' AND %1 GLOB '%2' AND (substr(%1, 20, 1) <> '.' OR "
                                        "length(substr(%1, 21)) > length(%3))")
                             .arg(c, QLatin1String(kTextShape), z);
    const QString textKind = QStringLiteral("CASE WHEN %2 = '' THEN %3 + (substr(%1, 11, 1) = 'T') WHEN %2 = 'Z' THEN %4 + "
                                            "(substr(%1, 11, 1) = 'T') WHEN %2 GLOB '[+-][01][0-9]:[0-5][0-9]' THEN %5 "
                                            "ELSE %6 END")
                                 .arg(c, z)
                                 .arg(int(Spaced))
                                 .arg(int(SpacedZ))
                                 .arg(int(Offset))
                                 .arg(int(Bad));
    const QString kind = QStringLiteral("CASE WHEN typeof(%1) = 'integer' THEN (CASE WHEN %2 THEN %3 ELSE %4 END) WHEN %5 "
                                        "THEN (%6) ELSE %7 END")
                             .arg(c, QString::fromLatin1(kSecondsRange).arg(c))
                             .arg(int(Seconds))
                             .arg(int(Milliseconds))
                             .arg(text, textKind)
                             .arg(int(Bad));
    return QStringLiteral("SELECT k, count(*), min(CAST(v AS TEXT)), min(length(v)), max(length(v)) FROM (SELECT %1 AS k, "
                          "%2 AS v FROM %3 WHERE %4 LIMIT -1) GROUP BY k")
        .arg(kind, c, table, where);
}

std::optional<SqliteInstant::Layout> SqliteInstant::layout(QSqlQuery &survey, QString *problem)
{
    struct Found
    {
        QString example;
        int minLength;
        int maxLength;
    };
    QMap<int, Found> kinds;
    while (survey.next())
        kinds.insert(survey.value(0).toInt(), {survey.value(2).toString().left(40), survey.value(3).toInt(), survey.value(4).toInt()});
    if (kinds.contains(Bad)) {
        const QString example = kinds[Bad].example;
        *problem = QStringLiteral("holds \"%1\", which is not an instant Ferry can order").arg(example);
        bool number = false;
        example.toLongLong(&number);
        if (number) // SQLite stores integers as text in a column declared TEXT
            *problem += QStringLiteral(" (epoch numbers stored as text: declare the column INTEGER)");
        return std::nullopt;
    }
    auto family = [](int kind) { return kind >= Spaced ? Form::Text : kind == Seconds ? Form::EpochSeconds : Form::EpochMilliseconds; };
    auto name = [](Form form) {
        return form == Form::Text ? QStringLiteral("text") : form == Form::EpochSeconds ? QStringLiteral("epoch seconds")
                                                                                        : QStringLiteral("epoch milliseconds");
    };
    Layout layout;
    if (kinds.isEmpty())
        return layout;
    const int first = kinds.firstKey();
    layout.form = family(first);
    for (auto it = kinds.begin(); it != kinds.end(); ++it) {
        if (family(it.key()) != layout.form) {
            *problem = QStringLiteral("mixes forms that do not order together: \"%1\" (%2) and \"%3\" (%4)")
                           .arg(kinds[first].example, name(layout.form), it->example, name(family(it.key())));
            return std::nullopt;
        }
    }
    if (layout.form != Form::Text)
        return layout;
    const Found &only = kinds.first();
    const bool oneKind = kinds.size() == 1;
    layout.separator = first == WithT || first == WithTZ ? 'T' : ' ';
    layout.textOrdered = oneKind && (first == Spaced || first == WithT ||
                                     ((first == SpacedZ || first == WithTZ) && only.minLength == only.maxLength));
    if (layout.textOrdered && (first == SpacedZ || first == WithTZ))
        layout.zoneFraction = qMax(0, only.minLength - 21); // "YYYY-MM-DD HH:MM:SS" "." digits "Z"
    return layout;
}

QVariantList SqliteInstant::bounds(const Layout &layout, const TimeWindow &window)
{
    const qint64 start = epochMicros(window.start), end = epochMicros(window.end);
    QVariantList values;
    switch (layout.form) {
    case Form::EpochSeconds:
        values << ceilDiv(start, 1000000) << ceilDiv(end, 1000000) << 1;
        break;
    case Form::EpochMilliseconds:
        values << ceilDiv(start, 1000) << ceilDiv(end, 1000) << 1;
        break;
    case Form::Unknown:
    case Form::Text:
        if (layout.textOrdered) {
            values << orderedText(layout, window.start) << orderedText(layout, window.end) << 1;
        } else {
            // Local dates within a day of the instant, whatever the offset: a value of day D sorts at or after "D".
            values << dayText(window.start, -1) << dayText(window.end, 2) << 0;
        }
        break;
    }
    return values << start << end - 1;
}

} // namespace ferry
