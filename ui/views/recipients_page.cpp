#include "views/recipients_page.h"

#include <QLabel>
#include <QVBoxLayout>

namespace ferry::ui {

RecipientsPage::RecipientsPage(StateQueryRunner *queries, TransferActions *actions, AppSettings *settings,
                               QWidget *parent)
    : QWidget(parent), m_queries(queries), m_actions(actions), m_settings(settings)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("Recipients"), this));
}

void RecipientsPage::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
}

void RecipientsPage::reload() {}

bool RecipientsPage::select(const QString &)
{
    return false;
}

} // namespace ferry::ui
