#pragma once

#include "connectors/source_reader.h"

namespace ferry {

// Qt's MySQL driver buffers a whole result in memory, so this reader pages by key instead: ORDER BY (last-modified,
// primary key) LIMIT n, each page starting after the last row of the previous one. Memory stays at one page.
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

private:
    QString pageSql(bool first) const;
    QVariantList baseBinds(const TimeWindow &window) const;
};

} // namespace ferry
