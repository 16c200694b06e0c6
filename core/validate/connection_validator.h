#pragma once

#include "config/connection_settings.h"
#include "validate/validation_report.h"

#include <QString>
#include <QStringList>

namespace ferry {

// Checks the connection fields of a source or destination against what its vendor needs and accepts.
class ConnectionValidator
{
public:
    // `objectWord` is "source" or "destination", for messages.
    static void validate(const ConnectionSettings &connection, const QString &vendor, const QString &objectWord,
                         const QString &file, ValidationReport &report);
};

} // namespace ferry
