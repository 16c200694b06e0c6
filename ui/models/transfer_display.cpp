#include "models/transfer_display.h"

#include <QHash>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ferry::ui {

QString TransferDisplay::statusText(const QString &status)
{
    static const QHash<QString, QString> texts = {
        {QStringLiteral("PENDING"), QStringLiteral("Pending")},
        {QStringLiteral("RUNNING"), QStringLiteral("Running")},
        {QStringLiteral("SUCCESS"), QStringLiteral("Success")},
        {QStringLiteral("PARTIAL_FAILURE"), QStringLiteral("Partial failure")},
        {QStringLiteral("ERROR"), QStringLiteral("Error")},
        {QStringLiteral("CANCELLED"), QStringLiteral("Cancelled")},
        {QStringLiteral("KILLED"), QStringLiteral("Killed")},
        {QStringLiteral("EXPIRED"), QStringLiteral("Expired")},
        {QStringLiteral("ORPHANED"), QStringLiteral("Orphaned")},
    };
    return texts.value(status, status);
}

const QStringList &TransferDisplay::failureStatuses()
{
    static const QStringList statuses = {QStringLiteral("ERROR"), QStringLiteral("PARTIAL_FAILURE"),
                                         QStringLiteral("KILLED"), QStringLiteral("ORPHANED"),
                                         QStringLiteral("EXPIRED")};
    return statuses;
}

bool TransferDisplay::isFailure(const QString &status)
{
    return failureStatuses().contains(status);
}

QColor TransferDisplay::statusColor(const QString &status)
{
    if (status == QLatin1String("SUCCESS"))
        return QColor(0x1b, 0x7f, 0x3b);
    if (status == QLatin1String("RUNNING"))
        return QColor(0x15, 0x65, 0xc0);
    if (status == QLatin1String("PARTIAL_FAILURE") || status == QLatin1String("ORPHANED") ||
        status == QLatin1String("EXPIRED"))
        return QColor(0xb3, 0x52, 0x00);
    if (status == QLatin1String("ERROR") || status == QLatin1String("KILLED"))
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x75, 0x75, 0x75); // PENDING, CANCELLED
}

QIcon TransferDisplay::statusIcon(const QString &status)
{
    static QHash<QString, QIcon> cache;
    const auto cached = cache.constFind(status);
    if (cached != cache.cend())
        return *cached;
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor color = statusColor(status);
        const qreal margin = size / 8.0;
        const QRectF circle(margin, margin, size - 2 * margin, size - 2 * margin);
        if (status == QLatin1String("PENDING") || status == QLatin1String("CANCELLED")) {
            painter.setPen(QPen(color, size / 8.0));
            painter.drawEllipse(circle.adjusted(size / 16.0, size / 16.0, -size / 16.0, -size / 16.0));
        } else {
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawEllipse(circle);
            painter.setPen(QPen(Qt::white, size / 9.0, Qt::SolidLine, Qt::RoundCap));
            const qreal a = size * 0.34, b = size * 0.66;
            if (isFailure(status)) { // a cross
                painter.drawLine(QPointF(a, a), QPointF(b, b));
                painter.drawLine(QPointF(a, b), QPointF(b, a));
            } else if (status == QLatin1String("SUCCESS")) { // a tick
                QPainterPath tick;
                tick.moveTo(size * 0.30, size * 0.52);
                tick.lineTo(size * 0.45, size * 0.66);
                tick.lineTo(size * 0.71, size * 0.36);
                painter.setBrush(Qt::NoBrush);
                painter.drawPath(tick);
            } else if (status == QLatin1String("RUNNING")) { // a play triangle
                QPainterPath play;
                play.moveTo(size * 0.40, size * 0.32);
                play.lineTo(size * 0.70, size * 0.50);
                play.lineTo(size * 0.40, size * 0.68);
                play.closeSubpath();
                painter.setPen(Qt::NoPen);
                painter.setBrush(Qt::white);
                painter.drawPath(play);
            }
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(status, icon);
    return icon;
}

QString TransferDisplay::time(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString TransferDisplay::relativeTime(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return {};
    const qint64 seconds = time.secsTo(now);
    const qint64 magnitude = qAbs(seconds);
    QString amount;
    if (magnitude < 45)
        return QStringLiteral("just now");
    if (magnitude < 3600)
        amount = QStringLiteral("%1 min").arg(qMax<qint64>(1, (magnitude + 30) / 60));
    else if (magnitude < 48 * 3600)
        amount = QStringLiteral("%1 h").arg((magnitude + 1800) / 3600);
    else
        amount = QStringLiteral("%1 days").arg((magnitude + 43200) / 86400);
    return seconds >= 0 ? amount + QStringLiteral(" ago") : QStringLiteral("in ") + amount;
}

QString TransferDisplay::duration(std::optional<qint64> ms)
{
    if (!ms)
        return {};
    const qint64 value = qMax<qint64>(0, *ms);
    if (value < 1000)
        return QStringLiteral("%1 ms").arg(value);
    if (value < 60000)
        return QStringLiteral("%1 s").arg(QLocale().toString(value / 1000.0, 'f', 1));
    const qint64 seconds = value / 1000;
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (seconds < 86400)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 d %2 h").arg(seconds / 86400).arg((seconds % 86400) / 3600);
}

QString TransferDisplay::count(qint64 value)
{
    return QLocale().toString(value);
}

QString TransferDisplay::bytes(qint64 value)
{
    return QLocale().formattedDataSize(value, 1, QLocale::DataSizeSIFormat);
}

QString TransferDisplay::rate(qint64 rows, qint64 ms)
{
    if (ms <= 0 || rows <= 0)
        return {};
    return QStringLiteral("%1 rows/s").arg(QLocale().toString(qRound64(rows * 1000.0 / ms)));
}

QString TransferDisplay::levelText(const QString &level)
{
    if (level.isEmpty())
        return level;
    return level.left(1).toUpper() + level.mid(1);
}

QColor TransferDisplay::levelColor(const QString &level)
{
    if (level == QLatin1String("error"))
        return QColor(0xc6, 0x28, 0x28);
    if (level == QLatin1String("warning"))
        return QColor(0xb3, 0x52, 0x00);
    if (level == QLatin1String("debug"))
        return QColor(0x75, 0x75, 0x75);
    return {};
}

QString TransferDisplay::lastTransferText(const TransferSummary &last)
{
    const QDateTime when = last.endedAt.isValid() ? last.endedAt : (last.startedAt.isValid() ? last.startedAt : last.submittedAt);
    QString text = QStringLiteral("Last transfer: %1, %2 (%3)").arg(statusText(last.status), relativeTime(when), time(when));
    if (isFailure(last.status) && !last.errorTitle.isEmpty())
        text += QStringLiteral(" — %1 (%2)").arg(last.errorTitle, last.errorCode);
    return text;
}

} // namespace ferry::ui
