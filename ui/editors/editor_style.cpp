#include "editors/editor_style.h"

#include "models/transfer_display.h"

namespace ferry::ui {

QColor EditorStyle::errorColor()
{
    return TransferDisplay::statusColor(QStringLiteral("ERROR"));
}

QColor EditorStyle::warningColor()
{
    return TransferDisplay::statusColor(QStringLiteral("PARTIAL_FAILURE"));
}

QColor EditorStyle::successColor()
{
    return TransferDisplay::statusColor(QStringLiteral("SUCCESS"));
}

QString EditorStyle::problemTextStyle(bool error)
{
    return QStringLiteral("color: %1;").arg((error ? errorColor() : warningColor()).name());
}

QString EditorStyle::problemFieldStyle(bool error)
{
    // Only the frame changes: the field keeps the platform look and stays readable.
    return QStringLiteral("border: 1px solid %1; border-radius: 3px; padding: 1px;")
        .arg((error ? errorColor() : warningColor()).name());
}

QString EditorStyle::bannerStyle(const QString &tone)
{
    QColor color = QColor(0x15, 0x65, 0xc0);
    if (tone == QLatin1String("error"))
        color = errorColor();
    else if (tone == QLatin1String("warning"))
        color = warningColor();
    else if (tone == QLatin1String("success"))
        color = successColor();
    QColor background = color;
    background.setAlpha(28);
    return QStringLiteral("QLabel { color: %1; background: rgba(%2, %3, %4, %5); border: 1px solid %1; "
                          "border-radius: 4px; padding: 6px 8px; }")
        .arg(color.name())
        .arg(background.red())
        .arg(background.green())
        .arg(background.blue())
        .arg(background.alpha());
}

} // namespace ferry::ui
