#include "editors/object_editor_factory.h"

#include "editors/destination_editor.h"
#include "editors/model_editor.h"
#include "editors/product_editor.h"
#include "editors/recipient_editor.h"
#include "editors/source_editor.h"

namespace ferry::ui {

ObjectEditor *createObjectEditor(ObjectKind kind, EditorServices *services, QWidget *parent)
{
    switch (kind) {
    case ObjectKind::Source:
        return new SourceEditor(services, parent);
    case ObjectKind::Model:
        return new ModelEditor(services, parent);
    case ObjectKind::Product:
        return new ProductEditor(services, parent);
    case ObjectKind::Recipient:
        return new RecipientEditor(services, parent);
    case ObjectKind::Destination:
        return new DestinationEditor(services, parent);
    }
    return nullptr;
}

} // namespace ferry::ui
