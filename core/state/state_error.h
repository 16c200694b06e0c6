#pragma once

#include "errors/error.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ferry {

// A failed state-database statement as an Error: "what we were doing: the driver's message".
inline Error stateQueryError(const QSqlQuery &query, const QString &what)
{
    return Error{QStringLiteral("FERRY-STATE-QUERY"), QStringLiteral("State database error"),
                 what + QStringLiteral(": ") + query.lastError().text(), {}, Blame::Ferry};
}

} // namespace ferry
