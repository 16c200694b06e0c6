#pragma once

#include "connectors/source_reader.h"

namespace ferry {

// Reads with `COPY (SELECT ...) TO STDOUT`, the fastest way out of PostgreSQL. COPY takes no parameters, so the
// tenant and window bounds are literals escaped by libpq (PQescapeLiteral), and the session settings the output
// depends on are SET LOCAL in the COPY's own transaction: nothing outlives the read, so a transaction-pooling proxy
// in front of the source cannot hand one client's tenant or settings to another's COPY.
class PostgresSourceReader : public SourceReader
{
public:
    PostgresSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec);

    Status read(const TimeWindow &window, const BatchSink &sink) override;
    QString statement() const override;
    Result<qint64> estimateRows(const TimeWindow &window) override;
    QStringList cursorLint() override;

private:
    // One COPY text line into `batch`: as it came (pass-through, only its last-modified value read) or as canonical
    // values; its organization column, the last field, goes to the audit.
    Status appendTextLine(const char *row, int size, RowBatch &batch) const;
    // BEGIN and the session settings of one window's read, as one round trip.
    QByteArray beginSql() const;
    // The window's COPY, with the tenant and bounds as escaped literals.
    QByteArray copySql(const TimeWindow &window) const;
    // Decides per window whether an index scan pays off; a large share of the table reads faster sequentially.
    Status choosePlan();
    bool m_planChosen = false; // once per reader: the share of the tenant does not change between windows
    bool m_sequentialScan = false;
    // Whether every column's source type sends, in binary COPY, what the destination's column reads (see
    // RowBatch); asked once per reader, for pass-through reads only.
    bool canCopyBinary();
    bool m_formatChosen = false;
    bool m_binary = false;
};

} // namespace ferry
