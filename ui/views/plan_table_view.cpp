#include "views/plan_table_view.h"

#include "models/transfer_plan_model.h"

#include <QHeaderView>

namespace ferry::ui {

PlanTableView::PlanTableView(TransferPlanModel *model, QWidget *parent) : QTableView(parent)
{
    setModel(model);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    horizontalHeader()->setHighlightSections(false);
    const auto width = [this](const QString &sample) { return fontMetrics().horizontalAdvance(sample) + 24; };
    horizontalHeader()->resizeSection(TransferPlanModel::ModelColumn, width(QStringLiteral("a_model_name")));
    horizontalHeader()->resizeSection(TransferPlanModel::ModeColumn, width(QStringLiteral("full refresh (truncate)")));
    horizontalHeader()->resizeSection(TransferPlanModel::WindowsColumn, width(QStringLiteral("Windows")));
    horizontalHeader()->resizeSection(TransferPlanModel::EstimatedColumn, width(QStringLiteral("Rows to send_")));
    horizontalHeader()->resizeSection(TransferPlanModel::HeldNowColumn, width(QStringLiteral("Rows there now")));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    setMinimumHeight(verticalHeader()->defaultSectionSize() * 4);
}

} // namespace ferry::ui
