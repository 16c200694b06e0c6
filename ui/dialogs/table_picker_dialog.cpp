#include "dialogs/table_picker_dialog.h"

#include "editors/editor_style.h"
#include "loading/catalog_loader.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QStringListModel>
#include <QVBoxLayout>

namespace ferry::ui {

TablePickerDialog::TablePickerDialog(const Source &source, const QString &currentSchema, QWidget *parent)
    : QDialog(parent), m_source(source), m_loader(new CatalogLoader(this)), m_schemas(new QComboBox(this)),
      m_filter(new QLineEdit(this)), m_list(new QListView(this)), m_tables(new QStringListModel(this)),
      m_filtered(new QSortFilterProxyModel(this)), m_status(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)), m_schema(currentSchema)
{
    setWindowTitle(QStringLiteral("Choose a table of %1").arg(source.name));
    resize(520, 560);
    m_filtered->setSourceModel(m_tables);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_list->setModel(m_filtered);
    m_list->setObjectName(QStringLiteral("tableList"));
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_filter->setPlaceholderText(QStringLiteral("Type part of a table's name"));
    m_filter->setClearButtonEnabled(true);
    m_status->setWordWrap(true);
    m_status->setText(QStringLiteral("Reading the tables of %1…").arg(source.name));
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Use this table"));

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Schema"), m_schemas);
    form->addRow(QStringLiteral("Find"), m_filter);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, m_filtered, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_list, &QListView::doubleClicked, this, &QDialog::accept);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &TablePickerDialog::updateButtons);
    connect(m_schemas, &QComboBox::activated, this, [this] {
        m_schema = m_schemas->currentText();
        m_status->setText(QStringLiteral("Reading the tables of %1…").arg(m_schema));
        m_loader->listTables(m_source, m_schema);
    });
    connect(m_loader, &CatalogLoader::tablesListed, this, &TablePickerDialog::showTables);
    connect(m_loader, &CatalogLoader::failed, this, [this](const Error &error) {
        m_status->setText(QStringLiteral("%1: %2").arg(error.title, error.message));
        m_status->setStyleSheet(EditorStyle::problemTextStyle(true));
        Q_EMIT listed();
    });
    updateButtons();
    m_loader->listTables(m_source, m_schema);
}

void TablePickerDialog::showTables(const QStringList &schemas, const QString &schema, const QList<CatalogTable> &tables)
{
    {
        const QSignalBlocker blocker(m_schemas);
        m_schemas->clear();
        m_schemas->addItems(schemas);
        const int index = m_schemas->findText(schema);
        if (index >= 0)
            m_schemas->setCurrentIndex(index);
        m_schemas->setEnabled(schemas.size() > 1);
    }
    QStringList names;
    for (const CatalogTable &table : tables)
        names << (table.isView ? table.name + QStringLiteral(" (view)") : table.name);
    m_tables->setStringList(names);
    m_status->setStyleSheet({});
    m_status->setText(tables.isEmpty() ? QStringLiteral("No tables in this schema.")
                                       : QStringLiteral("%1 tables and views.").arg(tables.size()));
    if (!m_preselect.isEmpty())
        preselect(m_preselect);
    updateButtons();
    Q_EMIT listed();
}

void TablePickerDialog::preselect(const QString &table)
{
    m_preselect = table;
    for (int row = 0; row < m_filtered->rowCount(); ++row) {
        const QModelIndex index = m_filtered->index(row, 0);
        QString name = index.data().toString();
        name.remove(QStringLiteral(" (view)"));
        if (name == table) {
            m_list->setCurrentIndex(index);
            m_list->scrollTo(index);
            return;
        }
    }
}

QString TablePickerDialog::schema() const
{
    return m_schemas->currentText();
}

QString TablePickerDialog::table() const
{
    QString name = m_list->currentIndex().data().toString();
    if (name.endsWith(QStringLiteral(" (view)")))
        name.chop(7);
    return name;
}

QString TablePickerDialog::statusText() const
{
    return m_status->text();
}

int TablePickerDialog::tableCount() const
{
    return m_tables->rowCount();
}

void TablePickerDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_list->currentIndex().isValid());
}

} // namespace ferry::ui
