#pragma once

#include "editors/object_editor.h"

namespace ferry::ui {

// A product: a named bundle of models, chosen from a checklist.
class ProductEditor : public ObjectEditor
{
    Q_OBJECT

public:
    explicit ProductEditor(EditorServices *services, QWidget *parent = nullptr);
    void refreshChoices() override;
};

} // namespace ferry::ui
