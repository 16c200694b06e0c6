#pragma once

#include "editors/object_editor.h"

class QListWidget;

namespace ferry::ui {

// A recipient: the tenant value its rows carry, the products it receives, and its destinations with how their last
// transfer went.
class RecipientEditor : public ObjectEditor
{
    Q_OBJECT

public:
    explicit RecipientEditor(EditorServices *services, QWidget *parent = nullptr);
    void refreshChoices() override;
    QListWidget *destinationList() const { return m_destinations; }

protected:
    void draftChanged(const ObjectDraft &draft) override;

private:
    QListWidget *m_destinations;
};

} // namespace ferry::ui
