#include "views/transfers_page.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ferry::ui {

TransfersPage::TransfersPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings, QWidget *parent)
    : QWidget(parent), m_queries(queries), m_actions(actions), m_settings(settings)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("Transfers"), this));
}

void TransfersPage::reload() {}

void TransfersPage::noteProgress(const QString &) {}

void TransfersPage::selectTransfer(const QString &) {}

} // namespace ferry::ui
