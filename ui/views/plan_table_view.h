#pragma once

#include <QTableView>

namespace ferry::ui {

class TransferPlanModel;

// A dry-run plan as the Run and Full refresh dialogs show it: one compact row per model, read-only, the mode and
// notes wide enough to read.
class PlanTableView : public QTableView
{
    Q_OBJECT

public:
    PlanTableView(TransferPlanModel *model, QWidget *parent = nullptr);
};

} // namespace ferry::ui
