#pragma once

#include "connectors/source_reader.h"

namespace ferry {

// Reads with `COPY (SELECT ...) TO STDOUT`, the fastest way out of PostgreSQL. COPY takes no parameters, so the
// tenant and window bounds are set with set_config(<literal escaped by libpq>, true) in the COPY's own transaction
// and the query reads them back with current_setting(): nothing outlives the read, so a transaction-pooling proxy
// in front of the source cannot hand one client's tenant to another's COPY.
class PostgresSourceReader : public SourceReader
{
public:
    PostgresSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec);

    Status read(const TimeWindow &window, const BatchSink &sink) override;
    QString statement() const override;
    Result<qint64> estimateRows(const TimeWindow &window) override;
    QStringList cursorLint() override;

private:
    // BEGIN, the session settings and the bound values of one window's read, as one round trip.
    QByteArray beginSql(const TimeWindow &window) const;
    QString copySql() const;
    // Decides per window whether an index scan pays off; a large share of the table reads faster sequentially.
    Status choosePlan();
    bool m_planChosen = false; // once per reader: the share of the tenant does not change between windows
    bool m_sequentialScan = false;
};

} // namespace ferry
