#pragma once

#include <QByteArray>
#include <QList>

#include <vector>

namespace ferry {

// A bounded batch of rows on their way from a source to a destination. Every value is kept in Ferry's canonical
// text form (see CanonicalValue), row-major, with NULLs flagged apart so an empty string stays an empty string.
//
// Between two PostgreSQL databases a batch may instead carry the source's COPY data as it came, without the
// organization column: binary tuples when every column's source type is the destination column's (the fastest
// for both servers, which then neither print nor parse a value), else text lines (both sessions speak UTC).
// Parsing and re-encoding every value would cost more CPU than the servers spend. Only the last-modified value of
// each row is parsed, for the checkpoint.
class RowBatch
{
public:
    explicit RowBatch(int columnCount = 0) : m_columns(columnCount) {}

    int columnCount() const { return m_columns; }
    qsizetype rowCount() const { return isCopyData() ? m_copyRows : m_columns == 0 ? 0 : m_cells.size() / m_columns; }
    bool isEmpty() const { return rowCount() == 0; }
    qint64 byteCount() const { return m_bytes; }

    void reserveRows(qsizetype rows)
    {
        m_cells.reserve(rows * m_columns);
        m_nulls.reserve(std::size_t(rows * m_columns));
        m_tenantEnds.reserve(std::size_t(rows));
    }
    // Values are appended row by row, `columnCount()` per row.
    void append(QByteArray value)
    {
        m_bytes += value.size();
        m_cells.append(std::move(value));
        m_nulls.push_back(0);
    }
    void appendNull()
    {
        m_cells.append(QByteArray());
        m_nulls.push_back(1);
    }
    void reserveCopyData(qsizetype bytes, qsizetype rows)
    {
        m_copyData.reserve(bytes);
        m_lastModified.reserve(rows * kTimestampSize);
        m_tenantEnds.reserve(std::size_t(rows));
    }
    // COPY text form: one line's fields as the source sent them (without the line end, which is added) and its
    // canonical last-modified value (empty for NULL). The values sit in one buffer of fixed-width slots: no
    // allocation per row.
    void appendCopyLine(const char *fields, qsizetype size, QByteArrayView lastModified)
    {
        m_copyData.append(fields, size);
        m_copyData.append('\n');
        addCopyRow(size + 1, lastModified);
    }
    // COPY binary form: one tuple of `fieldCount` fields, `fields` being their length-prefixed values as the source
    // sent them (the field count in front is written here).
    void appendCopyTuple(qint16 fieldCount, const char *fields, qsizetype size, QByteArrayView lastModified)
    {
        m_copyBinary = true;
        m_copyData.append(char((fieldCount >> 8) & 0xff));
        m_copyData.append(char(fieldCount & 0xff));
        m_copyData.append(fields, size);
        addCopyRow(size + 2, lastModified);
    }
    // The tenant audit: readers also report each row's organization-column value as read (not delivered), so Ferry,
    // not the source's collation, decides whether the row belongs to the recipient (see ModelTransfer).
    void appendTenant(QByteArrayView value)
    {
        m_tenantBytes.append(value);
        m_tenantEnds.push_back(m_tenantBytes.size());
    }
    void appendNullTenant() { m_tenantEnds.push_back(-1 - m_tenantBytes.size()); }
    qsizetype tenantCount() const { return qsizetype(m_tenantEnds.size()); }
    // Rows whose tenant is not byte for byte `tenant` (NULL never is); the first such value in `example`.
    qsizetype countForeignTenants(QByteArrayView tenant, QByteArray *example) const
    {
        qsizetype foreign = 0;
        qsizetype start = 0;
        for (const qsizetype stored : m_tenantEnds) {
            const bool null = stored < 0;
            const qsizetype end = null ? -1 - stored : stored;
            const QByteArrayView value(m_tenantBytes.constData() + start, end - start);
            if (null || value != tenant) {
                if (foreign++ == 0 && example)
                    *example = null ? QByteArray("NULL") : value.toByteArray();
            }
            start = end;
        }
        return foreign;
    }
    void clear()
    {
        m_tenantBytes.clear();
        m_tenantEnds.clear();
        m_cells.clear();
        m_nulls.clear();
        m_copyData.clear();
        m_lastModified.clear();
        m_copyRows = 0;
        m_copyBinary = false;
        m_bytes = 0;
    }

    bool isNull(qsizetype row, int column) const { return m_nulls[std::size_t(row * m_columns + column)] != 0; }
    const QByteArray &value(qsizetype row, int column) const { return m_cells.at(row * m_columns + column); }

    // Whether the batch carries the source's COPY data (see the class comment), and in which format.
    bool isCopyData() const { return m_copyRows > 0; }
    bool isCopyBinary() const { return m_copyBinary && isCopyData(); }
    const QByteArray &copyData() const { return m_copyData; }
    // The largest last-modified value in the batch (canonical text orders as time), or empty.
    QByteArray maxLastModified(int lastModifiedColumn) const
    {
        QByteArray max;
        if (isCopyData()) {
            QByteArrayView largest;
            for (qsizetype at = 0; at < m_lastModified.size(); at += kTimestampSize) {
                const QByteArrayView value(m_lastModified.constData() + at, kTimestampSize);
                if (value[0] != '\0' && value > largest)
                    largest = value;
            }
            return largest.toByteArray();
        }
        for (qsizetype row = 0; row < rowCount(); ++row) {
            if (!isNull(row, lastModifiedColumn))
                max = qMax(max, value(row, lastModifiedColumn));
        }
        return max;
    }

private:
    void addCopyRow(qsizetype bytes, QByteArrayView lastModified)
    {
        m_bytes += bytes;
        ++m_copyRows;
        if (lastModified.size() == kTimestampSize)
            m_lastModified.append(lastModified);
        else
            m_lastModified.append(kTimestampSize, '\0'); // NULL sorts below every timestamp
    }

    int m_columns;
    QList<QByteArray> m_cells;
    std::vector<char> m_nulls;
    static constexpr qsizetype kTimestampSize = 27; // YYYY-MM-DDTHH:MM:SS.ffffffZ
    QByteArray m_copyData;
    bool m_copyBinary = false;
    QByteArray m_lastModified; // kTimestampSize bytes a row
    QByteArray m_tenantBytes;            // the rows' tenants, back to back
    std::vector<qsizetype> m_tenantEnds; // where each ends in m_tenantBytes; -1 - end for NULL
    qsizetype m_copyRows = 0;
    qint64 m_bytes = 0;
};

} // namespace ferry
