#pragma once

#include <QByteArray>
#include <QList>

#include <vector>

namespace ferry {

// A bounded batch of rows on their way from a source to a destination. Every value is kept in Ferry's canonical
// text form (see CanonicalValue), row-major, with NULLs flagged apart so an empty string stays an empty string.
class RowBatch
{
public:
    explicit RowBatch(int columnCount = 0) : m_columns(columnCount) {}

    int columnCount() const { return m_columns; }
    qsizetype rowCount() const { return m_columns == 0 ? 0 : m_cells.size() / m_columns; }
    bool isEmpty() const { return m_cells.isEmpty(); }
    qint64 byteCount() const { return m_bytes; }

    void reserveRows(qsizetype rows)
    {
        m_cells.reserve(rows * m_columns);
        m_nulls.reserve(std::size_t(rows * m_columns));
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
    void clear()
    {
        m_cells.clear();
        m_nulls.clear();
        m_bytes = 0;
    }

    bool isNull(qsizetype row, int column) const { return m_nulls[std::size_t(row * m_columns + column)] != 0; }
    const QByteArray &value(qsizetype row, int column) const { return m_cells.at(row * m_columns + column); }

private:
    int m_columns;
    QList<QByteArray> m_cells;
    std::vector<char> m_nulls;
    qint64 m_bytes = 0;
};

} // namespace ferry
