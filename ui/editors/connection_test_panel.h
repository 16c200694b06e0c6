#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;

namespace ferry {
class QueryCancel;
struct ConnectionTestResult;
}

namespace ferry::ui {

class ObjectEditor;

// "Test connection" for the object in an editor, as it is typed (saved or not): runs off the UI thread, can be
// cancelled, and shows each step with the server's own words.
class ConnectionTestPanel : public QWidget
{
    Q_OBJECT

public:
    enum class Side { Source, Destination };

    ConnectionTestPanel(ObjectEditor *editor, Side side);
    ~ConnectionTestPanel() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    QString resultText() const;

Q_SIGNALS:
    void finished(bool ok);

private:
    void show(const ConnectionTestResult &result);

    ObjectEditor *m_editor;
    Side m_side;
    QPushButton *m_button;
    QLabel *m_result;
    bool m_running = false;
    quint64 m_generation = 0;
    std::shared_ptr<QueryCancel> m_cancel;
};

} // namespace ferry::ui
