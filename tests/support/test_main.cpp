// Shared GoogleTest main for core and app tests: a QCoreApplication (Qt SQL and timers need one), test-mode
// standard paths so nothing touches the user's real data folder, and readable QString failures.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QStandardPaths>

int main(int argc, char **argv)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ferry-tests"));
    QLoggingCategory::setFilterRules(QStringLiteral("ferry.*.info=false"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
