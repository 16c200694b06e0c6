#include "views/logs_page.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ferry::ui {

LogsPage::LogsPage(StateQueryRunner *queries, AppSettings *settings, QWidget *parent)
    : QWidget(parent), m_queries(queries), m_settings(settings)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("Logs"), this));
}

void LogsPage::showTransfer(const QString &) {}

void LogsPage::reload() {}

} // namespace ferry::ui
