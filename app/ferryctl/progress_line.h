#pragma once

#include "state/transfer_record.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QMutex>
#include <QString>

#include <cstdio>

namespace ferryctl {

// `ferryctl run`'s live progress on a terminal: one stderr line, rewritten in place (\r) at most once a second and
// only when it changed: per running transfer its models, windows done/planned, rows read and rate. Fed from the
// worker threads (WorkerPool::transferProgress), drawn from the main thread. Off when stderr is not a terminal, so
// logs and scripts never see it.
class ProgressLine
{
public:
    explicit ProgressLine(std::FILE *stream);

    bool enabled() const { return m_enabled; }
    // From any thread.
    void update(const QString &transferId, const ferry::ModelMetrics &metrics);
    void finished(const QString &transferId);
    // From the main thread: redraws when something changed and a second passed since the last line.
    void draw();
    // Clears the line so other output starts on a clean one; the next draw() writes it again.
    void clear();

private:
    QString text();

    std::FILE *m_stream;
    bool m_enabled;
    QMutex m_mutex;
    QMap<QString, QMap<QString, ferry::ModelMetrics>> m_transfers; // transfer id -> model -> latest metrics
    QHash<QString, qint64> m_lastRows; // transfer id -> rows at the previous draw, for the rate
    QElapsedTimer m_sinceDraw;
    bool m_changed = false;
    bool m_shown = false;
};

} // namespace ferryctl
