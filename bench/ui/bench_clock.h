#pragma once

#include <QElapsedTimer>

// Milliseconds since the UI bench started (benchClock().start() in main), shared by its pieces.
inline QElapsedTimer &benchClock()
{
    static QElapsedTimer clock;
    return clock;
}

inline double now()
{
    return double(benchClock().nsecsElapsed()) / 1e6;
}
