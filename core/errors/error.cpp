#include "errors/error.h"

namespace ferry {

QString blameName(Blame blame)
{
    switch (blame) {
    case Blame::Config:
        return QStringLiteral("config");
    case Blame::Source:
        return QStringLiteral("source");
    case Blame::Destination:
        return QStringLiteral("destination");
    case Blame::Ferry:
        break;
    }
    return QStringLiteral("ferry");
}

QString Error::toString() const
{
    QString text = title.isEmpty() ? code : title;
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    if (!hint.isEmpty())
        text += QStringLiteral(" (") + hint + QLatin1Char(')');
    return text;
}

} // namespace ferry
