#pragma once

#include "state/transfer_record.h"

#include <QAbstractTableModel>
#include <QList>

namespace ferry::ui {

// The last few transfers of one destination, newest first, for the Recipients page's detail area. Narrowed to one
// model, each row shows that model's own status, rows and error, and transfers without the model are left out.
class RecentTransfersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { StatusColumn, SubmittedColumn, DurationColumn, RowsColumn, ErrorColumn, ColumnCount };

    explicit RecentTransfersModel(QObject *parent = nullptr);

    void setTransfers(const QList<TransferRecord> &transfers, const QString &model = {});
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // One transfer as a row shows it, for the whole destination or for one model of it.
    struct Row
    {
        QString id;
        QString status;
        QDateTime submittedAt;
        QDateTime startedAt;
        QDateTime endedAt;
        qint64 rows = 0;
        std::optional<Error> error;
    };

    QList<Row> m_rows;
};

} // namespace ferry::ui
