#pragma once

#include "state/transfer_record.h"

#include <QAbstractTableModel>

namespace ferry::ui {

// One transfer's models as a table (the details pane): mode, cursor range, windows, rows read and written, status
// and error, from the transfer_models rows.
class TransferModelsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ModelColumn,
        StatusColumn,
        ModeColumn,
        CursorFromColumn,
        CursorToColumn,
        WindowsColumn,
        RowsReadColumn,
        RowsWrittenColumn,
        ErrorColumn,
        ColumnCount
    };

    explicit TransferModelsModel(QObject *parent = nullptr);

    void setModels(const QList<ModelMetrics> &models);
    const QList<ModelMetrics> &models() const { return m_models; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "2026-11-29 14:03:07" in local time for a canonical UTC cursor; the text itself when it is not a time.
    static QString cursorText(const QString &cursor);

private:
    QList<ModelMetrics> m_models;
};

} // namespace ferry::ui
