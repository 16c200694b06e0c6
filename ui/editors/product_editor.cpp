#include "editors/product_editor.h"

#include "editors/editor_services.h"
#include "editors/field_binder.h"

namespace ferry::ui {

ProductEditor::ProductEditor(EditorServices *services, QWidget *parent) : ObjectEditor(ObjectKind::Product, services, parent)
{
    FieldBinder &f = *fields();
    f.addText(QStringLiteral("name"), QStringLiteral("Name"), QStringLiteral("e.g. Analytics"));
    f.addText(QStringLiteral("description"), QStringLiteral("Description"));
    f.addChecklist(QStringLiteral("models"), QStringLiteral("Models"));
    refreshChoices();
}

void ProductEditor::refreshChoices()
{
    fields()->setChecklistItems(QStringLiteral("models"), services()->workspace().names(ObjectKind::Model));
    fields()->refresh(draft());
}

} // namespace ferry::ui
