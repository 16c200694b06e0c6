#pragma once

// ferryctl as a user runs it: a real process, its output and exit codes, against a throwaway SQLite state
// database next to a valid workspace folder.
#include "command_run.h"
#include "support/workspace_files.h"

#include <gtest/gtest.h>

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

namespace ferry::test {

class Ferryctl : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_state = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("state.db"));
        m_workspace = m_dir.filePath(QStringLiteral("workspace"));
        WorkspaceFiles::writeValidWorkspace(m_workspace);
    }

    // `input` goes to its standard input; `environment` replaces this process's.
    CommandRun ferryctl(QStringList arguments, bool withState = true, const QByteArray &input = {},
                        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        if (withState)
            arguments.prepend(QStringLiteral("--state=") + m_state);
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(FERRYCTL_PATH), arguments);
        process.write(input);
        process.closeWriteChannel();
        // A command that hangs (a number taken as "no limit", a FIFO opened) fails the test instead of the run.
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            ADD_FAILURE() << "ferryctl " << arguments.join(u' ').toStdString() << " did not return";
        }
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    QTemporaryDir m_dir;
    QString m_state;
    QString m_workspace;
};

} // namespace ferry::test
