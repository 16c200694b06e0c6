// Issue 13, strict arguments: every time and number ferryctl takes is parsed strictly; anything else exits 2 with one
// line naming the option, and writes nothing. Runs ferryctl as a process against an SQLite state database.
#include "ferryctl_fixture.h"
#include "support/qt_printers.h"
#include "support/workspace_files.h"

#include "state/checkpoint_store.h"
#include "state/state_database.h"
#include "state/state_location.h"
#include "state/workspace_store.h"

#include <gtest/gtest.h>

#include <QSqlError>
#include <QSqlQuery>

namespace ferry::test {
namespace {

const QString kCheckpoint = QStringLiteral("2026-03-01T12:00:00.000000Z");

class FerryctlArguments : public Ferryctl
{
protected:
    void SetUp() override
    {
        Ferryctl::SetUp();
        const CommandRun apply = ferryctl({QStringLiteral("apply"), m_workspace});
        ASSERT_EQ(apply.exitCode, 0) << apply.text();
        ASSERT_NO_FATAL_FAILURE(seedCheckpoint());
    }

    std::shared_ptr<StateDatabase> openState()
    {
        const Result<StateLocation> location = StateLocation::parse(m_state);
        EXPECT_TRUE(location.ok());
        Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*location);
        EXPECT_TRUE(state.ok()) << state.error().toString().toStdString();
        return state ? *state : nullptr;
    }

    QString acmeId()
    {
        const std::shared_ptr<StateDatabase> state = openState();
        const Result<Workspace> workspace = WorkspaceStore(state->connection()).load();
        return workspace && workspace->destination(QStringLiteral("acme db")) ? workspace->destination(QStringLiteral("acme db"))->id
                                                                               : QString();
    }

    // A checkpoint as a finished transfer leaves it, written straight into the state database.
    void seedCheckpoint()
    {
        m_destinationId = acmeId();
        ASSERT_FALSE(m_destinationId.isEmpty());
        const std::shared_ptr<StateDatabase> state = openState();
        QSqlQuery query(state->connection());
        query.prepare(QStringLiteral("INSERT INTO checkpoints (destination_id, model_name, cursor_value, transfer_id, "
                                     "updated_at) VALUES (?, 'events', ?, 'seeded', ?)"));
        query.addBindValue(m_destinationId);
        query.addBindValue(kCheckpoint);
        query.addBindValue(StateDatabase::toDatabaseTime(state->connection(), QDateTime::currentDateTimeUtc()));
        ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
    }

    QString checkpoint()
    {
        const std::shared_ptr<StateDatabase> state = openState();
        const Result<std::optional<Checkpoint>> found =
            CheckpointStore(state->connection()).find(m_destinationId, QStringLiteral("events"));
        return found && *found ? (*found)->cursorValue : QStringLiteral("(none)");
    }

    int transferCount()
    {
        const std::shared_ptr<StateDatabase> state = openState();
        QSqlQuery query(state->connection());
        return query.exec(QStringLiteral("SELECT count(*) FROM transfers")) && query.next() ? query.value(0).toInt() : -1;
    }

    // Exit 2, nothing on stdout, and one line on stderr that names `option` and the value given.
    void expectRefused(const CommandRun &run, const QString &option, const QString &value, const std::string &label)
    {
        EXPECT_EQ(run.exitCode, 2) << label << "\n" << run.text();
        EXPECT_TRUE(run.out.isEmpty()) << label << "\n" << run.text();
        EXPECT_TRUE(run.err.contains(option)) << label << ": does not name " << option.toStdString() << "\n" << run.text();
        EXPECT_TRUE(run.err.contains(value)) << label << ": does not quote the value\n" << run.text();
        EXPECT_EQ(run.err.trimmed().count(u'\n'), 0) << label << ": more than one line\n" << run.text();
    }

    QString m_destinationId;
};

// Times no RFC 3339 reader should take; "+99:99" used to move the checkpoint to 4 days earlier.
const QStringList kInvalidTimes = {
    QStringLiteral("2026-01-01T00:00:00+99:99"), QStringLiteral("2026-01-01T00:00:00+24:00"),
    QStringLiteral("2026-01-01T00:00:00+05:60"), QStringLiteral("2026-01-01T00:00:00-1:00"),
    QStringLiteral("2026-01-01T00:00:00+0530"),  QStringLiteral("2026-01-01T00:00:00+05"),
    QStringLiteral("2026-01-01T24:00:00Z"),      QStringLiteral("2026-01-01T00:60:00Z"),
    QStringLiteral("2026-01-01T00:00:60Z"),      QStringLiteral("2026-02-30T00:00:00Z"),
    QStringLiteral("2026-13-01T00:00:00Z"),      QStringLiteral("2026-01-01T00:00:00"),
    QStringLiteral("2026-01-01T00:00Z"),         QStringLiteral("2026-01-01"),
    QStringLiteral("1767225600"),                QStringLiteral("10000-01-01T00:00:00Z"),
    QStringLiteral("2026-01-01T00:00:00.Z"),     QStringLiteral("2026-01-01T00:00:00.1234567Z"),
    QStringLiteral(" 2026-01-01T00:00:00Z"),     QStringLiteral("2026-01-01T00:00:00Zjunk"),
    QStringLiteral("last tuesday"),
};

TEST_F(FerryctlArguments, AnEmptyPathOrTransferIdIsBadInputNotASilentSuccess)
{
    for (const QStringList &arguments : {QStringList{QStringLiteral("validate"), QString()},
                                         QStringList{QStringLiteral("transfer"), QStringLiteral("show"), QString()},
                                         QStringList{QStringLiteral("transfer"), QStringLiteral("watch"), QString()},
                                         QStringList{QStringLiteral("transfer"), QStringLiteral("cancel"), QString()}}) {
        const CommandRun run = ferryctl(arguments);
        EXPECT_EQ(run.exitCode, 2) << arguments.join(QLatin1Char(' ')).toStdString() << ": " << run.text();
        EXPECT_NE(run.text().find("expected one"), std::string::npos) << run.text();
    }
}

TEST_F(FerryctlArguments, CheckpointRewindRefusesInvalidTimesAndLeavesTheCheckpoint)
{
    const QStringList rewind = {QStringLiteral("checkpoint"), QStringLiteral("rewind"), QStringLiteral("--destination"),
                                QStringLiteral("acme db"),    QStringLiteral("--model"), QStringLiteral("events"),
                                QStringLiteral("--to")};
    for (const QString &time : kInvalidTimes) {
        const CommandRun run = ferryctl(rewind + QStringList{time});
        expectRefused(run, QStringLiteral("--to"), time.trimmed(), time.toStdString());
        ASSERT_EQ(checkpoint(), kCheckpoint) << time.toStdString() << " moved the checkpoint\n" << run.text();
    }
    // A valid offset still works: 05:30 at +05:30 is midnight UTC.
    const CommandRun valid = ferryctl(rewind + QStringList{QStringLiteral("2026-01-01T05:30:00.25+05:30")});
    EXPECT_EQ(valid.exitCode, 0) << valid.text();
    EXPECT_EQ(checkpoint(), QStringLiteral("2026-01-01T00:00:00.250000Z"));
}

TEST_F(FerryctlArguments, TransferWindowTimesAreParsedStrictly)
{
    const QString valid = QStringLiteral("2026-01-01T00:00:00Z");
    for (const QString &command : {QStringLiteral("create"), QStringLiteral("plan")}) {
        for (const QString &time : kInvalidTimes) {
            const std::string label = command.toStdString() + " " + time.toStdString();
            const QStringList base = {QStringLiteral("transfer"), command, QStringLiteral("--destination"), QStringLiteral("acme db")};
            expectRefused(ferryctl(base + QStringList{QStringLiteral("--window-start"), time, QStringLiteral("--window-end"), valid}),
                          QStringLiteral("--window-start"), time.trimmed(), label);
            expectRefused(ferryctl(base + QStringList{QStringLiteral("--window-start"), valid, QStringLiteral("--window-end"), time}),
                          QStringLiteral("--window-end"), time.trimmed(), label);
        }
    }
    EXPECT_EQ(transferCount(), 0) << "a refused transfer was enqueued";
}

TEST_F(FerryctlArguments, ExplicitWindowOfTooManyWindowsIsRefusedAtCreate)
{
    // Minute windows over a day are fine on their own; the explicit 26 years would be 13.7 million of them.
    const QString &workspace = m_workspace;
    Json events = WorkspaceFiles::model(QStringLiteral("events"));
    events["max_transfer_time_window_seconds"] = 60;
    events["min_start_time_epoch"] = QDateTime::currentSecsSinceEpoch() - 86400;
    WorkspaceFiles::write(workspace, QStringLiteral("models/events.json"), events);
    const CommandRun apply = ferryctl({QStringLiteral("apply"), workspace});
    ASSERT_EQ(apply.exitCode, 0) << apply.text();

    for (const QString &command : {QStringLiteral("create"), QStringLiteral("plan")}) {
        const CommandRun run = ferryctl({QStringLiteral("transfer"), command, QStringLiteral("--destination"),
                                         QStringLiteral("acme db"), QStringLiteral("--model"), QStringLiteral("events"),
                                         QStringLiteral("--window-start"), QStringLiteral("2000-01-01T00:00:00Z"),
                                         QStringLiteral("--window-end"), QStringLiteral("2026-01-01T00:00:00Z")});
        EXPECT_EQ(run.exitCode, 2) << run.text();
        EXPECT_TRUE(run.out.isEmpty()) << run.text();
        for (const QString &mention : {QStringLiteral("events"), QStringLiteral("max_transfer_time_window_seconds"),
                                       QStringLiteral("100000")})
            EXPECT_TRUE(run.err.contains(mention)) << mention.toStdString() << "\n" << run.text();
    }
    EXPECT_EQ(transferCount(), 0);
    // A window of 100,000 minutes exactly is still one plan.
    const CommandRun fits = ferryctl({QStringLiteral("transfer"), QStringLiteral("create"), QStringLiteral("--destination"),
                                      QStringLiteral("acme db"), QStringLiteral("--model"), QStringLiteral("events"),
                                      QStringLiteral("--window-start"), QStringLiteral("2025-01-01T00:00:00Z"),
                                      QStringLiteral("--window-end"), QStringLiteral("2025-03-11T10:40:00Z")});
    EXPECT_EQ(fits.exitCode, 0) << fits.text();
    EXPECT_EQ(transferCount(), 1);
}

TEST_F(FerryctlArguments, NumericOptionsAreWholeNumbersInRange)
{
    struct Case
    {
        QStringList command;
        QString option;
    };
    const QList<Case> cases = {
        {{QStringLiteral("logs")}, QStringLiteral("--limit")},
        {{QStringLiteral("transfer"), QStringLiteral("list")}, QStringLiteral("--limit")},
        {{QStringLiteral("run"), QStringLiteral("--once")}, QStringLiteral("--workers")},
        {{QStringLiteral("run"), QStringLiteral("--once")}, QStringLiteral("--heartbeat")},
        {{QStringLiteral("run"), QStringLiteral("--once")}, QStringLiteral("--orphan-after")},
    };
    const QStringList invalid = {QStringLiteral("abc"),  QStringLiteral("-5"),    QStringLiteral("1.5"),
                                 QStringLiteral("12abc"), QStringLiteral(" 5"),   QStringLiteral("+5"),
                                 QStringLiteral("0x10"), QStringLiteral(""),      QStringLiteral("99999999999999999999"),
                                 QStringLiteral("9999999")};
    for (const Case &c : cases) {
        for (const QString &value : invalid) {
            const std::string label = QString(c.command.join(u' ') + u' ' + c.option + u' ' + value).toStdString();
            const CommandRun run = ferryctl(c.command + QStringList{c.option, value});
            expectRefused(run, c.option, value.trimmed(), label);
        }
    }
    // Zero: a limit of none and zero workers are refused; --orphan-after 0 is how an operator orphans at once.
    for (const Case &c : cases) {
        const CommandRun run = ferryctl(c.command + QStringList{c.option, QStringLiteral("0")});
        if (c.option == QLatin1String("--orphan-after"))
            EXPECT_EQ(run.exitCode, 0) << run.text();
        else
            expectRefused(run, c.option, QStringLiteral("0"), c.option.toStdString() + " 0");
    }
    const CommandRun fine = ferryctl({QStringLiteral("logs"), QStringLiteral("--limit"), QStringLiteral("5")});
    EXPECT_EQ(fine.exitCode, 0) << fine.text();
}

} // namespace
} // namespace ferry::test
