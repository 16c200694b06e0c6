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
// An FTS5 query of the trigram tokenizer: each trigram of the lower-cased `text`, all of them (detail=none indexes
// keep no positions: the LIKE checks their order). Lower-cased as likePattern() is, so that the index folds the
// same characters on both sides.
QString trigramQuery(const QString &text);

} // namespace TextSearch
} // namespace ferry
