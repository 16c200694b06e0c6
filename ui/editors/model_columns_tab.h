#pragma once

#include "connectors/source_catalog.h"
#include "validate/validation_report.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace ferry::ui {

class ModelColumnsModel;
class ObjectEditor;

// The model builder's columns: include or leave out each source column, rename it at the destination, type it,
// mark the primary key and the last-modified column, describe it, and drag rows into the table's column order. Every
// change is an undoable edit of the editor's draft; problems show on their rows.
class ModelColumnsTab : public QWidget
{
    Q_OBJECT

public:
    explicit ModelColumnsTab(ObjectEditor *editor);

    ModelColumnsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    // The source table's columns, after the builder introspected it.
    void setSourceColumns(const QList<CatalogColumn> &columns);
    // The draft changed (or its problems did): the table follows.
    void showDraft(const QList<ValidationIssue> &issues);
    void moveCurrent(int delta);

private:
    void commit(const QString &what, const QString &mergeKey);

    ObjectEditor *m_editor;
    ModelColumnsModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    bool m_committing = false;
};

} // namespace ferry::ui
