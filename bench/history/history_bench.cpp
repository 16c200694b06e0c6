// Times the desktop app's history reads (TransferStore::page/count, LogStore::page) on a large state database that
// bench/history-data.sh filled: each read cold (a connection opened just for it) and warm (the same connection
// again), medians of --repeat runs. Prints a Markdown table; exit 1 when a read failed.
#include "state/log_store.h"
#include "state/state_database.h"
#include "state/transfer_store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTextStream>

#include <algorithm>
#include <functional>

using namespace ferry;

namespace {

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? 0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

qint64 rows(const Result<QList<TransferSummary>> &page, QTextStream &err)
{
    if (!page) {
        err << page.error().toString() << "\n";
        return -1;
    }
    return page->size();
}

qint64 rows(const Result<QList<LogEvent>> &page, QTextStream &err)
{
    if (!page) {
        err << page.error().toString() << "\n";
        return -1;
    }
    return page->size();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time history and log pages on a state database (bench/history-bench)."));
    parser.addHelpOption();
    const QCommandLineOption stateOption(QStringLiteral("state"), QStringLiteral("State database URL."), QStringLiteral("URL"));
    const QCommandLineOption repeatOption(QStringLiteral("repeat"), QStringLiteral("Runs per measurement (5)."),
                                          QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption onlyOption(QStringLiteral("only"), QStringLiteral("Measurements whose name contains TEXT."),
                                        QStringLiteral("TEXT"));
    parser.addOptions({stateOption, repeatOption, onlyOption});
    parser.process(app);
    QTextStream out(stdout), err(stderr);
    const Result<StateLocation> location = StateLocation::parse(parser.value(stateOption));
    if (!location) {
        err << location.error().toString() << "\n";
        return 2;
    }
    const int repeat = qMax(1, parser.value(repeatOption).toInt());
    auto open = [&]() -> std::shared_ptr<StateDatabase> {
        Result<std::shared_ptr<StateDatabase>> state = StateDatabase::open(*location, StateDatabase::Migrate::No);
        if (!state) {
            err << state.error().toString() << "\n";
            return nullptr;
        }
        return *state;
    };

    // Keys and values the data generator wrote (bench/history-data.sh).
    auto page = [](TransferQuery query) {
        return [query](StateDatabase &state, QTextStream &e) {
            return rows(TransferStore(state.connection()).page(query, std::nullopt, 200), e);
        };
    };
    TransferQuery error, rareDestination, rareTag, commonTag, range, text, rareText, recipient, modelText, commonText,
        shortText, shortRareText, idText;
    error.statuses = QStringList{QStringLiteral("ERROR")};
    rareDestination.destinationId = QStringLiteral("dest-499");
    rareTag.tagKey = QStringLiteral("incident");
    commonTag.tagKey = QStringLiteral("customer_tier");
    commonTag.tagValue = QStringLiteral("gold");
    range.submittedFrom = QDateTime(QDate(2024, 6, 1), QTime(0, 0), Qt::UTC);
    range.submittedTo = QDateTime(QDate(2024, 6, 8), QTime(0, 0), Qt::UTC);
    text.text = QStringLiteral("src-auth");
    rareText.text = QStringLiteral("INC-0042");
    modelText.text = QStringLiteral("cannot hold 1e40"); // transfers' and their models' error messages
    commonText.text = QStringLiteral("staging");         // a tag value of one transfer in five
    shortText.text = QStringLiteral("-4");               // two characters: every UUID holds "-4"
    shortRareText.text = QStringLiteral("zq");           // two characters found nowhere
    idText.text = QStringLiteral("-4ABC-");              // a piece of 259 ids
    recipient.recipientName = QStringLiteral("recipient-042");
    auto logPage = [](LogQuery query) {
        return [query](StateDatabase &state, QTextStream &e) {
            return rows(LogStore(state.connection()).page(query, 0, 200), e);
        };
    };
    LogQuery warnings, logTransfer, logModel, logText, logRange, logErrorsOfModel, logWarningsOfModel, logRareText;
    warnings.minimumLevel = QStringLiteral("warning");
    logErrorsOfModel.minimumLevel = QStringLiteral("error");
    logErrorsOfModel.modelName = QStringLiteral("orders");
    logModel.modelName = QStringLiteral("users");
    logText.text = QStringLiteral("connection reset");
    logRareText.text = QStringLiteral("destination-499"); // 40 events
    logWarningsOfModel.minimumLevel = QStringLiteral("warning");
    logWarningsOfModel.modelName = QStringLiteral("users");
    logRange.from = QDateTime(QDate(2024, 6, 1), QTime(0, 0), Qt::UTC);
    logRange.to = QDateTime(QDate(2024, 6, 2), QTime(0, 0), Qt::UTC);

    QList<QPair<QString, std::function<qint64(StateDatabase &, QTextStream &)>>> measurements = {
        {QStringLiteral("page 1 (200, no filter)"), page({})},
        {QStringLiteral("page: status ERROR"), page(error)},
        {QStringLiteral("page: rare destination (20 transfers)"), page(rareDestination)},
        {QStringLiteral("page: recipient"), page(recipient)},
        {QStringLiteral("page: rare tag key (0.01%)"), page(rareTag)},
        {QStringLiteral("page: tag customer_tier=gold"), page(commonTag)},
        {QStringLiteral("page: one week"), page(range)},
        {QStringLiteral("page: text 'src-auth' (error code)"), page(text)},
        {QStringLiteral("page: text 'INC-0042' (one tag value)"), page(rareText)},
        {QStringLiteral("page: text 'cannot hold 1e40' (models' errors)"), page(modelText)},
        {QStringLiteral("page: text 'staging' (20% of transfers)"), page(commonText)},
        {QStringLiteral("page: text '-4ABC-' (a piece of 259 ids)"), page(idText)},
        {QStringLiteral("page: text '-4' (2 characters, everywhere)"), page(shortText)},
        {QStringLiteral("page: text 'zq' (2 characters, nowhere)"), page(shortRareText)},
        {QStringLiteral("page 50 by keyset"),
         [](StateDatabase &state, QTextStream &e) -> qint64 {
             // The key of page 49's last row, untimed: the UI holds it from the page before.
             static std::optional<TransferPageKey> key;
             if (!key) {
                 QSqlQuery q(state.connection());
                 q.exec(QStringLiteral("SELECT submitted_at, id FROM transfers ORDER BY submitted_at DESC, id DESC LIMIT 1 OFFSET 9799"));
                 if (!q.next())
                     return -1;
                 key = TransferPageKey{StateDatabase::fromDatabaseTime(q.value(0)), q.value(1).toString()};
             }
             return rows(TransferStore(state.connection()).page({}, key, 200), e);
         }},
        {QStringLiteral("count (no filter)"),
         [](StateDatabase &state, QTextStream &e) -> qint64 {
             const Result<qint64> n = TransferStore(state.connection()).count({});
             if (!n)
                 e << n.error().toString() << "\n";
             return n ? *n : -1;
         }},
        {QStringLiteral("count: status ERROR"),
         [error](StateDatabase &state, QTextStream &e) -> qint64 {
             const Result<qint64> n = TransferStore(state.connection()).count(error);
             if (!n)
                 e << n.error().toString() << "\n";
             return n ? *n : -1;
         }},
        {QStringLiteral("count: rare tag"),
         [rareTag](StateDatabase &state, QTextStream &e) -> qint64 {
             const Result<qint64> n = TransferStore(state.connection()).count(rareTag);
             if (!n)
                 e << n.error().toString() << "\n";
             return n ? *n : -1;
         }},
        {QStringLiteral("count: text 'src-auth'"),
         [text](StateDatabase &state, QTextStream &e) -> qint64 {
             const Result<qint64> n = TransferStore(state.connection()).count(text);
             if (!n)
                 e << n.error().toString() << "\n";
             return n ? *n : -1;
         }},
        {QStringLiteral("log page 1 (200, no filter)"), logPage({})},
        {QStringLiteral("log: level >= warning"), logPage(warnings)},
        {QStringLiteral("log: errors of model orders"), logPage(logErrorsOfModel)},
        {QStringLiteral("log: warnings of model users"), logPage(logWarningsOfModel)},
        {QStringLiteral("log: model users"), logPage(logModel)},
        {QStringLiteral("log: one transfer"),
         [](StateDatabase &state, QTextStream &e) -> qint64 {
             static QString id;
             if (id.isEmpty()) {
                 QSqlQuery q(state.connection());
                 q.exec(QStringLiteral("SELECT transfer_id FROM log_events WHERE id = 2500000"));
                 id = q.next() ? q.value(0).toString() : QString();
             }
             LogQuery query;
             query.transferId = id;
             return rows(LogStore(state.connection()).page(query, 0, 200), e);
         }},
        {QStringLiteral("log: one day"), logPage(logRange)},
        {QStringLiteral("log: text 'connection reset'"), logPage(logText)},
        {QStringLiteral("log: text 'destination-499' (40 events)"), logPage(logRareText)},
    };

    out << "| read | rows | cold median ms | warm median ms |\n|---|---:|---:|---:|\n";
    out.flush();
    bool failed = false;
    std::shared_ptr<StateDatabase> warm = open();
    if (!warm)
        return 1;
    for (const auto &[name, read] : measurements) {
        if (parser.isSet(onlyOption) && !name.contains(parser.value(onlyOption)))
            continue;
        QList<double> cold, hot;
        qint64 produced = 0;
        for (int i = 0; i < repeat; ++i) {
            // Cold: a connection of its own, opened untimed (its page cache empty; the OS's file cache is not).
            std::shared_ptr<StateDatabase> fresh = open();
            if (!fresh)
                return 1;
            fresh->connection();
            QElapsedTimer timer;
            timer.start();
            produced = read(*fresh, err);
            cold << timer.nsecsElapsed() / 1e6;
            fresh.reset();
            timer.restart();
            const qint64 again = read(*warm, err);
            hot << timer.nsecsElapsed() / 1e6;
            failed = failed || produced < 0 || again < 0;
        }
        out << QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                   .arg(name)
                   .arg(produced)
                   .arg(median(cold), 0, 'f', 1)
                   .arg(median(hot), 0, 'f', 1);
        out.flush();
    }
    return failed ? 1 : 0;
}
