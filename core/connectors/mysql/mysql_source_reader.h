#pragma once

#include "connectors/source_reader.h"

namespace ferry {

// Qt's MySQL driver buffers a whole result in memory, so this reader pages by key instead: ORDER BY (last-modified,
// primary key) LIMIT n, each page starting after the last row of the previous one. Memory stays at one page, whose
// row limit follows the rows' width so that a page holds about kPageBytes however wide the rows are.
class MySqlSourceReader : public SourceReader
{
public:
    MySqlSourceReader(std::unique_ptr<DatabaseConnection> connection, SourceQuerySpec spec);

    Status read(const TimeWindow &window, const BatchSink &sink) override;
    QString statement() const override;
    Result<qint64> estimateRows(const TimeWindow &window) override;
    QStringList cursorLint() override;

    // A canonical timestamp as DATETIME(6) text: no T, no Z.
    static QString datetimeText(const QByteArray &canonical);

protected:
    // The tenant compared byte for byte: the column's collation would also match "T1" and "t1 " for "t1". The
    // first comparison lets an index on the column serve; the binary one decides.
    QString tenantPredicate(const QString &placeholder) const override;

private:
    static constexpr qint64 kPageBytes = 2 * 1024 * 1024;
    static constexpr int kFirstPageRows = 64;
    QString pageSql(bool first, int limit) const;
    QVariantList baseBinds(const TimeWindow &window) const;
};

} // namespace ferry
