// ferryctl transfer watch: follows one transfer in the state database until it ends, whichever process runs it.
#include "ferryctl_transfer_fixture.h"

#include <QElapsedTimer>
#include <QProcess>

namespace ferry::test {
namespace {

using namespace Qt::StringLiterals;

using FerryctlWatch = FerryctlTransferTest;

TEST_F(FerryctlWatch, FinishedTransfersPrintTheirEndAndExitByIt)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    const QString id = createTransfer({u"--destination"_s, u"acme db"_s});
    ASSERT_FALSE(id.isEmpty());
    runOnce();

    const CommandRun succeeded = ferryctl({u"transfer"_s, u"watch"_s, id});
    EXPECT_EQ(succeeded.exitCode, 0) << succeeded.text();
    EXPECT_TRUE(succeeded.out.contains(u"  events: SUCCESS, windows 1/1, 122 row(s) read"_s)) << succeeded.text();
    EXPECT_TRUE(succeeded.out.endsWith(u"transfer %1 ended SUCCESS: 122 row(s)\n"_s.arg(id))) << succeeded.text();

    const QString cancelled = createTransfer({u"--destination"_s, u"acme db"_s});
    ASSERT_EQ(ferryctl({u"transfer"_s, u"cancel"_s, cancelled}).exitCode, 0);
    const CommandRun failed = ferryctl({u"transfer"_s, u"watch"_s, cancelled});
    EXPECT_EQ(failed.exitCode, 1) << failed.text();
    EXPECT_TRUE(failed.out.contains(u"ended CANCELLED"_s)) << failed.text();

    const CommandRun unknown = ferryctl({u"transfer"_s, u"watch"_s, u"00000000-0000-0000-0000-000000000000"_s});
    EXPECT_EQ(unknown.exitCode, 2) << unknown.text();
    EXPECT_TRUE(unknown.err.contains(u"No such transfer"_s)) << unknown.text();
    EXPECT_EQ(ferryctl({u"transfer"_s, u"watch"_s}).exitCode, 2);
    EXPECT_EQ(ferryctl({u"transfer"_s, u"watch"_s, id, u"--interval"_s, u"5"_s}).exitCode, 2);
}

TEST_F(FerryctlWatch, FollowsAPendingTransferThatAnotherProcessRunsToSuccess)
{
    FERRY_REQUIRE_POSTGRES();
    ASSERT_NO_FATAL_FAILURE(createSource());
    ASSERT_NO_FATAL_FAILURE(fillSource());
    ASSERT_NO_FATAL_FAILURE(applyWorkspace({modelJson(u"events"_s)}, {sqliteDestination(u"acme db"_s)}));
    const QString id = createTransfer({u"--destination"_s, u"acme db"_s});
    ASSERT_FALSE(id.isEmpty());

    QProcess watch;
    watch.start(QStringLiteral(FERRYCTL_PATH), withState({u"transfer"_s, u"watch"_s, id}));
    ASSERT_TRUE(watch.waitForStarted());
    QString out;
    QElapsedTimer waited;
    waited.start();
    while (!out.contains(u"PENDING"_s) && waited.elapsed() < 30000 && watch.state() == QProcess::Running) {
        watch.waitForReadyRead(200);
        out += QString::fromUtf8(watch.readAllStandardOutput());
    }
    ASSERT_TRUE(out.startsWith(u"transfer %1 to acme db: PENDING\n"_s.arg(id))) << out.toStdString();

    runOnce(); // another process runs it
    if (!watch.waitForFinished(30000)) {
        watch.kill();
        watch.waitForFinished();
        FAIL() << "transfer watch did not return after the transfer ended\n" << out.toStdString();
    }
    out += QString::fromUtf8(watch.readAllStandardOutput());
    EXPECT_EQ(watch.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(watch.exitCode(), 0) << out.toStdString() << QString::fromUtf8(watch.readAllStandardError()).toStdString();
    EXPECT_TRUE(out.contains(u"  events: SUCCESS, windows 1/1, 122 row(s) read\n"_s)) << out.toStdString();
    EXPECT_TRUE(out.endsWith(u"transfer %1 ended SUCCESS: 122 row(s)\n"_s.arg(id))) << out.toStdString();
}

} // namespace
} // namespace ferry::test
