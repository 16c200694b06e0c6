#pragma once

#include "config/source.h"
#include "connectors/source_catalog.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QStringListModel;

namespace ferry::ui {

class CatalogLoader;

// Chooses a table of a source from its catalog, read off the UI thread: a schema, then a table or view found by
// typing part of its name.
class TablePickerDialog : public QDialog
{
    Q_OBJECT

public:
    TablePickerDialog(const Source &source, const QString &currentSchema, QWidget *parent = nullptr);

    QString schema() const;
    QString table() const;
    // Selects `table` once listed (tests, the current table).
    void preselect(const QString &table);
    QString statusText() const;
    int tableCount() const;

Q_SIGNALS:
    void listed();

private:
    void showTables(const QStringList &schemas, const QString &schema, const QList<CatalogTable> &tables);
    void updateButtons();

    Source m_source;
    CatalogLoader *m_loader;
    QComboBox *m_schemas;
    QLineEdit *m_filter;
    QListView *m_list;
    QStringListModel *m_tables;
    QSortFilterProxyModel *m_filtered;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QString m_preselect;
    QString m_schema;
};

} // namespace ferry::ui
