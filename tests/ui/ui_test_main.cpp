// GoogleTest main for widget tests: a QApplication on the offscreen platform (unless the caller chose one, e.g.
// xcb under xvfb-run to look at the screens) and test-mode standard paths so nothing touches real user data.
#include <gtest/gtest.h>

#include <QApplication>
#include <QLoggingCategory>
#include <QStandardPaths>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ferry-ui-tests"));
    QLoggingCategory::setFilterRules(QStringLiteral("ferry.*.info=false"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
