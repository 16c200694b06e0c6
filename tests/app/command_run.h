#pragma once

#include <QString>

#include <string>

namespace ferry::test {

// One ferryctl process as a test ran it: its exit code and what it printed.
struct CommandRun
{
    int exitCode = -1;
    QString out;
    QString err;
    QString all() const { return out + err; }
    // For failure messages.
    std::string text() const
    {
        return QStringLiteral("exit %1\n--- stdout:\n%2\n--- stderr:\n%3").arg(exitCode).arg(out, err).toStdString();
    }
};

} // namespace ferry::test
