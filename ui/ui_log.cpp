#include "ui_log.h"

Q_LOGGING_CATEGORY(lcUi, "ferry.ui", QtInfoMsg)
