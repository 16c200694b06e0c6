#pragma once

#include "config/recipient.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace ferry {
class PreviewCancel;
}

namespace ferry::ui {

class ObjectEditor;
class PreviewRowsModel;

// The model builder's Preview: the first rows one chosen recipient would receive for the model as it is typed,
// read off the UI thread with the tenant bound as a transfer binds it; can be cancelled, stops at a timeout.
class RowPreviewPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RowPreviewPanel(ObjectEditor *editor);
    ~RowPreviewPanel() override;

    void refreshRecipients();
    void setRecipient(const QString &name);
    // A recipient not saved yet, offered beside the saved ones (the guided path previews one tenant's rows before
    // its recipient exists); chosen at once.
    void setStandInRecipient(const Recipient &recipient);
    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    PreviewRowsModel *model() const { return m_model; }
    QString statusText() const;

Q_SIGNALS:
    void finished(bool ok);

private:
    ObjectEditor *m_editor;
    QComboBox *m_recipients;
    QPushButton *m_button;
    QLabel *m_status;
    QTableView *m_view;
    PreviewRowsModel *m_model;
    bool m_running = false;
    quint64 m_generation = 0;
    std::shared_ptr<PreviewCancel> m_cancel;
    std::optional<Recipient> m_standIn;
};

} // namespace ferry::ui
