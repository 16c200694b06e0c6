#pragma once

#include "connectors/source_reader.h"
#include "connectors/sqlite/sqlite_instant.h"

namespace ferry {

// SQLite steps through a forward-only query lazily, so one query streams a window in bounded batches. Windows
// select by instant whatever form the cursor column stores (see SqliteInstant); a column of values Ferry cannot
// order is refused before anything is read.
class SqliteSourceReader : public SourceReader
{
public:
    SqliteSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec);

    Status read(const TimeWindow &window, const BatchSink &sink) override;
    QString statement() const override;
    Result<qint64> estimateRows(const TimeWindow &window) override;
    QStringList cursorLint() override;

private:
    // The tenant, then the window's bounds in the cursor column's form (surveyed on first use).
    Result<QVariantList> binds(const TimeWindow &window);
    // The table and every column the statements name exist (once per reader, with the survey).
    Status checkNames();
    Result<SqliteInstant::Layout> surveyCursor();
    std::optional<SqliteInstant::Layout> m_layout;
};

} // namespace ferry
