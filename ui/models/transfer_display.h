#pragma once

#include "state/transfer_summary.h"

#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QString>
#include <QStringList>

#include <optional>

namespace ferry::ui {

// How every page shows a transfer's status, times, durations, sizes and rates, so the Transfers, Logs and
// Recipients pages say the same thing the same way.
struct TransferDisplay
{
    // "Success", "Partial failure", "Running"...
    static QString statusText(const QString &status);
    // A colour that reads on a light or dark background: green success, red failure, blue running, grey queued.
    static QColor statusColor(const QString &status);
    // A filled dot in the status colour (a cross for failures, a ring for queued), so colour is not the only cue.
    static QIcon statusIcon(const QString &status);
    static bool isFailure(const QString &status);
    // "Last transfer: Error, 5 minutes ago (2026-11-29 15:01:02) — Cannot connect (FERRY-DST-CONNECT)": a
    // destination's health in one line, the error only for failures.
    static QString lastTransferText(const TransferSummary &last);
    // The statuses isFailure() is true for: error, partial failure, killed, orphaned, expired.
    static const QStringList &failureStatuses();

    // Local time "2026-11-29 14:03:07"; empty for an invalid time.
    static QString time(const QDateTime &time);
    // "just now", "4 min ago", "3 h ago", "2 days ago" (and "in 5 min" for a future time).
    static QString relativeTime(const QDateTime &time, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // "850 ms", "12.3 s", "4 min 05 s", "2 h 13 min", "3 d 4 h".
    static QString duration(std::optional<qint64> ms);
    // "1,234,567".
    static QString count(qint64 value);
    // "4.2 MB" (decimal units, as in `transfer show`).
    static QString bytes(qint64 value);
    // "12,400 rows/s"; empty without a positive duration.
    static QString rate(qint64 rows, qint64 ms);
    static QString levelText(const QString &level);
    static QColor levelColor(const QString &level);
};

} // namespace ferry::ui
