#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

// One customer: its tenant value in the company's tables and the products it receives.
struct Recipient
{
    QString id;
    QString name;
    QString idInProviderSystem;
    QStringList products;
    std::optional<qint64> defaultFullRefreshMinStartTimeEpoch;

    QString file; // workspace-relative file it was read from, for messages; not part of the object
};

} // namespace ferry
