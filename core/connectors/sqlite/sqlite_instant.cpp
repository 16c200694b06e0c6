#include "connectors/sqlite/sqlite_instant.h"

#include "engine/canonical_value.h"

namespace ferry {

namespace {

// Epoch seconds are below 10^11 (the year 5138); larger integers are milliseconds (CanonicalValue reads them so).
const char *const kSecondsRange = "%1 > -100000000000 AND %1 < 100000000000";
const char *const kTextShape = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*";

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

QString dayText(const QByteArray &canonical, int days)
{
    return CanonicalValue::toDateTime(canonical).date().addDays(days).toString(Qt::ISODate);
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

QString SqliteInstant::surveySql(const QString &c, const QString &table, const QString &where)
{
    // A text value has the shape of SQLite's own or ISO 8601: date, ' ' or 'T', time with seconds, an optional
    // fraction, then nothing, 'Z' or an offset below 20 hours. The form is computed once per row (LIMIT -1 keeps
    // the subquery from being flattened into each aggregate).
    const QString z = zone(c);
    const QString text =
        QStringLiteral("typeof(%1) = 'text' AND %1 GLOB '%2' AND (substr(%1, 20, 1) <> '.' OR length(substr(%1, 21)) > "
                       "length(%3)) AND (%3 IN ('', 'Z') OR %3 GLOB '[+-][01][0-9]:[0-5][0-9]')")
            .arg(c, QLatin1String(kTextShape), z);
    const QString kind = QStringLiteral("CASE WHEN typeof(%1) = 'integer' THEN (CASE WHEN %2 THEN 1 ELSE 2 END) WHEN %3 "
                                        "THEN 3 ELSE 0 END")
                             .arg(c, QString::fromLatin1(kSecondsRange).arg(c), text);
    QStringList columns;
    for (int k = 0; k <= 3; ++k)
        columns << QStringLiteral("sum(k = %1), min(CASE WHEN k = %1 THEN CAST(v AS TEXT) END)").arg(k);
    return QStringLiteral("SELECT %1 FROM (SELECT %2 AS k, %3 AS v FROM %4 WHERE %5 LIMIT -1)")
        .arg(columns.join(QStringLiteral(", ")), kind, c, table, where);
}

std::optional<SqliteInstant::Form> SqliteInstant::form(const QSqlQuery &survey, QString *problem)
{
    auto count = [&](int k) { return survey.value(2 * k).toLongLong(); };
    auto example = [&](int k) { return survey.value(2 * k + 1).toString().left(40); };
    if (count(0) > 0) {
        *problem = QStringLiteral("holds \"%1\", which is not an instant Ferry can order").arg(example(0));
        return std::nullopt;
    }
    const QStringList names{QString(), QStringLiteral("epoch seconds"), QStringLiteral("epoch milliseconds"),
                            QStringLiteral("text")};
    QList<int> present;
    for (int k = 1; k <= 3; ++k) {
        if (count(k) > 0)
            present << k;
    }
    if (present.size() > 1) {
        *problem = QStringLiteral("mixes forms that do not order together: \"%1\" (%2) and \"%3\" (%4)")
                       .arg(example(present[0]), names[present[0]], example(present[1]), names[present[1]]);
        return std::nullopt;
    }
    if (present.isEmpty())
        return Form::Unknown;
    return present.first() == 1 ? Form::EpochSeconds : present.first() == 2 ? Form::EpochMilliseconds : Form::Text;
}

QVariantList SqliteInstant::bounds(Form form, const TimeWindow &window)
{
    const qint64 start = epochMicros(window.start), end = epochMicros(window.end);
    QVariantList values;
    switch (form) {
    case Form::EpochSeconds:
        values << ceilDiv(start, 1000000) << ceilDiv(end, 1000000);
        break;
    case Form::EpochMilliseconds:
        values << ceilDiv(start, 1000) << ceilDiv(end, 1000);
        break;
    case Form::Unknown:
    case Form::Text:
        // Local dates within a day of the instant, whatever the offset: a value of day D sorts at or after "D".
        values << dayText(window.start, -1) << dayText(window.end, 2);
        break;
    }
    return values << start << end - 1;
}

} // namespace ferry
