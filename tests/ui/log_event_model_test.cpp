// The Logs page's model on a real SQLite state database: keyset pages newest first with no gap or duplicate,
// filters pushed into SQL, stale pages dropped, follow mode, the JSON-lines export, all under
// QAbstractItemModelTester.
#include "log_events_fixture.h"

#include "loading/log_export.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace ferry::ui {
namespace {

using test::kTransferA;
using test::kTransferB;

class LogEventModelTest : public test::LogEventsFixture
{
};

TEST_F(LogEventModelTest, PagesThroughAllEventsNewestFirstWithoutGapsOrDuplicates)
{
    appendEvents(450);
    LogEventModel model(m_runner.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setQuery({});
    // Placeholders stand in for the first page until it arrives.
    EXPECT_EQ(model.rowCount(), LogEventModel::kPageSize);
    EXPECT_EQ(model.index(0, LogEventModel::Time).data().toString(), QStringLiteral("Loading…"));
    EXPECT_TRUE(model.index(0, 0).data(LogEventModel::PlaceholderRole).toBool());

    QSignalSpy paged(&model, &LogEventModel::pageLoaded);
    ASSERT_TRUE(paged.wait(test::kLoadTimeoutMs));
    EXPECT_EQ(model.loadedCount(), LogEventModel::kPageSize);
    EXPECT_FALSE(model.isAtEnd());
    EXPECT_EQ(model.rowCount(), 2 * LogEventModel::kPageSize); // one more page of placeholders

    ASSERT_TRUE(loadAll(model));
    EXPECT_EQ(model.rowCount(), 450);
    EXPECT_EQ(loadedIds(model), expectedIds([](const LogEvent &) { return true; }));
    EXPECT_FALSE(model.canFetchMore({}));
}

TEST_F(LogEventModelTest, ShowsEachColumnAndTheRawEvent)
{
    appendEvents(8);
    LogEventModel model(m_runner.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setQuery({});
    ASSERT_TRUE(loadAll(model));
    ASSERT_EQ(model.rowCount(), 8);

    const LogEvent expected = sampleEvent(7); // the newest but one: row 1, an error with a needle
    ASSERT_EQ(expected.level, QStringLiteral("error"));
    const auto cell = [&](int column, int role = Qt::DisplayRole) {
        return model.index(1, column).data(role);
    };
    EXPECT_EQ(cell(LogEventModel::Time).toString(),
              expected.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    EXPECT_EQ(cell(LogEventModel::Level).toString(), QStringLiteral("Error"));
    EXPECT_TRUE(cell(LogEventModel::Level, Qt::ForegroundRole).value<QColor>().isValid());
    EXPECT_FALSE(cell(LogEventModel::Level, Qt::DecorationRole).value<QIcon>().isNull());
    EXPECT_EQ(cell(LogEventModel::Phase).toString(), expected.phase);
    EXPECT_EQ(cell(LogEventModel::Transfer).toString(), expected.transferId.left(8));
    EXPECT_TRUE(cell(LogEventModel::Transfer, Qt::ToolTipRole).toString().startsWith(expected.transferId));
    EXPECT_EQ(cell(LogEventModel::Model).toString(), expected.modelName);
    EXPECT_EQ(cell(LogEventModel::Message).toString(), expected.message);
    EXPECT_EQ(cell(LogEventModel::Message, Qt::ToolTipRole).toString(), expected.message);
    const LogEvent raw = cell(LogEventModel::Time, LogEventModel::EventRole).value<LogEvent>();
    EXPECT_EQ(raw.id, 7);
    EXPECT_EQ(raw.fields, expected.fields);
    // An info row has neither colour nor icon.
    EXPECT_TRUE(model.index(3, LogEventModel::Level).data(Qt::DecorationRole).isNull()); // event 5: info
}

TEST_F(LogEventModelTest, FiltersShowExactlyTheMatchingEvents)
{
    appendEvents(450);
    LogEventModel model(m_runner.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    struct Case
    {
        const char *name;
        LogQuery query;
        std::function<bool(const LogEvent &)> matches;
    };
    LogQuery warnings;
    warnings.minimumLevel = QStringLiteral("warning");
    LogQuery publish;
    publish.phase = QStringLiteral("publish");
    LogQuery transferB;
    transferB.transferId = kTransferB;
    LogQuery users;
    users.modelName = QStringLiteral("users");
    LogQuery needle;
    needle.text = QStringLiteral("needle");
    LogQuery combined;
    combined.minimumLevel = QStringLiteral("error");
    combined.transferId = kTransferA;
    combined.text = QStringLiteral("needle");
    const Case cases[] = {
        {"level", warnings, [](const LogEvent &e) { return LogStore::levelRank(e.level) >= 2; }},
        {"phase", publish, [](const LogEvent &e) { return e.phase == QLatin1String("publish"); }},
        {"transfer", transferB, [](const LogEvent &e) { return e.transferId == kTransferB; }},
        {"model", users, [](const LogEvent &e) { return e.modelName == QLatin1String("users"); }},
        {"text", needle, [](const LogEvent &e) { return e.message.contains(QLatin1String("needle")); }},
        {"combined", combined,
         [](const LogEvent &e) {
             return e.level == QLatin1String("error") && e.transferId == kTransferA &&
                    e.message.contains(QLatin1String("needle"));
         }},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.name);
        model.setQuery(c.query);
        ASSERT_TRUE(loadAll(model));
        const QList<qint64> expected = expectedIds(c.matches);
        ASSERT_FALSE(expected.isEmpty());
        EXPECT_EQ(loadedIds(model), expected);
        EXPECT_EQ(model.rowCount(), expected.size());
    }
}

TEST_F(LogEventModelTest, DropsThePageOfASupersededQuery)
{
    appendEvents(450);
    LogEventModel model(m_runner.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    LogQuery a; // everything: its first page would be the 200 newest of any transfer
    LogQuery b;
    b.transferId = kTransferB;
    QSignalSpy paged(&model, &LogEventModel::pageLoaded);
    model.setQuery(a);
    model.setQuery(b);
    ASSERT_TRUE(loadAll(model));
    m_runner->waitForDone();
    QTest::qWait(50); // anything A still had on its way would have been delivered by now
    EXPECT_EQ(loadedIds(model), expectedIds([](const LogEvent &e) { return e.transferId == kTransferB; }));
    EXPECT_EQ(model.query(), b);
}

TEST_F(LogEventModelTest, FollowModeInsertsNewEventsAtTheTop)
{
    appendEvents(450);
    LogEventModel model(m_runner.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setQuery({});
    QSignalSpy paged(&model, &LogEventModel::pageLoaded);
    ASSERT_TRUE(paged.wait(test::kLoadTimeoutMs));
    model.setFollowing(true);
    QTest::qWait(100);

    QSignalSpy inserted(&model, &LogEventModel::newerEventsInserted);
    LogEvent late = sampleEvent(451);
    late.message = QStringLiteral("written after the page opened");
    const LogEvent stored = appendOne(late);
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(inserted.wait(2000)) << "no new event within 2 s";
    EXPECT_LT(clock.elapsed(), 2000);
    EXPECT_EQ(inserted.first().first().toInt(), 1);
    EXPECT_EQ(model.index(0, 0).data(LogEventModel::IdRole).toLongLong(), stored.id);
    EXPECT_EQ(model.index(0, LogEventModel::Message).data().toString(), late.message);
    EXPECT_EQ(model.index(1, 0).data(LogEventModel::IdRole).toLongLong(), 450);

    // Loading the older pages afterwards still shows every event once.
    ASSERT_TRUE(loadAll(model));
    EXPECT_EQ(loadedIds(model), expectedIds([](const LogEvent &) { return true; }));

    // A following model only takes what its filter matches.
    model.setFollowing(false);
    LogQuery errors;
    errors.minimumLevel = QStringLiteral("error");
    model.setQuery(errors);
    ASSERT_TRUE(loadAll(model));
    model.setFollowing(true);
    LogEvent info = sampleEvent(453);  // info
    LogEvent error = sampleEvent(455); // error
    appendOne(info);
    const LogEvent storedError = appendOne(error);
    ASSERT_TRUE(inserted.wait(2000));
    EXPECT_EQ(model.index(0, 0).data(LogEventModel::IdRole).toLongLong(), storedError.id);
    EXPECT_EQ(loadedIds(model),
              expectedIds([](const LogEvent &e) { return e.level == QLatin1String("error"); }));
}

TEST_F(LogEventModelTest, ExportWritesTheFilteredEventsOldestFirstAsJsonLines)
{
    appendEvents(450);
    LogQuery query;
    query.transferId = kTransferA;
    query.minimumLevel = QStringLiteral("info");
    const QString path = m_dir.filePath(QStringLiteral("export.jsonl"));
    const auto written = LogExport::write(m_state->connection(), query, path);
    ASSERT_TRUE(written.ok()) << written.error().toString().toStdString();

    QList<qint64> expected = expectedIds(
        [](const LogEvent &e) { return e.transferId == kTransferA && LogStore::levelRank(e.level) >= 1; });
    std::reverse(expected.begin(), expected.end());
    EXPECT_EQ(*written, expected.size());

    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QList<qint64> ids;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ASSERT_TRUE(line.endsWith('\n'));
        const QJsonDocument json = QJsonDocument::fromJson(line);
        ASSERT_TRUE(json.isObject()) << line.toStdString();
        EXPECT_EQ(json[QLatin1String("transfer_id")].toString(), kTransferA);
        EXPECT_EQ(json[QLatin1String("fields")][QLatin1String("rows")].toInt(),
                  json[QLatin1String("id")].toInteger() * 10);
        ids.append(json[QLatin1String("id")].toInteger());
    }
    EXPECT_EQ(ids, expected);
}

TEST_F(LogEventModelTest, AStateErrorStopsLoadingAndIsReported)
{
    appendEvents(10);
    LogEventModel model(m_runner.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSqlQuery rename(m_state->connection());
    ASSERT_TRUE(rename.exec(QStringLiteral("ALTER TABLE log_events RENAME TO log_events_gone")));
    QSignalSpy failed(&model, &LogEventModel::errorChanged);
    model.setQuery({});
    ASSERT_TRUE(failed.wait(test::kLoadTimeoutMs));
    EXPECT_FALSE(model.errorText().isEmpty());
    EXPECT_EQ(model.rowCount(), 0); // no endless "Loading…"
    EXPECT_FALSE(model.canFetchMore({}));
}

} // namespace
} // namespace ferry::ui
