#pragma once

#include <QWidget>

namespace ferry::ui {

class AppSettings;
class StateQueryRunner;

// The Logs page: every log event (or one transfer's), newest first, lazily paged, with filters, colour by level, a
// follow toggle and export of the filtered events as JSON lines.
class LogsPage : public QWidget
{
    Q_OBJECT

public:
    LogsPage(StateQueryRunner *queries, AppSettings *settings, QWidget *parent = nullptr);

    // Shows the events of one transfer (the Transfers page's "Show logs").
    void showTransfer(const QString &transferId);
    // The state database changed (opened, reopened): load again.
    void reload();

private:
    StateQueryRunner *m_queries;
    AppSettings *m_settings;
};

} // namespace ferry::ui
