#pragma once

#include "rows/row_batch.h"
#include "errors/error.h"

#include <QByteArray>
#include <QStringList>
#include <QMutex>
#include <QWaitCondition>

#include <deque>
#include <optional>

namespace ferry {

// What the reader thread hands the writer: a batch of rows, the end of a window, or the reader's failure.
struct ReaderItem
{
    enum class Kind { Batch, WindowEnd, Failed, Warnings };
    Kind kind = Kind::Batch;
    RowBatch batch;
    int windowIndex = 0;
    std::optional<Error> error;
    bool connectFailed = false;
    QStringList warnings; // Kind::Warnings: the cursor lint, sent once before the first batch
};

// A bounded hand-over between the reader thread and the writer: the reader blocks when `capacity` items wait,
// so memory stays at a few batches however large the table. Closing wakes both sides.
class BatchQueue
{
public:
    explicit BatchQueue(int capacity) : m_capacity(capacity) {}

    // False when the queue was closed (the writer gave up): the reader stops.
    bool push(ReaderItem item);
    // Blocks until an item arrives; nullopt once closed and drained.
    std::optional<ReaderItem> pop();
    // Whether nothing waits right now (the reader is behind the writer).
    bool empty();
    void close();

private:
    QMutex m_mutex;
    QWaitCondition m_notEmpty;
    QWaitCondition m_notFull;
    std::deque<ReaderItem> m_items;
    int m_capacity;
    bool m_closed = false;
};

} // namespace ferry
