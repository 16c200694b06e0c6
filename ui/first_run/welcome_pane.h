#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace ferry::ui {

// Shown on the Workspace page on first start: two clear ways on, Explore the demo (the workspace Ferry just made)
// or Connect your own data (the guided path).
class WelcomePane : public QFrame
{
    Q_OBJECT

public:
    explicit WelcomePane(QWidget *parent = nullptr);

    // With no demo objects to look at, Explore the demo is offered disabled, with why.
    void setDemoAvailable(bool available);
    QPushButton *exploreButton() const { return m_explore; }
    QPushButton *connectButton() const { return m_connect; }

Q_SIGNALS:
    void exploreDemoChosen();
    void connectOwnDataChosen();

private:
    QPushButton *m_explore;
    QPushButton *m_connect;
    QLabel *m_text;
};

} // namespace ferry::ui
