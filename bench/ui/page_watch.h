#pragma once

#include "bench_clock.h"

#include "loading/state_query_runner.h"
#include "models/transfer_history_model.h"
#include "views/main_window.h"
#include "views/transfer_filter_bar.h"
#include "views/transfers_page.h"

#include <QCoreApplication>
#include <QEvent>
#include <QObject>
#include <QTableView>
#include <QTimer>

namespace ferry::ui {

// Watches one window's Transfers page: when the first page of the current query arrives, the first viewport paint
// after it (timed to its end), the first count, and the typing pause's timer firing.
class PageWatch : public QObject
{
public:
    explicit PageWatch(MainWindow *window) : m_window(window)
    {
        TransfersPage *page = window->transfersPage();
        page->view()->viewport()->installEventFilter(this);
        m_typing = page->filterBar()->findChild<QTimer *>(QString(), Qt::FindDirectChildrenOnly);
        if (m_typing)
            m_typing->installEventFilter(this);
        connect(page->model(), &TransferHistoryModel::firstPageShown, this, [this] {
            if (firstPage < 0)
                firstPage = now();
        });
        connect(page->model(), &TransferHistoryModel::countChanged, this, [this](qint64 n) {
            if (count < 0) {
                count = now();
                counted = n;
            }
        });
        connect(page->model(), &TransferHistoryModel::loadFailed, this, [this](const Error &error) {
            failure = error.toString();
        });
    }

    void reset()
    {
        firstPage = painted = count = typingFired = -1;
        counted = -1;
        failure.clear();
    }
    bool shownAndCounted() const { return (painted >= 0 && count >= 0) || !failure.isEmpty(); }
    // Nothing pending on the state query runner, first page and count in.
    bool settled() const
    {
        const TransferHistoryModel *model = m_window->transfersPage()->model();
        return m_window->queries()->pendingCount() == 0 && model->hasFirstPage() && !model->isLoadingPage() &&
               model->totalCount() >= 0 && !m_window->isLoading();
    }
    QString describe() const
    {
        const TransferHistoryModel *model = m_window->transfersPage()->model();
        return QStringLiteral("failure '%1', first page at %2 ms, painted at %3 ms, counted at %4 ms (now %5 ms); "
                              "model: first page %6, total %7, rows %8; count label '%9'; queries pending %10")
            .arg(failure)
            .arg(firstPage)
            .arg(painted)
            .arg(count)
            .arg(now())
            .arg(model->hasFirstPage())
            .arg(model->totalCount())
            .arg(model->rowCount())
            .arg(m_window->transfersPage()->filterBar()->countText())
            .arg(m_window->queries()->pendingCount());
    }
    int rowsShown() const
    {
        const TransferHistoryModel *model = m_window->transfersPage()->model();
        int rows = 0;
        while (model->summaryAt(rows))
            ++rows;
        return rows;
    }

    double firstPage = -1, painted = -1, count = -1, typingFired = -1;
    qint64 counted = -1;
    QString failure;

protected:
    bool eventFilter(QObject *object, QEvent *event) override
    {
        if (object == m_typing && event->type() == QEvent::Timer) {
            typingFired = now(); // before the timeout: the debounce ends here, the query starts on its signal
            return false;
        }
        if (event->type() == QEvent::Paint && firstPage >= 0 && painted < 0 && object != m_typing) {
            // Paint now (through the scroll area's own filter, which calls QTableView::paintEvent), to time its end.
            object->removeEventFilter(this);
            QCoreApplication::sendEvent(object, event);
            object->installEventFilter(this);
            painted = now();
            return true;
        }
        return false;
    }

private:
    MainWindow *m_window;
    QTimer *m_typing = nullptr;
};

} // namespace ferry::ui
