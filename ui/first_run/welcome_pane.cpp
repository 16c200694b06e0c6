#include "first_run/welcome_pane.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry::ui {

WelcomePane::WelcomePane(QWidget *parent)
    : QFrame(parent), m_explore(new QPushButton(QStringLiteral("Explore the Demo"), this)),
      m_connect(new QPushButton(QStringLiteral("Connect Your Own Data…"), this)), m_text(new QLabel(this))
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum); // a note above the work, not a page
    setObjectName(QStringLiteral("welcomePane"));
    setFrameShape(QFrame::StyledPanel);
    // A light blue card, so it reads as a note above the work area rather than part of a form.
    setStyleSheet(QStringLiteral("#welcomePane { background: rgba(21, 101, 192, 18); "
                                 "border: 1px solid rgba(21, 101, 192, 90); border-radius: 6px; margin: 8px 8px 0px 8px; }"));
    auto *title = new QLabel(QStringLiteral("<b>Welcome to Ferry</b>"), this);
    m_text->setWordWrap(true);
    m_explore->setObjectName(QStringLiteral("exploreDemoButton"));
    m_explore->setToolTip(QStringLiteral("Close this and open one of the demo's models"));
    m_connect->setObjectName(QStringLiteral("connectOwnDataButton"));
    m_connect->setToolTip(QStringLiteral("A guided path: source, model, product, recipient, destination, first transfer"));
    m_connect->setDefault(true);

    auto *words = new QVBoxLayout;
    words->setSpacing(4);
    words->addWidget(title);
    words->addWidget(m_text);
    words->addStretch(1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 10);
    layout->setSpacing(12);
    layout->addLayout(words, 1);
    layout->addWidget(m_explore, 0, Qt::AlignVCenter);
    layout->addWidget(m_connect, 0, Qt::AlignVCenter);
    connect(m_explore, &QPushButton::clicked, this, &WelcomePane::exploreDemoChosen);
    connect(m_connect, &QPushButton::clicked, this, &WelcomePane::connectOwnDataChosen);
    setDemoAvailable(true);
}

void WelcomePane::setDemoAvailable(bool available)
{
    m_explore->setEnabled(available);
    m_text->setText(QStringLiteral("Ferry delivers each customer its own slice of your multi-tenant tables. %1 your own "
                                   "database and deliver a first table, step by step, without editing a file.")
                        .arg(available ? QStringLiteral("Look around the demo workspace Ferry made, or connect")
                                       : QStringLiteral("This state database is empty: connect")));
    m_explore->setToolTip(available ? QStringLiteral("Close this and open one of the demo's models")
                                    : QStringLiteral("This state database holds no demo objects"));
}

} // namespace ferry::ui
