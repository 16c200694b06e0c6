#pragma once

#include <QLoggingCategory>

// The UI module's category: `QT_LOGGING_RULES="ferry.ui.debug=true"` shows what the desktop app does.
Q_DECLARE_LOGGING_CATEGORY(lcUi)
