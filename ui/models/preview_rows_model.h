#pragma once

#include "engine/row_preview.h"

#include <QAbstractTableModel>

namespace ferry::ui {

// Rows a recipient would receive, as a table headed by the destination's column names; nulls read as "null", in grey.
class PreviewRowsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit PreviewRowsModel(QObject *parent = nullptr);

    void setRows(PreviewRows rows);
    void clear();
    const PreviewRows &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PreviewRows m_rows;
};

} // namespace ferry::ui
