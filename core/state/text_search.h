#pragma once

#include <QString>

namespace ferry {

// A case-insensitive substring search as SQL: a LIKE pattern on lower(column), exact, and a query of an FTS5
// trigram index (SQLite, detail=none) whose matches include every row the LIKE matches (they are candidates the
// LIKE rechecks).
namespace TextSearch {

// `text` anywhere, lower-cased (compared with lower(column)); '!' escapes the wildcards: use ESCAPE '!'.
QString likePattern(const QString &text);
// Whether a trigram index finds `text`: 3 characters or more (a shorter text holds no trigram).
bool trigramIndexable(const QString &text);
// `column` holds likePattern(text) (one bind): on SQLite a LIKE, case-insensitive for ASCII as lower() folds only
// ASCII there (the same matches, without a lower-cased copy of each value); on PostgreSQL lower(column) LIKE, which
// a pg_trgm index on lower(column) serves.
QString likeCondition(const QString &column, bool sqlite);
// An FTS5 query of the trigram tokenizer: trigrams of the lower-cased `text` that cover it (every third one and the
// last), all of them. Every row holding the text holds them: a superset the LIKE rechecks (detail=none indexes keep
// no positions anyway), read from a third of the doclists that all trigrams would need. Lower-cased as
// likePattern() is, so that the index folds the same characters on both sides.
QString trigramQuery(const QString &text);
// The rowids `candidates` as an SQL list, "(1,2,3)"; "(NULL)" when empty (matches nothing).
QString rowidList(const QList<qint64> &candidates);

} // namespace TextSearch
} // namespace ferry
