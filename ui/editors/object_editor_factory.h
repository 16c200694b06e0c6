#pragma once

#include "config/object_kind.h"

class QWidget;

namespace ferry::ui {

class EditorServices;
class ObjectEditor;

// The editor for a kind of object.
ObjectEditor *createObjectEditor(ObjectKind kind, EditorServices *services, QWidget *parent = nullptr);

} // namespace ferry::ui
