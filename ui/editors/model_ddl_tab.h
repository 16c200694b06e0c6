#pragma once

#include "editors/object_draft.h"

#include <QWidget>

class QComboBox;
class QPlainTextEdit;

namespace ferry::ui {

// The CREATE TABLE a destination of each database vendor gets for the model being edited, as the writers build it.
class ModelDdlTab : public QWidget
{
    Q_OBJECT

public:
    explicit ModelDdlTab(QWidget *parent = nullptr);

    void showDraft(const ObjectDraft &draft);
    void setVendor(const QString &vendor);
    QString ddlText() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void render();

    ObjectDraft m_draft;
    QComboBox *m_vendor;
    QPlainTextEdit *m_text;
};

} // namespace ferry::ui
