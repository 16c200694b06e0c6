#pragma once

// What tests of writes to the workspace share: a state database next to a valid workspace folder, a snapshot that
// shows whether anything was written, and a checkpoint as a transfer leaves it.
#include "state/state_test_fixture.h"
#include "support/workspace_files.h"

#include "config/object_kind.h"
#include "state/state_database.h"

#include <QDateTime>
#include <QSqlQuery>

namespace ferry::test {

// Every stored configuration row (timestamps and versions included), the checkpoints, and how many transfers and
// recorded changes there are: equal snapshots mean nothing was written.
inline QString stateSnapshot(const QSqlDatabase &db)
{
    QString text;
    QSqlQuery query(db);
    for (ObjectKind kind : kAllObjectKinds) {
        EXPECT_TRUE(query.exec(QStringLiteral("SELECT id, name, definition, updated_at, version FROM %1 ORDER BY id")
                                   .arg(folderName(kind))));
        while (query.next()) {
            for (int i = 0; i < 5; ++i)
                text += query.value(i).toString() + QLatin1Char('|');
            text += QLatin1Char('\n');
        }
    }
    EXPECT_TRUE(query.exec(QStringLiteral("SELECT destination_id, model_name, cursor_value FROM checkpoints "
                                          "ORDER BY destination_id, model_name")));
    while (query.next())
        text += QStringLiteral("checkpoint %1 %2 %3\n")
                    .arg(query.value(0).toString(), query.value(1).toString(), query.value(2).toString());
    for (const char *table : {"transfers", "object_changes"}) {
        EXPECT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))));
        EXPECT_TRUE(query.next());
        text += QStringLiteral("%1=%2\n").arg(QLatin1String(table), query.value(0).toString());
    }
    return text;
}

// As a transfer of `model` to the destination leaves it.
inline bool seedCheckpoint(const QSqlDatabase &db, const QString &destinationId, const QString &model)
{
    QSqlQuery seed(db);
    seed.prepare(QStringLiteral("INSERT INTO checkpoints (destination_id, model_name, cursor_value, updated_at) "
                                "VALUES (?, ?, ?, ?)"));
    seed.addBindValue(destinationId);
    seed.addBindValue(model);
    seed.addBindValue(QStringLiteral("2026-01-01T00:00:00.123456Z"));
    seed.addBindValue(StateDatabase::toDatabaseTime(db, QDateTime::currentDateTimeUtc()));
    return seed.exec();
}

// An OpenedStateTest with a valid workspace folder (WorkspaceFiles::writeValidWorkspace) in m_folder, not applied.
class WorkspaceFolderStateTest : public OpenedStateTest
{
protected:
    void SetUp() override
    {
        OpenedStateTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        ASSERT_TRUE(m_folder.isValid());
        WorkspaceFiles::writeValidWorkspace(m_folder.path());
    }

    QTemporaryDir m_folder;
};

} // namespace ferry::test
