#pragma once

#include "config/workspace.h"
#include "engine/source_check.h"
#include "loading/recipient_health_reader.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <optional>
#include <vector>

namespace ferry::ui {

// The Recipients page's tree: recipient rows, their destinations, and per destination the models it receives,
// each with its last transfer, next scheduled run, checkpoint, lag and last success. The shape follows the
// workspace (a reset); a new read of the state database only changes cells (dataChanged), so the selection and
// the expanded rows survive the page's periodic reload.
class RecipientHealthModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        StatusColumn,
        LastTransferColumn,
        NextRunColumn,
        CheckpointColumn,
        LagColumn,
        LastSuccessColumn,
        RowsColumn,
        ColumnCount
    };
    enum class Kind { Recipient, Destination, Model };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(Kind)
        NameRole,                    // the row's own name (what the filter matches)
        RecipientRole,               // the recipient's name, on every row
        DestinationRole,             // destination and model rows: the destination's name
        ModelRole,                   // model rows: the model's name
        StatusRole,                  // the raw status (SUCCESS, ERROR...), "RUNNING" while one runs, empty: never ran
        FailedRole,                  // the newest transfer failed (recipients: one of their destinations' did)
        CheckpointRole,              // model rows: the canonical cursor, empty without one
        WarningsRole,                // model rows: the last source check's warnings (and error), QStringList
    };

    explicit RecipientHealthModel(QObject *parent = nullptr);
    ~RecipientHealthModel() override;

    void setWorkspace(const Workspace &workspace);
    void setHealth(const RecipientHealth &health);
    // A source check's results, per model of the checked source (replaces what an earlier check said).
    void setSourceCheck(const QList<ModelCheck> &checks);
    const Workspace &workspace() const { return m_workspace; }
    const RecipientHealth &health() const { return m_health; }
    std::optional<ModelCheck> sourceCheck(const QString &model) const;
    std::optional<Checkpoint> checkpoint(const QString &destinationId, const QString &model) const;
    std::optional<ModelActivity> modelActivity(const QString &destinationId, const QString &model) const;

    QModelIndex recipientIndex(const QString &name) const;
    QModelIndex destinationIndex(const QString &name) const;
    QModelIndex modelIndex(const QString &destination, const QString &model) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "4 min", "3 h", "12 days": how far a checkpoint is behind now.
    static QString lagText(qint64 seconds);

private:
    // What a row shows, computed once per read rather than on every paint.
    struct Cells
    {
        QString status;      // raw; "RUNNING" while running, empty when it never ran
        QString statusText;
        QString statusToolTip;
        bool failed = false;
        QDateTime lastTransfer;
        QDateTime nextRun;
        QString nextRunText; // "manual", "due now", "queued"... when not a time
        QString checkpoint;  // canonical
        QDateTime checkpointTime;
        std::optional<qint64> lagSeconds;
        QDateTime lastSuccess;
        std::optional<qint64> rows;
    };
    struct Node
    {
        Kind kind = Kind::Recipient;
        QString name;
        QString destinationId; // destination and model rows
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
        Cells cells;
    };

    Node *nodeAt(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node, int column = NameColumn) const;
    void computeCells();
    Cells modelCells(const Node &node) const;
    Cells destinationCells(const Node &node) const;
    static Cells recipientCells(const Node &node);
    QVariant displayData(const Node &node, int column) const;
    QVariant toolTipData(const Node &node, int column) const;
    void notifyAllChanged();

    Workspace m_workspace;
    RecipientHealth m_health;
    QHash<QString, ModelCheck> m_checks; // by model name
    std::vector<std::unique_ptr<Node>> m_recipients;
};

} // namespace ferry::ui
