#pragma once

#include "engine/transfer_preview.h"

#include <QAbstractTableModel>

namespace ferry::ui {

// A transfer's dry-run plan as a table, one row per model: mode, load, windows, estimated rows, the rows the
// destination holds now (what a full refresh replaces), and errors or cursor warnings.
class TransferPlanModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ModelColumn, ModeColumn, WindowsColumn, EstimatedColumn, HeldNowColumn, NotesColumn, ColumnCount };

    explicit TransferPlanModel(QObject *parent = nullptr);

    void setPreview(const TransferPreview &preview);
    void clear();
    const TransferPreview &preview() const { return m_preview; }
    int errorCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    TransferPreview m_preview;
};

} // namespace ferry::ui
