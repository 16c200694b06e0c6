#include "models/recipient_health_model.h"

#include "engine/scheduler.h"
#include "models/transfer_display.h"
#include "rows/canonical_value.h"

#include <QApplication>
#include <QFont>
#include <QStyle>

#include <algorithm>

namespace ferry::ui {

namespace {

const QString kRunning = QStringLiteral("RUNNING");

// Worst first: what a recipient row shows when its destinations disagree.
int severity(const QString &status)
{
    if (TransferDisplay::isFailure(status))
        return 5;
    if (status == QLatin1String("RUNNING"))
        return 4;
    if (status == QLatin1String("PENDING"))
        return 3;
    if (status == QLatin1String("CANCELLED"))
        return 2;
    if (!status.isEmpty())
        return 1;
    return 0;
}

QString statusTextOf(const QString &status)
{
    if (status.isEmpty())
        return QStringLiteral("Never ran");
    if (status == QLatin1String("RUNNING"))
        return QStringLiteral("Running now");
    return TransferDisplay::statusText(status);
}

QString errorLine(const QString &code, const QString &title)
{
    if (title.isEmpty())
        return code;
    return code.isEmpty() ? title : QStringLiteral("%1 (%2)").arg(title, code);
}

} // namespace

RecipientHealthModel::RecipientHealthModel(QObject *parent) : QAbstractItemModel(parent) {}

RecipientHealthModel::~RecipientHealthModel() = default;

QString RecipientHealthModel::lagText(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("< 1 min"); // also a checkpoint slightly ahead of this machine's clock
    if (seconds < 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 48 * 3600)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    return QStringLiteral("%1 days").arg(seconds / 86400);
}

void RecipientHealthModel::setWorkspace(const Workspace &workspace)
{
    // The tree's shape as (recipient, destination id, model) paths: when only fields changed, cells change, not rows.
    auto shape = [](const Workspace &w) {
        QStringList paths;
        for (const Recipient &recipient : w.recipients)
            paths << recipient.name;
        for (const Destination &destination : w.destinations) {
            paths << destination.recipient + u'/' + destination.name + u'/' + destination.id;
            for (const QString &model : w.modelNamesFor(destination))
                paths << destination.id + u'/' + model;
        }
        return paths;
    };
    if (!m_recipients.empty() && shape(workspace) == shape(m_workspace)) {
        m_workspace = workspace;
        notifyAllChanged();
        return;
    }
    beginResetModel();
    m_workspace = workspace;
    m_recipients.clear();
    auto addRecipient = [this](const QString &name) {
        auto node = std::make_unique<Node>();
        node->kind = Kind::Recipient;
        node->name = name;
        node->row = int(m_recipients.size());
        m_recipients.push_back(std::move(node));
        return m_recipients.back().get();
    };
    QHash<QString, Node *> byName;
    for (const Recipient &recipient : m_workspace.recipients)
        byName.insert(recipient.name, addRecipient(recipient.name));
    for (const Destination &destination : m_workspace.destinations) {
        Node *recipient = byName.value(destination.recipient);
        if (!recipient) // validation reports it; the destination still shows, under the name it gives
            recipient = byName.insert(destination.recipient, addRecipient(destination.recipient)).value();
        auto node = std::make_unique<Node>();
        node->kind = Kind::Destination;
        node->name = destination.name;
        node->destinationId = destination.id;
        node->parent = recipient;
        node->row = int(recipient->children.size());
        for (const QString &model : m_workspace.modelNamesFor(destination)) {
            auto child = std::make_unique<Node>();
            child->kind = Kind::Model;
            child->name = model;
            child->destinationId = destination.id;
            child->parent = node.get();
            child->row = int(node->children.size());
            node->children.push_back(std::move(child));
        }
        recipient->children.push_back(std::move(node));
    }
    computeCells();
    endResetModel();
}

void RecipientHealthModel::setHealth(const RecipientHealth &health)
{
    m_health = health;
    notifyAllChanged();
}

void RecipientHealthModel::setSourceCheck(const QList<ModelCheck> &checks)
{
    for (const ModelCheck &check : checks)
        m_checks.insert(check.model, check);
    notifyAllChanged();
}

std::optional<ModelCheck> RecipientHealthModel::sourceCheck(const QString &model) const
{
    const auto found = m_checks.constFind(model);
    return found == m_checks.cend() ? std::nullopt : std::optional<ModelCheck>(*found);
}

std::optional<Checkpoint> RecipientHealthModel::checkpoint(const QString &destinationId, const QString &model) const
{
    for (const Checkpoint &checkpoint : m_health.checkpoints.value(destinationId)) {
        if (checkpoint.modelName == model)
            return checkpoint;
    }
    return std::nullopt;
}

std::optional<ModelActivity> RecipientHealthModel::modelActivity(const QString &destinationId, const QString &model) const
{
    for (const ModelActivity &activity : m_health.models.value(destinationId)) {
        if (activity.modelName == model)
            return activity;
    }
    return std::nullopt;
}

void RecipientHealthModel::notifyAllChanged()
{
    computeCells();
    if (m_recipients.empty())
        return;
    // One signal per level and parent: views repaint what they show, nothing is inserted or removed.
    Q_EMIT dataChanged(index(0, 0), index(int(m_recipients.size()) - 1, ColumnCount - 1));
    for (const auto &recipient : m_recipients) {
        if (recipient->children.empty())
            continue;
        const QModelIndex recipientIndex = indexOf(recipient.get());
        Q_EMIT dataChanged(index(0, 0, recipientIndex), index(int(recipient->children.size()) - 1, ColumnCount - 1, recipientIndex));
        for (const auto &destination : recipient->children) {
            if (destination->children.empty())
                continue;
            const QModelIndex destinationIndex = indexOf(destination.get());
            Q_EMIT dataChanged(index(0, 0, destinationIndex),
                               index(int(destination->children.size()) - 1, ColumnCount - 1, destinationIndex));
        }
    }
}

void RecipientHealthModel::computeCells()
{
    for (const auto &recipient : m_recipients) {
        for (const auto &destination : recipient->children) {
            for (const auto &model : destination->children)
                model->cells = modelCells(*model);
            destination->cells = destinationCells(*destination);
        }
        recipient->cells = recipientCells(*recipient);
    }
}

RecipientHealthModel::Cells RecipientHealthModel::modelCells(const Node &node) const
{
    Cells cells;
    if (const std::optional<ModelActivity> activity = modelActivity(node.destinationId, node.name)) {
        cells.status = activity->lastStatus;
        cells.failed = TransferDisplay::isFailure(activity->lastStatus);
        if (cells.failed)
            cells.statusToolTip = errorLine(activity->lastErrorCode, activity->lastErrorTitle);
        cells.lastTransfer = activity->lastEndedAt;
        cells.lastSuccess = activity->lastSuccessAt;
        if (activity->lastSuccessAt.isValid())
            cells.rows = activity->lastSuccessRows;
    }
    cells.statusText = statusTextOf(cells.status);
    if (const std::optional<Checkpoint> checkpoint = this->checkpoint(node.destinationId, node.name);
        checkpoint && !checkpoint->cursorValue.isEmpty()) {
        cells.checkpoint = checkpoint->cursorValue;
        cells.checkpointTime = CanonicalValue::toDateTime(checkpoint->cursorValue.toLatin1());
        if (m_health.readAt.isValid())
            cells.lagSeconds = cells.checkpointTime.secsTo(m_health.readAt);
    }
    return cells;
}

RecipientHealthModel::Cells RecipientHealthModel::destinationCells(const Node &node) const
{
    Cells cells;
    const auto found = m_health.destinations.constFind(node.destinationId);
    const DestinationActivity *activity = found == m_health.destinations.cend() ? nullptr : &*found;
    if (activity && activity->latest) {
        const TransferSummary &latest = *activity->latest;
        cells.status = latest.status;
        cells.failed = TransferDisplay::isFailure(latest.status);
        cells.lastTransfer = latest.endedAt.isValid() ? latest.endedAt
                             : latest.startedAt.isValid() ? latest.startedAt
                                                          : latest.submittedAt;
        if (cells.failed) {
            cells.statusToolTip = errorLine(latest.errorCode, latest.errorTitle);
            if (latest.modelCount > 0)
                cells.statusToolTip += QStringLiteral("\n%1 of %2 models failed").arg(latest.modelsFailed).arg(latest.modelCount);
        }
    }
    if (activity && activity->running > 0)
        cells.status = kRunning;
    cells.statusText = statusTextOf(cells.status);
    if (activity && activity->latestSuccess) {
        cells.lastSuccess = activity->latestSuccess->endedAt;
        cells.rows = activity->latestSuccess->rowsTransferred;
    }

    const Destination *destination = m_workspace.destinationFor(node.destinationId, node.name);
    if (!destination || !destination->effectiveEnabled()) {
        cells.nextRunText = QStringLiteral("manual");
    } else if (activity && activity->pending > 0) {
        cells.nextRunText = QStringLiteral("queued");
    } else {
        const QDateTime next = Scheduler::nextRun(*destination, m_health.lastScheduled.value(node.destinationId));
        if (m_health.readAt.isValid() && next <= m_health.readAt)
            cells.nextRunText = QStringLiteral("due now");
        else
            cells.nextRun = next;
    }
    // The destination is as far behind as its furthest-behind model.
    for (const auto &model : node.children) {
        if (model->cells.checkpoint.isEmpty())
            continue;
        if (cells.checkpoint.isEmpty() || model->cells.checkpoint < cells.checkpoint) {
            cells.checkpoint = model->cells.checkpoint;
            cells.checkpointTime = model->cells.checkpointTime;
            cells.lagSeconds = model->cells.lagSeconds;
        }
    }
    return cells;
}

RecipientHealthModel::Cells RecipientHealthModel::recipientCells(const Node &node)
{
    Cells cells;
    int failing = 0;
    const Cells *worst = nullptr;
    for (const auto &child : node.children) {
        const Cells &c = child->cells;
        failing += c.failed ? 1 : 0;
        if (!worst || severity(c.status) > severity(worst->status))
            worst = &c;
        cells.lastTransfer = std::max(cells.lastTransfer, c.lastTransfer);
        cells.lastSuccess = std::max(cells.lastSuccess, c.lastSuccess);
        if (c.nextRun.isValid() && (!cells.nextRun.isValid() || c.nextRun < cells.nextRun))
            cells.nextRun = c.nextRun;
        if (c.nextRunText != QLatin1String("manual") && !c.nextRun.isValid())
            cells.nextRunText = c.nextRunText; // due now or queued: sooner than any time
        if (c.lagSeconds && (!cells.lagSeconds || *c.lagSeconds > *cells.lagSeconds))
            cells.lagSeconds = c.lagSeconds;
    }
    if (cells.nextRunText.isEmpty() && !cells.nextRun.isValid() && !node.children.empty())
        cells.nextRunText = QStringLiteral("manual");
    if (!cells.nextRunText.isEmpty())
        cells.nextRun = QDateTime();
    if (worst) {
        cells.status = worst->status;
        cells.failed = failing > 0;
        cells.statusText = failing > 0 && node.children.size() > 1
                               ? QStringLiteral("%1 of %2 failing").arg(failing).arg(node.children.size())
                               : worst->statusText;
        QStringList tips;
        for (const auto &child : node.children) {
            if (child->cells.failed)
                tips << QStringLiteral("%1: %2").arg(child->name, child->cells.statusToolTip.section(u'\n', 0, 0));
        }
        cells.statusToolTip = tips.join(u'\n');
    } else {
        cells.statusText = QStringLiteral("No destinations");
    }
    return cells;
}

RecipientHealthModel::Node *RecipientHealthModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : nullptr;
}

QModelIndex RecipientHealthModel::indexOf(const Node *node, int column) const
{
    return node ? createIndex(node->row, column, const_cast<Node *>(node)) : QModelIndex();
}

QModelIndex RecipientHealthModel::recipientIndex(const QString &name) const
{
    for (const auto &recipient : m_recipients) {
        if (recipient->name == name)
            return indexOf(recipient.get());
    }
    return {};
}

QModelIndex RecipientHealthModel::destinationIndex(const QString &name) const
{
    for (const auto &recipient : m_recipients) {
        for (const auto &destination : recipient->children) {
            if (destination->name == name)
                return indexOf(destination.get());
        }
    }
    return {};
}

QModelIndex RecipientHealthModel::modelIndex(const QString &destination, const QString &model) const
{
    const Node *parent = nodeAt(destinationIndex(destination));
    if (!parent)
        return {};
    for (const auto &child : parent->children) {
        if (child->name == model)
            return indexOf(child.get());
    }
    return {};
}

QModelIndex RecipientHealthModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *parentNode = nodeAt(parent);
    const auto &siblings = parentNode ? parentNode->children : m_recipients;
    if (std::size_t(row) >= siblings.size())
        return {};
    return indexOf(siblings[std::size_t(row)].get(), column);
}

QModelIndex RecipientHealthModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeAt(child);
    return node ? indexOf(node->parent) : QModelIndex();
}

int RecipientHealthModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const Node *node = nodeAt(parent);
    return int(node ? node->children.size() : m_recipients.size());
}

int RecipientHealthModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant RecipientHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && (section == RowsColumn || section == LagColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter); // over the numbers they head
    if (role != Qt::DisplayRole)
        return {};
    static const char *const titles[] = {"Name", "Status", "Last transfer", "Next run", "Checkpoint",
                                         "Lag",  "Last success", "Rows"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(titles[section]) : QVariant();
}

QVariant RecipientHealthModel::displayData(const Node &node, int column) const
{
    const Cells &c = node.cells;
    switch (column) {
    case NameColumn:
        return node.name;
    case StatusColumn:
        return c.statusText;
    case LastTransferColumn:
        return TransferDisplay::relativeTime(c.lastTransfer, m_health.readAt);
    case NextRunColumn:
        if (node.kind == Kind::Model)
            return QString();
        return c.nextRun.isValid() ? TransferDisplay::relativeTime(c.nextRun, m_health.readAt) : c.nextRunText;
    case CheckpointColumn:
        return node.kind == Kind::Recipient ? QString() : TransferDisplay::time(c.checkpointTime);
    case LagColumn:
        return c.lagSeconds ? lagText(*c.lagSeconds) : QString();
    case LastSuccessColumn:
        return TransferDisplay::time(c.lastSuccess);
    case RowsColumn:
        return c.rows ? TransferDisplay::count(*c.rows) : QString();
    default:
        return {};
    }
}

QVariant RecipientHealthModel::toolTipData(const Node &node, int column) const
{
    const Cells &c = node.cells;
    switch (column) {
    case NameColumn:
        if (node.kind == Kind::Model) {
            if (const std::optional<ModelCheck> check = sourceCheck(node.name)) {
                QStringList lines = check->warnings;
                if (check->error)
                    lines.prepend(check->error->toString());
                if (!lines.isEmpty())
                    return lines.join(u'\n');
            }
        }
        return c.failed ? c.statusToolTip : QVariant();
    case StatusColumn:
        return c.statusToolTip.isEmpty() ? QVariant() : c.statusToolTip;
    case LastTransferColumn:
        return TransferDisplay::time(c.lastTransfer);
    case NextRunColumn:
        if (c.nextRun.isValid())
            return TransferDisplay::time(c.nextRun);
        if (c.nextRunText == QLatin1String("manual"))
            return QStringLiteral("Not scheduled (enabled is off): transfers run only when someone starts one");
        if (c.nextRunText == QLatin1String("queued"))
            return QStringLiteral("A transfer is waiting in the queue");
        return c.nextRunText.isEmpty() ? QVariant() : QStringLiteral("The scheduler enqueues it on its next pass");
    case CheckpointColumn:
        return c.checkpoint.isEmpty() ? QVariant()
               : node.kind == Kind::Destination
                   ? QStringLiteral("%1 UTC (the oldest of its models)").arg(c.checkpoint)
                   : QStringLiteral("%1 UTC").arg(c.checkpoint);
    case LagColumn:
        return c.lagSeconds ? QStringLiteral("How far the checkpoint is behind now") : QVariant();
    default:
        return {};
    }
}

QVariant RecipientHealthModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return {};
    const int column = index.column();
    const Cells &c = node->cells;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(*node, column);
    case Qt::ToolTipRole:
        return toolTipData(*node, column);
    case Qt::DecorationRole:
        if (column == StatusColumn && !c.status.isEmpty())
            return TransferDisplay::statusIcon(c.status);
        if (column == NameColumn && node->kind == Kind::Model) {
            if (const std::optional<ModelCheck> check = sourceCheck(node->name)) {
                if (check->error)
                    return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
                if (!check->warnings.isEmpty())
                    return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            }
        }
        return {};
    case Qt::ForegroundRole:
        if (c.failed && (column == NameColumn || column == StatusColumn))
            return TransferDisplay::statusColor(c.status);
        return {};
    case Qt::FontRole:
        if (node->kind == Kind::Recipient && column == NameColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == RowsColumn || column == LagColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case KindRole:
        return int(node->kind);
    case NameRole:
        return node->name;
    case RecipientRole: {
        const Node *recipient = node;
        while (recipient->parent)
            recipient = recipient->parent;
        return recipient->name;
    }
    case DestinationRole:
        return node->kind == Kind::Destination ? node->name
               : node->kind == Kind::Model     ? node->parent->name
                                               : QString();
    case ModelRole:
        return node->kind == Kind::Model ? node->name : QString();
    case StatusRole:
        return c.status;
    case FailedRole:
        return c.failed;
    case CheckpointRole:
        return node->kind == Kind::Model ? c.checkpoint : QString();
    case WarningsRole: {
        if (node->kind != Kind::Model)
            return QStringList();
        const std::optional<ModelCheck> check = sourceCheck(node->name);
        if (!check)
            return QStringList();
        QStringList lines = check->warnings;
        if (check->error)
            lines.prepend(check->error->toString());
        return lines;
    }
    default:
        return {};
    }
}

} // namespace ferry::ui
