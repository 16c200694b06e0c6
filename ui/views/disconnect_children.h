#pragma once

#include <QObject>

namespace ferry::ui {

// For a widget's destructor: QWidget's own destructor still hides and deletes the children, and their signals
// (a header resized, a selection cleared) would reach lambdas and slots of the part already destroyed. Call it
// first in the destructor of a widget that connects its children's signals to itself.
inline void disconnectChildren(QObject *receiver)
{
    const QList<QObject *> children = receiver->findChildren<QObject *>();
    for (QObject *child : children)
        child->disconnect(receiver);
}

} // namespace ferry::ui
