#pragma once

#include <QColor>
#include <QString>

namespace ferry::ui {

// The colours editors use for problems and outcomes, shared so every form reads the same: dark enough on a light
// window for small text, paired with a tinted background for banners.
struct EditorStyle
{
    static QColor errorColor();
    static QColor warningColor();
    static QColor successColor();

    static QString problemTextStyle(bool error);
    static QString problemFieldStyle(bool error);
    // A banner: "error", "warning", "success" or "info".
    static QString bannerStyle(const QString &tone);
};

} // namespace ferry::ui
