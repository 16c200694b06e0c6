#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

// The candidate closest to a misspelt word, when it is close enough to be a plausible typo.
std::optional<QString> closestMatch(const QString &word, const QStringList &candidates);

// " (did you mean "x"?)" or an empty string: ready to append to a message.
QString didYouMeanSuffix(const QString &word, const QStringList &candidates);

} // namespace ferry
