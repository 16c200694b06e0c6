#include "log/log_categories.h"

Q_LOGGING_CATEGORY(lcConfig, "ferry.core.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcValidate, "ferry.core.validate", QtInfoMsg)
Q_LOGGING_CATEGORY(lcState, "ferry.core.state", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWorkspace, "ferry.core.workspace", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDemo, "ferry.core.demo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "ferry.core.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConnectors, "ferry.core.connectors", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "ferry.core.secrets", QtInfoMsg)
