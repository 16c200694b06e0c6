#pragma once

#include "state/transfer_summary.h"

#include <QHash>
#include <QList>

#include <optional>

namespace ferry::ui {

// The rows of the transfer history loaded so far, newest first, in the order the state database's keyset pages
// return them: pages append at the end, newer transfers are prepended, changed ones replaced in place. Lookups by
// id stay O(1) however rows are prepended: each id maps to a sequence number, and the first row's number moves.
class TransferRowCache
{
public:
    int size() const { return int(m_rows.size()); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    const TransferSummary &at(int row) const { return m_rows.at(row); }
    // The row of transfer `id`, or -1.
    int rowOf(const QString &id) const;
    // Where the next page starts (the last row's key), nullopt when empty.
    std::optional<TransferPageKey> lastKey() const;
    std::optional<TransferPageKey> firstKey() const;

    // Appends a page (older rows); rows already present are skipped. Returns how many were added.
    int appendPage(const QList<TransferSummary> &page);
    // Prepends the rows newer than the first row (the newest first, as a page lists them), skipping known ones.
    // Returns how many were added at the top.
    int prependNewer(const QList<TransferSummary> &newestFirst);
    // Replaces the row of `summary.id`; returns its row, or -1 when it is not loaded.
    int update(const TransferSummary &summary);
    void clear();

    // True when `a` sorts before `b` in the history (newer first: larger submitted_at, then larger id).
    static bool isNewer(const TransferPageKey &a, const TransferPageKey &b);
    static TransferPageKey keyOf(const TransferSummary &summary) { return {summary.submittedAt, summary.id}; }

private:
    QList<TransferSummary> m_rows;
    QHash<QString, qint64> m_sequence; // id -> sequence; row = sequence - m_firstSequence
    qint64 m_firstSequence = 0;
};

} // namespace ferry::ui
