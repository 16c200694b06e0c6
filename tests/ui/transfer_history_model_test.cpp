// The lazy transfer history over a real state database: keyset pages in order with no gap or duplicate, filters
// answered by the state database, a stale page dropped, and live updates from writes made elsewhere.
#include "models/transfer_history_model.h"

#include "loading/state_query_runner.h"
#include "transfer_ui_fixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace ferry::ui {
namespace {

// Counts QAbstractItemModelTester's complaints (it only warns outside QTest's own runner).
int g_modelTestFailures = 0;
QtMessageHandler g_previousHandler = nullptr;

void countModelTestFailures(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "qt.modeltest") == 0)
        ++g_modelTestFailures;
    g_previousHandler(type, context, message);
}

class TransferHistoryModelTest : public TransferUiFixture
{
protected:
    void SetUp() override
    {
        TransferUiFixture::SetUp();
        g_modelTestFailures = 0;
        g_previousHandler = qInstallMessageHandler(countModelTestFailures);
        m_runner = std::make_unique<StateQueryRunner>();
        m_runner->setState(m_state);
        m_model = std::make_unique<TransferHistoryModel>(m_runner.get(), QStringLiteral("test"));
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::Warning);
    }
    void TearDown() override
    {
        qInstallMessageHandler(g_previousHandler);
        EXPECT_EQ(g_modelTestFailures, 0) << "QAbstractItemModelTester found the model inconsistent";
        m_tester.reset();
        m_model.reset();
        m_runner.reset();
        TransferUiFixture::TearDown();
    }

    // `count` transfers a minute apart, the newest last; returns their ids, oldest first.
    QStringList seed(int count, const QString &destination, const QMap<QString, QString> &tags = {})
    {
        QStringList ids;
        const Destination *target = m_workspace.destination(destination);
        TransferStore store(m_state->connection());
        for (int i = 0; i < count; ++i) {
            TransferRequest request;
            request.destinationId = target->id;
            request.destinationName = target->name;
            request.recipientName = target->recipient;
            request.tags = tags;
            const Result<QString> id = store.enqueue(request, m_start.addSecs(60 * (m_seeded++)));
            EXPECT_TRUE(id.ok());
            ids << *id;
        }
        return ids;
    }

    void load(const TransferQuery &query)
    {
        QSignalSpy shown(m_model.get(), &TransferHistoryModel::firstPageShown);
        m_model->setQuery(query);
        ASSERT_TRUE(shown.wait(kWaitMs));
    }

    // Scrolls to the end the way a view does: fetchMore whenever the model can fetch more.
    void loadAll()
    {
        while (!m_model->reachedEnd()) {
            if (m_model->canFetchMore({}))
                m_model->fetchMore({});
            ASSERT_TRUE(QTest::qWaitFor([&] { return !m_model->isLoadingPage(); }, kWaitMs));
        }
    }

    QStringList shownIds() const
    {
        QStringList ids;
        for (int row = 0; row < m_model->rowCount(); ++row)
            ids << m_model->index(row, 0).data(TransferHistoryModel::IdRole).toString();
        return ids;
    }

    QDateTime m_start = QDateTime::currentDateTimeUtc().addDays(-20);
    int m_seeded = 0;
    std::unique_ptr<StateQueryRunner> m_runner;
    std::unique_ptr<TransferHistoryModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

TEST_F(TransferHistoryModelTest, PagesComeInKeyOrderWithoutGapsOrDuplicatesAndPlaceholdersUntilTheyArrive)
{
    QStringList ids = seed(450, QStringLiteral("Acme Corp SQLite"));
    std::reverse(ids.begin(), ids.end()); // newest first
    load({});
    EXPECT_EQ(m_model->rowCount(), TransferHistoryModel::kPageSize + TransferHistoryModel::kPlaceholderRows);
    const QModelIndex placeholder = m_model->index(TransferHistoryModel::kPageSize, TransferHistoryModel::IdColumn);
    EXPECT_TRUE(placeholder.data(TransferHistoryModel::IsPlaceholderRole).toBool());
    EXPECT_EQ(placeholder.data().toString(), QStringLiteral("Loading…"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return m_model->totalCount() == 450; }, kWaitMs)) << m_model->totalCount();

    loadAll();
    EXPECT_EQ(m_model->rowCount(), 450);
    EXPECT_EQ(shownIds(), ids);
    const QModelIndex first = m_model->index(0, TransferHistoryModel::StatusColumn);
    EXPECT_EQ(first.data().toString(), QStringLiteral("Pending"));
    EXPECT_EQ(m_model->index(0, TransferHistoryModel::DestinationColumn).data().toString(), QStringLiteral("Acme Corp SQLite"));
    EXPECT_EQ(m_model->index(0, TransferHistoryModel::IdColumn).data().toString(), ids.first().left(8));
}

TEST_F(TransferHistoryModelTest, FiltersAreAnsweredByTheStateDatabase)
{
    const QStringList acme = seed(5, QStringLiteral("Acme Corp SQLite"));
    const QStringList tagged = seed(3, QStringLiteral("Globex SQLite"), {{QStringLiteral("ticket"), QStringLiteral("T-42")}});
    ASSERT_EQ(TransferStore(m_state->connection()).cancel(acme.at(1)).value(), QStringLiteral("CANCELLED"));

    TransferQuery cancelled;
    cancelled.statuses = {QStringLiteral("CANCELLED")};
    load(cancelled);
    EXPECT_EQ(shownIds(), QStringList{acme.at(1)});
    EXPECT_TRUE(m_model->reachedEnd());
    EXPECT_EQ(m_model->totalCount(), 1);

    TransferQuery byTag;
    byTag.tagKey = QStringLiteral("ticket");
    byTag.tagValue = QStringLiteral("T-42");
    load(byTag);
    EXPECT_EQ(shownIds(), (QStringList{tagged.at(2), tagged.at(1), tagged.at(0)}));

    TransferQuery byDestination;
    byDestination.destinationId = m_workspace.destination(QStringLiteral("Acme Corp SQLite"))->id;
    load(byDestination);
    EXPECT_EQ(m_model->rowCount(), 5);

    TransferQuery byText;
    byText.text = acme.at(3).mid(4, 10).toUpper(); // part of an id, any case
    load(byText);
    EXPECT_EQ(shownIds(), QStringList{acme.at(3)});

    TransferQuery nothing;
    nothing.tagKey = QStringLiteral("no-such-tag");
    load(nothing);
    EXPECT_EQ(m_model->rowCount(), 0);
    EXPECT_EQ(m_model->totalCount(), 0);
}

TEST_F(TransferHistoryModelTest, AStalePageIsDropped)
{
    seed(4, QStringLiteral("Acme Corp SQLite"));
    const QStringList globex = seed(2, QStringLiteral("Globex SQLite"));
    TransferQuery acmeOnly;
    acmeOnly.destinationId = m_workspace.destination(QStringLiteral("Acme Corp SQLite"))->id;
    TransferQuery globexOnly;
    globexOnly.destinationId = m_workspace.destination(QStringLiteral("Globex SQLite"))->id;

    QSignalSpy shown(m_model.get(), &TransferHistoryModel::firstPageShown);
    m_model->setQuery(acmeOnly);
    m_model->setQuery(globexOnly); // before the first answer arrives
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_runner->pendingCount() == 0; }, kWaitMs));
    QTest::qWait(50);
    EXPECT_EQ(shown.count(), 1) << "only the newer query's page is shown";
    EXPECT_EQ(shownIds(), (QStringList{globex.at(1), globex.at(0)}));
    EXPECT_EQ(m_model->totalCount(), 2);
}

TEST_F(TransferHistoryModelTest, NewAndChangedTransfersAppearWhileLive)
{
    const QStringList ids = seed(3, QStringLiteral("Acme Corp SQLite"));
    load({});
    ASSERT_EQ(m_model->rowCount(), 3);
    m_model->setLive(200);
    QSignalSpy prepended(m_model.get(), &TransferHistoryModel::rowsPrepended);

    // Written through another connection, as another process would.
    const QString fresh = enqueue(QStringLiteral("Globex SQLite"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return m_model->rowCount() == 4; }, 2000));
    EXPECT_EQ(shownIds().value(0), fresh);
    EXPECT_EQ(prepended.count(), 1);

    ASSERT_TRUE(TransferStore(m_state->connection()).cancel(ids.at(0)).ok());
    const int row = m_model->rowOf(ids.at(0));
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return m_model->index(row, TransferHistoryModel::StatusColumn).data().toString() == QLatin1String("Cancelled"); },
        2000));
    EXPECT_EQ(m_model->rowCount(), 4);
}

} // namespace
} // namespace ferry::ui
