#pragma once

#include "state/log_store.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTableView;

namespace ferry::ui {

class AppSettings;
class LogEventModel;
class LogFilterBar;
class StateQueryRunner;

// The Logs page: every log event (or one transfer's), newest first, lazily paged, with filters, colour by
// level, a follow toggle and export of the filtered events as JSON lines.
class LogsPage : public QWidget
{
    Q_OBJECT

public:
    LogsPage(StateQueryRunner *queries, AppSettings *settings, QWidget *parent = nullptr);
    ~LogsPage() override;

    // Shows the events of one transfer (the Transfers page's "Show logs").
    void showTransfer(const QString &transferId);
    // The state database changed (opened, reopened): load again.
    void reload();
    // Writes every event matching the filters to `path` as JSON lines, oldest first, on a query thread; the
    // status line then says how many (exportFinished() follows). Export… asks for the path and calls this.
    void exportTo(const QString &path);

    LogEventModel *model() const { return m_model; }
    LogFilterBar *filterBar() const { return m_filters; }
    QTableView *tableView() const { return m_table; }
    QPlainTextEdit *detailView() const { return m_detail; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *countLabel() const { return m_count; }
    QLabel *statusLabel() const { return m_status; }

    // The detail pane's text for `event`: a header line, the whole message, its fields pretty-printed.
    static QString detailText(const LogEvent &event);

Q_SIGNALS:
    void exportFinished(bool ok);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setUpTable();
    void chooseExportFile();
    void showSelected();
    // Double-click on a Transfer or Model cell: show only that transfer's (model's) events.
    void filterByCell(const QModelIndex &index);
    void updateCount();
    void showError(const QString &error);
    // Red that reads on this palette: darker on light backgrounds, lighter on dark ones.
    void applyErrorColors();
    void saveFilters();

    StateQueryRunner *m_queries;
    AppSettings *m_settings;
    LogEventModel *m_model;
    LogFilterBar *m_filters;
    QLabel *m_error;
    QSplitter *m_splitter;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QLabel *m_count;
    QLabel *m_status;
    bool m_wasAtTop = true; // the view showed the newest row when follow mode inserted more above it
};

} // namespace ferry::ui
