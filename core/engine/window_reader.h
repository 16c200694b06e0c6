#pragma once

#include "config/source.h"
#include "connectors/source_reader.h"
#include "engine/batch_queue.h"
#include "engine/running_queries.h"

namespace ferry {

// The reader side of a model transfer, run on its own thread with its own source connection: each window's batches
// followed by its end marker (the cursor lint's warnings just before the last one), into the bounded queue. A
// failure (connect or read) is the last item it pushes; a closed queue (the writer gave up) stops it at once.
class WindowReader
{
public:
    // `queries` (optional): where the source connection registers so a kill can interrupt its statement.
    static void run(BatchQueue &queue, const Source &source, const SourceQuerySpec &spec, const QList<TimeWindow> &windows,
                    RunningQueries *queries = nullptr, const QString &transferId = {});
};

} // namespace ferry
