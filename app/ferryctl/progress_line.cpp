#include "progress_line.h"

#include <QLocale>
#include <QMutexLocker>
#include <QStringList>

#include <unistd.h>

namespace ferryctl {

ProgressLine::ProgressLine(std::FILE *stream) : m_stream(stream), m_enabled(isatty(fileno(stream)) == 1) {}

void ProgressLine::update(const QString &transferId, const ferry::ModelMetrics &metrics)
{
    if (!m_enabled)
        return;
    QMutexLocker lock(&m_mutex);
    m_transfers[transferId].insert(metrics.modelName, metrics);
    m_changed = true;
}

void ProgressLine::finished(const QString &transferId)
{
    if (!m_enabled)
        return;
    QMutexLocker lock(&m_mutex);
    m_transfers.remove(transferId);
    m_lastRows.remove(transferId);
    m_changed = true;
}

QString ProgressLine::text()
{
    const double seconds = m_sinceDraw.isValid() ? qMax<qint64>(1, m_sinceDraw.elapsed()) / 1000.0 : 0;
    QStringList parts;
    const QLocale c = QLocale::c();
    for (auto it = m_transfers.cbegin(); it != m_transfers.cend(); ++it) {
        int done = 0, windows = 0, planned = 0;
        qint64 rows = 0;
        for (const ferry::ModelMetrics &m : it.value()) {
            if (m.status != QLatin1String("RUNNING") && m.status != QLatin1String("PENDING"))
                ++done;
            windows += m.windowsDone;
            planned += m.windowsPlanned;
            rows += m.rowsRead;
        }
        QString part = QStringLiteral("%1: models %2/%3, windows %4/%5, %6 rows")
                           .arg(it.key().left(8))
                           .arg(done)
                           .arg(it.value().size())
                           .arg(windows)
                           .arg(planned)
                           .arg(c.toString(rows));
        if (seconds > 0 && m_lastRows.contains(it.key()))
            part += QStringLiteral(", %1 rows/s").arg(c.toString(qint64((rows - m_lastRows.value(it.key())) / seconds)));
        m_lastRows.insert(it.key(), rows);
        parts << part;
    }
    return parts.join(QLatin1String(" | "));
}

void ProgressLine::draw()
{
    if (!m_enabled)
        return;
    QMutexLocker lock(&m_mutex);
    if (!m_changed || (m_sinceDraw.isValid() && m_sinceDraw.elapsed() < 1000))
        return;
    const QString line = text();
    m_sinceDraw.start();
    m_changed = false;
    // \r back to the start, \033[K clears what a longer previous line left.
    std::fputs("\r\033[K", m_stream);
    std::fputs(line.toLocal8Bit().constData(), m_stream);
    std::fflush(m_stream);
    m_shown = !line.isEmpty();
}

void ProgressLine::clear()
{
    if (!m_enabled)
        return;
    QMutexLocker lock(&m_mutex);
    if (!m_shown)
        return;
    std::fputs("\r\033[K", m_stream);
    std::fflush(m_stream);
    m_shown = false;
    m_changed = true;
}

} // namespace ferryctl
