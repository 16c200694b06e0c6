// Issue 13, "a folder read strictly": what ferryctl cannot read is an error naming the path, never an absence;
// export and demo write all or nothing and never replace a workspace without --force.
#include "ferryctl_fixture.h"
#include "support/qt_printers.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>

#include <sys/stat.h>
#include <unistd.h>

namespace ferry::test {
namespace {

class FerryctlFolders : public Ferryctl
{
protected:
    // Every configuration row and checkpoint of the state database: equal snapshots mean nothing was written.
    QString stateRows()
    {
        QString text;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("rows"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("state.db")));
            EXPECT_TRUE(db.open());
            QSqlQuery query(db);
            for (const char *table : {"sources", "models", "products", "recipients", "destinations"}) {
                EXPECT_TRUE(query.exec(QStringLiteral("SELECT id, name, definition, updated_at FROM %1 ORDER BY id")
                                           .arg(QLatin1String(table))));
                while (query.next())
                    text += QStringList{query.value(0).toString(), query.value(1).toString(),
                                        query.value(2).toString(), query.value(3).toString()}
                                .join(QLatin1Char('|'))
                            + QLatin1Char('\n');
            }
            EXPECT_TRUE(query.exec(QStringLiteral("SELECT destination_id, model_name, cursor_value FROM checkpoints")));
            while (query.next())
                text += query.value(1).toString() + QLatin1Char('@') + query.value(2).toString() + QLatin1Char('\n');
        }
        QSqlDatabase::removeDatabase(QStringLiteral("rows"));
        return text;
    }

    // The workspace applied, and events already transferred to "acme db": a removal would lose its checkpoint.
    void applyWithCheckpoint()
    {
        const CommandRun applied = ferryctl({QStringLiteral("apply"), m_workspace});
        ASSERT_EQ(applied.exitCode, 0) << applied.err.toStdString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("seed"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("state.db")));
            ASSERT_TRUE(db.open());
            QSqlQuery seed(db);
            ASSERT_TRUE(seed.exec(QStringLiteral(
                "INSERT INTO checkpoints (destination_id, model_name, cursor_value, updated_at) "
                "SELECT id, 'events', '2026-01-01T00:00:00Z', '2026-01-02 00:00:00' FROM destinations "
                "WHERE name = 'acme db'")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("seed"));
    }

    // validate and apply both refuse the folder with exit 2 and a line naming `label`; the state is untouched.
    void expectRefused(const QString &label)
    {
        const QString before = stateRows();
        ASSERT_TRUE(before.contains(QStringLiteral("events@2026-01-01T00:00:00Z"))) << before.toStdString();
        const CommandRun validated = ferryctl({QStringLiteral("validate"), m_workspace});
        EXPECT_EQ(validated.exitCode, 2) << validated.out.toStdString();
        EXPECT_TRUE(hasLineFor(validated.out, label)) << validated.out.toStdString();
        const CommandRun applied = ferryctl({QStringLiteral("apply"), m_workspace});
        EXPECT_EQ(applied.exitCode, 2) << applied.out.toStdString();
        EXPECT_TRUE(hasLineFor(applied.err, label)) << applied.err.toStdString();
        EXPECT_TRUE(applied.err.contains(QStringLiteral("nothing was applied"))) << applied.err.toStdString();
        EXPECT_FALSE(applied.out.contains(QStringLiteral("removed"))) << applied.out.toStdString();
        EXPECT_EQ(stateRows(), before);
    }

    static bool hasLineFor(const QString &output, const QString &label)
    {
        const QStringList lines = output.split(QLatin1Char('\n'));
        return std::any_of(lines.begin(), lines.end(),
                           [&](const QString &line) { return line.startsWith(label + QStringLiteral(": ")); });
    }

    QString path(const QString &relative) const { return QDir(m_workspace).filePath(relative); }

    static QByteArray digestOf(const QString &file)
    {
        QFile f(file);
        EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << file.toStdString();
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
};

TEST_F(FerryctlFolders, KindFolderThatIsAFileIsAnError)
{
    applyWithCheckpoint();
    ASSERT_TRUE(QDir(path(QStringLiteral("destinations"))).removeRecursively());
    WorkspaceFiles::writeText(m_workspace, QStringLiteral("destinations"), "not a folder");
    expectRefused(QStringLiteral("destinations"));
}

TEST_F(FerryctlFolders, KindFolderThatIsADanglingSymlinkIsAnError)
{
    applyWithCheckpoint();
    ASSERT_TRUE(QDir(path(QStringLiteral("destinations"))).removeRecursively());
    ASSERT_TRUE(QFile::link(m_dir.filePath(QStringLiteral("gone")), path(QStringLiteral("destinations"))));
    expectRefused(QStringLiteral("destinations"));
}

TEST_F(FerryctlFolders, DanglingSymlinkInPlaceOfAFileIsAnError)
{
    applyWithCheckpoint();
    ASSERT_TRUE(QFile::remove(path(QStringLiteral("destinations/acme db.json"))));
    ASSERT_TRUE(QFile::link(m_dir.filePath(QStringLiteral("gone.json")), path(QStringLiteral("destinations/acme db.json"))));
    expectRefused(QStringLiteral("destinations/acme db.json"));
}

TEST_F(FerryctlFolders, SymlinkLoopInPlaceOfAFileIsAnError)
{
    applyWithCheckpoint();
    ASSERT_TRUE(QFile::remove(path(QStringLiteral("models/events.json"))));
    ASSERT_TRUE(QFile::link(path(QStringLiteral("models/loop.json")), path(QStringLiteral("models/events.json"))));
    ASSERT_TRUE(QFile::link(path(QStringLiteral("models/events.json")), path(QStringLiteral("models/loop.json"))));
    expectRefused(QStringLiteral("models/events.json"));
}

TEST_F(FerryctlFolders, FolderOrFifoInPlaceOfAFileIsAnError)
{
    applyWithCheckpoint();
    ASSERT_TRUE(QFile::remove(path(QStringLiteral("destinations/acme db.json"))));
    ASSERT_TRUE(QDir().mkpath(path(QStringLiteral("destinations/acme db.json"))));
    expectRefused(QStringLiteral("destinations/acme db.json"));

    // Reading a FIFO would wait for a writer forever: it is refused without being opened.
    ASSERT_TRUE(QDir(path(QStringLiteral("destinations/acme db.json"))).removeRecursively());
    ASSERT_EQ(::mkfifo(QFile::encodeName(path(QStringLiteral("destinations/acme db.json"))).constData(), 0600), 0);
    expectRefused(QStringLiteral("destinations/acme db.json"));
}

TEST_F(FerryctlFolders, KindFolderWithoutReadPermissionIsAnError)
{
    if (::geteuid() == 0)
        GTEST_SKIP() << "root reads a folder whatever its permissions";
    applyWithCheckpoint();
    ASSERT_TRUE(QFile::setPermissions(path(QStringLiteral("destinations")), QFileDevice::Permissions()));
    expectRefused(QStringLiteral("destinations"));
    QFile::setPermissions(path(QStringLiteral("destinations")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

// Entries a failed or refused export could leave next to its target.
QStringList exportLeftovers(const QString &parent)
{
    QStringList names = QDir(parent).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.removeIf([](const QString &name) {
        return name == QLatin1String("workspace") || name == QLatin1String("out") || name.startsWith(QLatin1String("state.db"))
            || name.endsWith(QLatin1String(".db"));
    });
    return names;
}

TEST_F(FerryctlFolders, ExportShortensANameTooLongForAFileAndRoundTrips)
{
    // 120 characters (names have at most 128) but 360 bytes in UTF-8: over NAME_MAX's 255 bytes.
    const QString longName = QStringLiteral("\u65e5").repeated(120);
    WorkspaceFiles::write(m_workspace, QStringLiteral("recipients/long.json"),
                          WorkspaceFiles::recipient(longName, QStringLiteral("t_long")));
    // ".hidden.json" would be a hidden file, which the reader skips: apply would then remove the recipient.
    WorkspaceFiles::write(m_workspace, QStringLiteral("recipients/hidden.json"),
                          WorkspaceFiles::recipient(QStringLiteral(".hidden"), QStringLiteral("t_hidden")));
    const CommandRun applied = ferryctl({QStringLiteral("apply"), m_workspace});
    ASSERT_EQ(applied.exitCode, 0) << applied.err.toStdString() << applied.out.toStdString();

    const QString exported = m_dir.filePath(QStringLiteral("out"));
    const CommandRun run = ferryctl({QStringLiteral("export"), exported});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_EQ(run.out, QStringLiteral("Exported 10 object(s) to %1\n").arg(exported));
    QStringList files;
    QDirIterator it(exported, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        EXPECT_LE(QFile::encodeName(QFileInfo(file).fileName()).size(), 255) << file.toStdString();
        files << QDir(exported).relativeFilePath(file);
    }
    EXPECT_EQ(files.size(), 10) << files.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(files.contains(QStringLiteral("recipients/acme.json"))); // short names are kept as they are
    const QStringList shortened = files.filter(QRegularExpression(QStringLiteral("^recipients/(\u65e5+|_hidden)~[0-9a-f]{16}\\.json$")));
    EXPECT_EQ(shortened.size(), 2) << files.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(exportLeftovers(m_dir.path()).isEmpty()) << exportLeftovers(m_dir.path()).join(QLatin1Char(' ')).toStdString();

    const CommandRun validated = ferryctl({QStringLiteral("validate"), exported});
    EXPECT_EQ(validated.exitCode, 0) << validated.out.toStdString();
    EXPECT_TRUE(validated.out.contains(QStringLiteral("is valid (10 object(s) checked, 0 warning(s))"))) << validated.out.toStdString();
    const CommandRun reapplied = ferryctl({QStringLiteral("apply"), exported});
    EXPECT_EQ(reapplied.exitCode, 0) << reapplied.err.toStdString();
    EXPECT_TRUE(reapplied.out.startsWith(QStringLiteral("No changes"))) << reapplied.out.toStdString();
}

TEST_F(FerryctlFolders, ExportThatCannotFinishWritesNothing)
{
    ASSERT_EQ(ferryctl({QStringLiteral("apply"), m_workspace}).exitCode, 0);
    // models/ is taken by a file: the export must stop before writing sources/, not after.
    const QString target = m_dir.filePath(QStringLiteral("out"));
    WorkspaceFiles::writeText(target, QStringLiteral("models"), "mine");
    const CommandRun run = ferryctl({QStringLiteral("export"), target});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_EQ(run.err.count(QLatin1Char('\n')), 1) << run.err.toStdString();
    EXPECT_TRUE(run.err.contains(QDir(target).filePath(QStringLiteral("models")))) << run.err.toStdString();
    EXPECT_EQ(QDir(target).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{QStringLiteral("models")});
    QFile mine(QDir(target).filePath(QStringLiteral("models")));
    ASSERT_TRUE(mine.open(QIODevice::ReadOnly));
    EXPECT_EQ(mine.readAll(), QByteArray("mine"));
    EXPECT_TRUE(exportLeftovers(m_dir.path()).isEmpty()) << exportLeftovers(m_dir.path()).join(QLatin1Char(' ')).toStdString();
}

TEST_F(FerryctlFolders, ExportReplacesAWorkspaceOnlyWithForce)
{
    ASSERT_EQ(ferryctl({QStringLiteral("apply"), m_workspace}).exitCode, 0);
    const QString target = m_dir.filePath(QStringLiteral("out"));
    ASSERT_EQ(ferryctl({QStringLiteral("export"), target}).exitCode, 0);
    WorkspaceFiles::writeText(target, QStringLiteral("models/events.json"), "edited");
    WorkspaceFiles::writeText(target, QStringLiteral("models/stale.json"), "{}");
    WorkspaceFiles::writeText(target, QStringLiteral("models/notes.txt"), "kept");

    const CommandRun refused = ferryctl({QStringLiteral("export"), target});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("--force"))) << refused.err.toStdString();
    EXPECT_EQ(digestOf(QDir(target).filePath(QStringLiteral("models/events.json"))),
              QCryptographicHash::hash("edited", QCryptographicHash::Sha256));
    EXPECT_TRUE(exportLeftovers(m_dir.path()).isEmpty()) << exportLeftovers(m_dir.path()).join(QLatin1Char(' ')).toStdString();

    const CommandRun forced = ferryctl({QStringLiteral("export"), QStringLiteral("--force"), target});
    ASSERT_EQ(forced.exitCode, 0) << forced.err.toStdString();
    EXPECT_NE(digestOf(QDir(target).filePath(QStringLiteral("models/events.json"))),
              QCryptographicHash::hash("edited", QCryptographicHash::Sha256));
    EXPECT_FALSE(QFile::exists(QDir(target).filePath(QStringLiteral("models/stale.json"))));
    EXPECT_TRUE(QFile::exists(QDir(target).filePath(QStringLiteral("models/notes.txt")))); // not a workspace file
    EXPECT_TRUE(exportLeftovers(m_dir.path()).isEmpty()) << exportLeftovers(m_dir.path()).join(QLatin1Char(' ')).toStdString();
    const CommandRun reapplied = ferryctl({QStringLiteral("apply"), target});
    EXPECT_TRUE(reapplied.out.startsWith(QStringLiteral("No changes"))) << reapplied.out.toStdString();
}

TEST_F(FerryctlFolders, DemoReplacesAnEarlierDemoOnlyWithForce)
{
    const QString demo = m_dir.filePath(QStringLiteral("demo"));
    ASSERT_TRUE(QDir().mkpath(demo)); // an empty folder is fine
    ASSERT_EQ(ferryctl({QStringLiteral("demo"), demo}, false).exitCode, 0);
    const QString events = QDir(demo).filePath(QStringLiteral("workspace/models/events.json"));
    WorkspaceFiles::writeText(demo, QStringLiteral("workspace/models/events.json"), "{\"model_name\": \"mine\"}");
    const QByteArray source = digestOf(QDir(demo).filePath(QStringLiteral("source.db")));

    const CommandRun refused = ferryctl({QStringLiteral("demo"), demo}, false);
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_EQ(refused.err.count(QLatin1Char('\n')), 1) << refused.err.toStdString();
    EXPECT_TRUE(refused.err.contains(QDir(demo).absolutePath())) << refused.err.toStdString();
    EXPECT_TRUE(refused.err.contains(QStringLiteral("--force"))) << refused.err.toStdString();
    EXPECT_EQ(digestOf(events), QCryptographicHash::hash("{\"model_name\": \"mine\"}", QCryptographicHash::Sha256));
    EXPECT_EQ(digestOf(QDir(demo).filePath(QStringLiteral("source.db"))), source);

    const CommandRun forced = ferryctl({QStringLiteral("demo"), QStringLiteral("--force"), demo}, false);
    EXPECT_EQ(forced.exitCode, 0) << forced.err.toStdString();
    EXPECT_NE(digestOf(events), QCryptographicHash::hash("{\"model_name\": \"mine\"}", QCryptographicHash::Sha256));
    EXPECT_TRUE(ferryctl({QStringLiteral("demo"), QStringLiteral("--help")}, false).out.contains(QStringLiteral("--force")));
}

} // namespace
} // namespace ferry::test
