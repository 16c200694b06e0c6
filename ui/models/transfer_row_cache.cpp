#include "models/transfer_row_cache.h"

#include <algorithm>

namespace ferry::ui {

int TransferRowCache::rowOf(const QString &id) const
{
    const auto found = m_sequence.constFind(id);
    return found == m_sequence.cend() ? -1 : int(*found - m_firstSequence);
}

std::optional<TransferPageKey> TransferRowCache::lastKey() const
{
    if (m_rows.isEmpty())
        return std::nullopt;
    return keyOf(m_rows.constLast());
}

std::optional<TransferPageKey> TransferRowCache::firstKey() const
{
    if (m_rows.isEmpty())
        return std::nullopt;
    return keyOf(m_rows.constFirst());
}

bool TransferRowCache::isNewer(const TransferPageKey &a, const TransferPageKey &b)
{
    if (a.submittedAt != b.submittedAt)
        return a.submittedAt > b.submittedAt;
    return a.id > b.id;
}

int TransferRowCache::appendPage(const QList<TransferSummary> &page)
{
    int added = 0;
    for (const TransferSummary &summary : page) {
        if (m_sequence.contains(summary.id))
            continue;
        m_sequence.insert(summary.id, m_firstSequence + m_rows.size());
        m_rows.append(summary);
        ++added;
    }
    return added;
}

int TransferRowCache::prependNewer(const QList<TransferSummary> &newestFirst)
{
    const std::optional<TransferPageKey> first = firstKey();
    QList<TransferSummary> fresh;
    for (const TransferSummary &summary : newestFirst) {
        if (m_sequence.contains(summary.id) || (first && !isNewer(keyOf(summary), *first)))
            continue;
        fresh.append(summary);
    }
    std::sort(fresh.begin(), fresh.end(),
              [](const TransferSummary &a, const TransferSummary &b) { return isNewer(keyOf(a), keyOf(b)); });
    for (auto it = fresh.crbegin(); it != fresh.crend(); ++it) {
        --m_firstSequence;
        m_sequence.insert(it->id, m_firstSequence);
        m_rows.prepend(*it);
    }
    return int(fresh.size());
}

int TransferRowCache::update(const TransferSummary &summary)
{
    const int row = rowOf(summary.id);
    if (row >= 0)
        m_rows[row] = summary;
    return row;
}

void TransferRowCache::clear()
{
    m_rows.clear();
    m_sequence.clear();
    m_firstSequence = 0;
}

} // namespace ferry::ui
