#pragma once

#include "config/data_types.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QVariant>

#include <optional>

namespace ferry {

// Ferry's one text form per logical type, shared by every reader and writer so no pair of vendors needs its own
// conversion: string/json/decimal as UTF-8 text, bytes raw, boolean `true`/`false`, integers and floats in
// decimal (floats with 17 significant digits), date `YYYY-MM-DD`, timestamp `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC,
// microseconds: fixed width, so text order is time order, and it is what checkpoints store).
class CanonicalValue
{
public:
    // Parses the timestamp spellings databases print: `T` or space, 0 to 9 fraction digits (rounded down to
    // microseconds), `Z`, `+HH`, `+HH:MM`, `+HHMM` or no zone (taken as UTC), a bare date, or integer epoch
    // seconds. nullopt when the text is none of these.
    static std::optional<QByteArray> timestamp(QByteArrayView text);
    static QByteArray timestamp(const QDateTime &time);
    static QByteArray timestampFromEpoch(qint64 seconds);
    // The instant a canonical timestamp names (millisecond precision, for arithmetic on window bounds).
    static QDateTime toDateTime(QByteArrayView canonical);
    // Canonical timestamp `seconds` earlier or later (keeps the microseconds).
    static QByteArray addSeconds(QByteArrayView canonical, qint64 seconds);
    // Seconds since the epoch, rounded down.
    static qint64 toEpoch(QByteArrayView canonical);

    // A value as a Qt SQL driver returns it. nullopt for NULL; an error message in `error` when it cannot be read
    // as `type` (a timestamp that is not one, say).
    static std::optional<QByteArray> fromVariant(const QVariant &value, LogicalType type, QString *error);
    // A timestamptz in PostgreSQL's binary COPY form: microseconds since 2000-01-01 00:00:00 UTC. nullopt for
    // infinity and for years outside 1-9999, which the text form does not read either.
    static std::optional<QByteArray> fromPostgresBinaryTimestamp(qint64 microsSince2000);
    // A value as PostgreSQL prints it in text form (`t`, `\x0a0b`, `2024-01-01 10:00:00+00`).
    static std::optional<QByteArray> fromPostgresText(QByteArrayView text, LogicalType type, QString *error);

    // Appends the value in PostgreSQL COPY text format (escaped; bytea as `\\x` hex).
    static void appendCopyText(QByteArray &out, const QByteArray &canonical, LogicalType type);
};

} // namespace ferry
