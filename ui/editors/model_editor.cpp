#include "editors/model_editor.h"

#include "config/config_json.h"
#include "config/data_types.h"
#include "dialogs/table_picker_dialog.h"
#include "editors/editor_services.h"
#include "editors/field_binder.h"
#include "editors/model_columns_tab.h"
#include "editors/model_ddl_tab.h"
#include "editors/row_preview_panel.h"
#include "loading/catalog_loader.h"
#include "rows/sql_dialect.h"
#include "validate/workspace_reader.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>

namespace ferry::ui {

namespace {

// The table as source_table names it: bare in the connection's default schema, else schema-qualified.
QString sourceTableName(const Source &source, const TableDescription &description)
{
    const bool isDefault = source.vendor == QLatin1String("sqlite") ||
                           (source.vendor == QLatin1String("postgres") && description.schema == QLatin1String("public")) ||
                           (source.vendor == QLatin1String("mysql") && description.schema == source.connection.database.value_or(QString()));
    return isDefault || description.schema.isEmpty() ? description.name : description.schema + QLatin1Char('.') + description.name;
}

} // namespace

ModelEditor::ModelEditor(EditorServices *services, QWidget *parent)
    : ObjectEditor(ObjectKind::Model, services, parent), m_catalog(new CatalogLoader(this))
{
    FieldBinder &f = *fields();
    f.addText(QStringLiteral("model_name"), QStringLiteral("Name"), QStringLiteral("the destination table's name"));
    f.addText(QStringLiteral("description"), QStringLiteral("Description"));
    f.addChoice(QStringLiteral("source_name"), QStringLiteral("Source"), {}, QStringLiteral("The only source"));
    auto *tableRow = new QWidget;
    auto *tableLayout = new QHBoxLayout(tableRow);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    m_chooseTable = new QPushButton(QStringLiteral("Choose a table…"), tableRow);
    m_chooseTable->setObjectName(QStringLiteral("chooseTableButton"));
    m_chooseTable->setToolTip(QStringLiteral("List the source's tables and fill the columns from one"));
    tableLayout->addWidget(m_chooseTable);
    tableLayout->addStretch(1);
    f.addText(QStringLiteral("source_table"), QStringLiteral("Source table"), QStringLiteral("schema.table"));
    f.addRow(QStringLiteral("#table"), QString(), tableRow);
    f.addText(QStringLiteral("organization_column"), QStringLiteral("Organization column"),
              QStringLiteral("the column holding each row's tenant id"));
    f.addChoice(QStringLiteral("write_mode"), QStringLiteral("Write mode"),
                {{QStringLiteral("upsert"), QStringLiteral("upsert: match rows on the primary key")},
                 {QStringLiteral("append"), QStringLiteral("append: every row is added (event logs)")},
                 {QStringLiteral("overwrite-delete-stale"), QStringLiteral("overwrite: a full refresh deletes rows it did not deliver")}},
                QStringLiteral("Default (upsert)"));
    f.addNumber(QStringLiteral("max_transfer_time_window_seconds"), QStringLiteral("Window"), 60, std::numeric_limits<int>::max(),
                QStringLiteral("Whole history in one window"), QStringLiteral(" s"));
    f.addNumber(QStringLiteral("min_start_time_epoch"), QStringLiteral("History from"), 0, std::numeric_limits<int>::max(),
                QStringLiteral("The beginning"), QStringLiteral(" (epoch s)"));
    auto *fileRow = new QWidget;
    auto *fileLayout = new QHBoxLayout(fileRow);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    auto *importButton = new QPushButton(QStringLiteral("Import…"), fileRow);
    importButton->setToolTip(QStringLiteral("Replace this model with a Prequel model file's content"));
    auto *exportButton = new QPushButton(QStringLiteral("Export…"), fileRow);
    exportButton->setToolTip(QStringLiteral("Write this model as a Prequel model file"));
    fileLayout->addWidget(importButton);
    fileLayout->addWidget(exportButton);
    fileLayout->addStretch(1);
    f.addRow(QStringLiteral("#file"), QStringLiteral("Model file"), fileRow);

    m_columns = new ModelColumnsTab(this);
    insertTab(m_columns, QStringLiteral("Columns"));
    m_ddl = new ModelDdlTab(this);
    insertTab(m_ddl, QStringLiteral("Destination table"));
    m_preview = new RowPreviewPanel(this);
    insertTab(m_preview, QStringLiteral("Preview"));

    connect(m_chooseTable, &QPushButton::clicked, this, &ModelEditor::chooseTable);
    connect(m_catalog, &CatalogLoader::described, this, &ModelEditor::fillFromTable);
    connect(m_catalog, &CatalogLoader::failed, this, [this](const Error &error) {
        const QString message = QStringLiteral("%1: %2").arg(error.title, error.message);
        showBanner(message, QStringLiteral("error"));
        Q_EMIT tableFailed(message);
    });
    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Import a model file"), {},
                                                          QStringLiteral("Model files (*.json)"));
        QString error;
        if (!path.isEmpty() && !importFile(path, &error))
            showBanner(error, QStringLiteral("error"));
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export the model file"),
                                                          WorkspaceReader::fileNameFor(draft().name()),
                                                          QStringLiteral("Model files (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportFile(path, &error))
            showBanner(error, QStringLiteral("error"));
    });
    refreshChoices();
}

void ModelEditor::refreshChoices()
{
    if (auto *sources = qobject_cast<QComboBox *>(fields()->field(QStringLiteral("source_name")))) {
        const QSignalBlocker blocker(sources);
        while (sources->count() > 1)
            sources->removeItem(1);
        for (const QString &name : services()->workspace().names(ObjectKind::Source))
            sources->addItem(name, name);
    }
    fields()->refresh(draft());
    m_preview->refreshRecipients();
}

const Source *ModelEditor::draftSource() const
{
    ValidationReport ignored;
    const Workspace read = draft().read(ignored);
    if (read.models.isEmpty())
        return nullptr;
    return services()->workspace().sourceOf(read.models.first());
}

void ModelEditor::chooseTable()
{
    const Source *source = draftSource();
    if (!source) {
        showBanner(QStringLiteral("Choose the source first: its tables are listed from it."), QStringLiteral("warning"));
        return;
    }
    const auto [schema, table] = SqlDialect::splitQualified(draft().text(QStringLiteral("source_table")));
    TablePickerDialog picker(*source, schema, this);
    picker.preselect(table);
    if (picker.exec() == QDialog::Accepted)
        useTable(picker.schema(), picker.table());
}

void ModelEditor::useTable(const QString &schema, const QString &table)
{
    const Source *source = draftSource();
    if (!source) {
        showBanner(QStringLiteral("Choose the source first: its tables are listed from it."), QStringLiteral("warning"));
        return;
    }
    showBanner(QStringLiteral("Reading the columns of %1…").arg(table), QStringLiteral("info"));
    m_catalog->describe(*source, schema, table);
}

void ModelEditor::fillFromTable(const TableDescription &description)
{
    const Source *source = draftSource();
    if (!source)
        return;
    Model model;
    ValidationReport ignored;
    const Workspace read = draft().read(ignored);
    if (!read.models.isEmpty())
        model = read.models.first();
    if (model.name.isEmpty())
        model.name = description.name;
    model.sourceTable = sourceTableName(*source, description);
    model.columns.clear();
    // A single-column primary key only: the model's key is one column.
    int keyColumns = 0;
    for (const CatalogColumn &column : description.columns)
        keyColumns += column.primaryKeyPosition > 0 ? 1 : 0;
    for (const CatalogColumn &catalogColumn : description.columns) {
        Column column;
        column.nameInSource = catalogColumn.name;
        column.nameInDestination = catalogColumn.name;
        column.dataType = catalogColumn.suggestedType ? QString::fromLatin1(DataTypes::info(*catalogColumn.suggestedType).name)
                                                      : QStringLiteral("string");
        column.isPrimaryKey = keyColumns == 1 && catalogColumn.primaryKeyPosition == 1;
        column.isLastModified = catalogColumn.name == description.suggestedLastModified;
        model.columns.append(column);
    }
    if (!description.organizationCandidates.isEmpty() && !source->isSchemaTenanted())
        model.organizationColumn = description.organizationCandidates.first();
    ObjectDraft::Json json = ConfigJson::toJson(model, false);
    replaceDraft(draft().withJson(json).canonical(), QStringLiteral("columns of %1").arg(description.name));
    m_columns->setSourceColumns(description.columns);
    QStringList notes{QStringLiteral("Filled from %1: %2 columns.").arg(model.sourceTable).arg(description.columns.size())};
    if (description.suggestedLastModified.isEmpty())
        notes << QStringLiteral("No timestamp column looks like a last-modified one: mark one in Columns.");
    else if (const CatalogColumn *cursor = description.column(description.suggestedLastModified);
             cursor && (cursor->nativeType.contains(QLatin1String("without time zone"), Qt::CaseInsensitive) ||
                        cursor->nativeType.startsWith(QLatin1String("datetime"), Qt::CaseInsensitive)))
        notes << QStringLiteral("%1 is a %2 (no time zone): Ferry reads it as UTC; if the application writes local times, "
                                "incremental reads can miss rows.")
                     .arg(cursor->name, cursor->nativeType);
    if (!model.organizationColumn && !source->isSchemaTenanted())
        notes << QStringLiteral("No column looks like a tenant id: set the organization column.");
    else if (model.organizationColumn && !description.suggestedLastModified.isEmpty() &&
             !description.hasIndexStartingWith({*model.organizationColumn, description.suggestedLastModified}))
        notes << QStringLiteral("No index starts with (%1, %2): incremental reads will scan the table; consider adding one.")
                     .arg(*model.organizationColumn, description.suggestedLastModified);
    showBanner(notes.join(QLatin1Char(' ')), notes.size() > 1 ? QStringLiteral("warning") : QStringLiteral("success"));
    Q_EMIT described(description);
}

bool ModelEditor::importFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    ObjectDraft::ParseError parseError;
    const std::optional<ObjectDraft::Json> json = ObjectDraft::parse(QString::fromUtf8(file.readAll()), &parseError);
    if (!json) {
        *error = QStringLiteral("%1 is not a model file: line %2, column %3: %4")
                     .arg(path)
                     .arg(parseError.line)
                     .arg(parseError.column)
                     .arg(parseError.message);
        return false;
    }
    ObjectDraft::Json imported = *json;
    imported.erase("id");
    // Prequel files may leave model_name out: the file's name is the model's.
    if (!imported.contains("model_name"))
        imported["model_name"] = WorkspaceReader::nameFromFileName(path).toStdString();
    replaceDraft(draft().withJson(imported).canonical(), QStringLiteral("import of %1").arg(path));
    showBanner(QStringLiteral("Imported %1: save to keep it.").arg(path), QStringLiteral("info"));
    return true;
}

bool ModelEditor::exportFile(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(draft().fileText().toUtf8());
    if (!file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void ModelEditor::draftChanged(const ObjectDraft &draft)
{
    m_columns->showDraft(issues());
    m_ddl->showDraft(draft);
}

QList<ValidationIssue> ModelEditor::showIssuesInForm(const QList<ValidationIssue> &issues)
{
    m_columns->showDraft(issues);
    return issues;
}

} // namespace ferry::ui
