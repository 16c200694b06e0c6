#pragma once

#include <QLoggingCategory>

// One category per core module, named like its folder, so `QT_LOGGING_RULES="ferry.core.state.debug=true"` works.
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcValidate)
Q_DECLARE_LOGGING_CATEGORY(lcState)
Q_DECLARE_LOGGING_CATEGORY(lcWorkspace)
Q_DECLARE_LOGGING_CATEGORY(lcDemo)
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
Q_DECLARE_LOGGING_CATEGORY(lcConnectors)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
