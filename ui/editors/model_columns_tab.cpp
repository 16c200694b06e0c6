#include "editors/model_columns_tab.h"

#include "config/config_json.h"
#include "config/data_types.h"
#include "editors/object_editor.h"
#include "models/model_columns_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

// The Type cell edits with the accepted logical types (a type typed in a file that is not one stays visible).
class DataTypeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *combo = new QComboBox(parent);
        for (const DataTypeInfo &info : DataTypes::all())
            combo->addItem(QString::fromLatin1(info.name));
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        auto *combo = static_cast<QComboBox *>(editor);
        const QString type = index.data(Qt::EditRole).toString();
        int at = combo->findText(DataTypes::canonicalName(type), Qt::MatchFixedString);
        if (at < 0 && !type.isEmpty()) {
            combo->addItem(type);
            at = combo->count() - 1;
        }
        combo->setCurrentIndex(std::max(at, 0));
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QComboBox *>(editor)->currentText(), Qt::EditRole);
    }
};

} // namespace

ModelColumnsTab::ModelColumnsTab(ObjectEditor *editor)
    : QWidget(editor), m_editor(editor), m_model(new ModelColumnsModel(this)), m_view(new QTableView(this)),
      m_summary(new QLabel(this))
{
    m_model->setEditable(true);
    m_view->setObjectName(QStringLiteral("columnsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(ModelColumnsModel::TypeSection, new DataTypeDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDragEnabled(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setStretchLastSection(false);
    // Include first: it is what a builder decides first about each source column.
    header->moveSection(ModelColumnsModel::IncludedSection, 0);
    header->resizeSection(ModelColumnsModel::IncludedSection, 64);
    header->resizeSection(ModelColumnsModel::SourceNameSection, 160);
    header->resizeSection(ModelColumnsModel::DestinationNameSection, 160);
    header->resizeSection(ModelColumnsModel::TypeSection, 100);
    header->resizeSection(ModelColumnsModel::PrimaryKeySection, 44);
    header->resizeSection(ModelColumnsModel::LastModifiedSection, 100);
    header->setSectionResizeMode(ModelColumnsModel::DescriptionSection, QHeaderView::Stretch);

    auto *up = new QPushButton(QStringLiteral("Move up"), this);
    auto *down = new QPushButton(QStringLiteral("Move down"), this);
    connect(up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    m_summary->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(up);
    buttons->addWidget(down);
    auto *hint = new QLabel(QStringLiteral("Double-click a name, type or description to change it; drag rows to set "
                                           "the destination table's column order."),
                            this);
    hint->setEnabled(false);
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(hint);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(m_model, &ModelColumnsModel::columnsEdited, this, &ModelColumnsTab::commit);
}

void ModelColumnsTab::setSourceColumns(const QList<CatalogColumn> &columns)
{
    m_model->setSourceColumns(columns);
    showDraft(m_editor->issues());
}

void ModelColumnsTab::showDraft(const QList<ValidationIssue> &issues)
{
    if (m_committing)
        return;
    ValidationReport ignored;
    const Workspace read = m_editor->draft().read(ignored);
    const QModelIndex current = m_view->currentIndex();
    m_model->setModel(read.models.isEmpty() ? Model() : read.models.first(), issues);
    if (current.isValid())
        m_view->setCurrentIndex(m_model->index(std::min(current.row(), m_model->rowCount() - 1), current.column()));
    m_summary->setText(QStringLiteral("%1 of %2 columns delivered").arg(m_model->includedCount()).arg(m_model->rowCount()));
}

void ModelColumnsTab::commit(const QString &what, const QString &mergeKey)
{
    ObjectDraft::Json columns = ObjectDraft::Json::array();
    Model model;
    model.columns = m_model->includedColumns();
    // The columns as a file writes them, so the draft stays in export's key order.
    const ObjectDraft::Json json = ConfigJson::toJson(model, false);
    if (json.contains("columns"))
        columns = json["columns"];
    m_committing = true;
    if (mergeKey.isEmpty())
        m_editor->replaceDraft(m_editor->draft().with(QStringLiteral("columns"), columns).canonical(), what);
    else
        m_editor->edit(QStringLiteral("columns"), columns, mergeKey);
    m_committing = false;
    showDraft(m_editor->issues());
}

void ModelColumnsTab::moveCurrent(int delta)
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const int row = current.row();
    const int target = row + delta;
    if (target < 0 || target >= m_model->rowCount())
        return;
    m_model->moveRows({}, row, 1, {}, delta > 0 ? target + 1 : target);
    m_view->setCurrentIndex(m_model->index(target, current.column()));
}

} // namespace ferry::ui
