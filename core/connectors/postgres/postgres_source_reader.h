#pragma once

#include "connectors/source_reader.h"

namespace ferry {

// Reads with `COPY (SELECT ...) TO STDOUT`, the fastest way out of PostgreSQL. COPY takes no parameters, so the
// tenant and window bounds are bound into session settings with set_config($1) and the query reads them back with
// current_setting(): values are never pasted into SQL.
class PostgresSourceReader : public SourceReader
{
public:
    PostgresSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec);

    Status read(const TimeWindow &window, const BatchSink &sink) override;
    QString statement() const override;
    Result<qint64> estimateRows(const TimeWindow &window) override;
    QStringList cursorLint() override;

private:
    Status bindWindow(const TimeWindow &window);
    QString copySql() const;
    // Decides per window whether an index scan pays off; a large share of the table reads faster sequentially.
    Status choosePlan();
    bool m_planChosen = false; // once per reader: the share of the tenant does not change between windows
};

} // namespace ferry
