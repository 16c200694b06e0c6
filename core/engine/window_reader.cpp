#include "engine/window_reader.h"

namespace ferry {

void WindowReader::run(BatchQueue &queue, const Source &source, const SourceQuerySpec &spec, const QList<TimeWindow> &windows,
                       RunningQueries *queries, const QString &transferId)
{
    Result<std::unique_ptr<SourceReader>> opened = SourceReader::open(source, spec);
    if (!opened) {
        ReaderItem item;
        item.kind = ReaderItem::Kind::Failed;
        item.error = opened.error();
        item.connectFailed = true;
        queue.push(std::move(item));
        return;
    }
    SourceReader &sourceReader = **opened;
    const RunningQueries::Scope cancellable(queries, transferId, sourceReader.connection().canceller());
    for (int index = 0; index < windows.size(); ++index) {
        bool open = true;
        const Status read = sourceReader.read(windows[index], [&](RowBatch &batch) {
            ReaderItem item;
            item.batch = std::move(batch);
            item.windowIndex = index;
            batch = RowBatch(item.batch.columnCount());
            open = queue.push(std::move(item));
            return open;
        });
        if (!open)
            return;
        // The cursor lint (catalog queries) runs once the rows are read, so it never delays the first row; its
        // warnings still come before the last window ends, while the engine listens.
        if (read && index + 1 == windows.size()) {
            ReaderItem lint;
            lint.kind = ReaderItem::Kind::Warnings;
            lint.warnings = sourceReader.cursorLint();
            if (!lint.warnings.isEmpty() && !queue.push(std::move(lint)))
                return;
        }
        ReaderItem end;
        end.windowIndex = index;
        if (!read) {
            end.kind = ReaderItem::Kind::Failed;
            end.error = read.error();
        } else {
            end.kind = ReaderItem::Kind::WindowEnd;
        }
        if (!queue.push(std::move(end)) || !read)
            return;
    }
}

} // namespace ferry
