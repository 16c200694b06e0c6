#pragma once

#include "connectors/source_reader.h"

namespace ferry {

// SQLite steps through a forward-only query lazily, so one query streams a window in bounded batches. The cursor
// column holds ISO-8601 text (compared as canonical text) or epoch numbers (compared as numbers): the first stored
// value decides.
class SqliteSourceReader : public SourceReader
{
public:
    SqliteSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec);

    Status read(const TimeWindow &window, const BatchSink &sink) override;
    QString statement() const override;
    Result<qint64> estimateRows(const TimeWindow &window) override;
    QStringList cursorLint() override;

private:
    QVariantList binds(const TimeWindow &window);
    std::optional<bool> m_epochCursor;
};

} // namespace ferry
