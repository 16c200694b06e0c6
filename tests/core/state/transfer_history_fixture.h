#pragma once

// The fixture of the history-read tests (transfer_history_test.cpp, transfer_search_test.cpp): a state database of
// each backend, and transfers written the way the engine writes them.
#include "state_test_fixture.h"

#include "support/qt_printers.h"

#include "state/log_store.h"
#include "state/transfer_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

namespace ferry::test {

inline QDateTime minute(int n)
{
    return QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).addSecs(60 * n);
}

class TransferHistory : public OpenedStateTest
{
protected:
    TransferStore store() { return TransferStore(m_state->connection()); }

    QString enqueue(const QString &destination, const QDateTime &at, const QMap<QString, QString> &tags = {},
                    const QString &recipient = QStringLiteral("Acme"))
    {
        TransferRequest request;
        request.destinationId = destination + QStringLiteral("-id");
        request.destinationName = destination;
        request.recipientName = recipient;
        request.tags = tags;
        const Result<QString> id = store().enqueue(request, at);
        EXPECT_TRUE(id.ok()) << (id ? "" : id.error().toString().toStdString());
        return id ? *id : QString();
    }

    // What the dispatcher does when it claims a transfer.
    void claim(const QString &id, const QString &worker = QStringLiteral("w1"))
    {
        QSqlQuery query(m_state->connection());
        query.prepare(QStringLiteral("UPDATE transfers SET status = 'RUNNING', started_at = ?, worker_id = ? WHERE id = ?"));
        query.addBindValue(StateDatabase::toDatabaseTime(m_state->connection(), QDateTime::currentDateTimeUtc()));
        query.addBindValue(worker);
        query.addBindValue(id);
        ASSERT_TRUE(query.exec());
    }

    void saveModel(const QString &id, const QString &model, const QString &status, int done, int planned, qint64 rows,
                   const std::optional<Error> &error = std::nullopt)
    {
        ModelMetrics metrics;
        metrics.modelName = model;
        metrics.status = status;
        metrics.windowsDone = done;
        metrics.windowsPlanned = planned;
        metrics.rowsRead = rows;
        metrics.rowsWritten = rows;
        metrics.error = error;
        const Result<bool> saved = store().saveModel(id, QStringLiteral("w1"), metrics);
        ASSERT_TRUE(saved.ok());
        ASSERT_TRUE(*saved);
    }

    void finish(const QString &id, const QString &status, const std::optional<Error> &error = std::nullopt,
                qint64 rows = 0)
    {
        const Result<bool> finished = store().finish(id, QStringLiteral("w1"), status, rows, rows * 10, error,
                                                     QDateTime::currentDateTimeUtc());
        ASSERT_TRUE(finished.ok());
        ASSERT_TRUE(*finished);
    }

    QStringList pageIds(const TransferQuery &query, int limit = 100, const std::optional<TransferPageKey> &after = {})
    {
        const Result<QList<TransferSummary>> page = store().page(query, after, limit);
        EXPECT_TRUE(page.ok()) << (page ? "" : page.error().toString().toStdString());
        QStringList ids;
        if (page) {
            for (const TransferSummary &summary : *page)
                ids << summary.id;
        }
        return ids;
    }

    qint64 countOf(const TransferQuery &query)
    {
        const Result<qint64> count = store().count(query);
        EXPECT_TRUE(count.ok()) << (count ? "" : count.error().toString().toStdString());
        return count ? *count : -1;
    }

};

} // namespace ferry::test
