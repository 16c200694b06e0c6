#pragma once

#include "connectors/source_catalog.h"
#include "editors/object_editor.h"

class QPushButton;

namespace ferry::ui {

class CatalogLoader;
class ModelColumnsTab;
class ModelDdlTab;
class RowPreviewPanel;

// The model builder: a source and one of its tables (picked from its catalog), the columns to deliver and how
// they are named and typed at the destination, the CREATE TABLE each vendor gets, and a preview of the rows a chosen
// recipient would receive. Prequel model files import and export as they are.
class ModelEditor : public ObjectEditor
{
    Q_OBJECT

public:
    explicit ModelEditor(EditorServices *services, QWidget *parent = nullptr);

    void refreshChoices() override;
    // Opens the table picker for the draft's source.
    void chooseTable();
    // Reads `table` of the draft's source and fills the model from it (undoable); `described` or an error follows.
    void useTable(const QString &schema, const QString &table);
    // A Prequel model file's content replaces the draft's (undoable); false with `error` set when unreadable.
    bool importFile(const QString &path, QString *error);
    bool exportFile(const QString &path, QString *error) const;

    ModelColumnsTab *columnsTab() const { return m_columns; }
    ModelDdlTab *ddlTab() const { return m_ddl; }
    RowPreviewPanel *previewPanel() const { return m_preview; }
    CatalogLoader *catalog() const { return m_catalog; }

Q_SIGNALS:
    void described(const ferry::TableDescription &description);
    void tableFailed(const QString &message);

protected:
    void draftChanged(const ObjectDraft &draft) override;
    QList<ValidationIssue> showIssuesInForm(const QList<ValidationIssue> &issues) override;

private:
    void fillFromTable(const TableDescription &description);
    const Source *draftSource() const;

    CatalogLoader *m_catalog;
    ModelColumnsTab *m_columns;
    ModelDdlTab *m_ddl;
    RowPreviewPanel *m_preview;
    QPushButton *m_chooseTable = nullptr;
};

} // namespace ferry::ui
