#include "views/transfer_filter_bar.h"

#include "models/transfer_display.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QToolButton>

namespace ferry::ui {

namespace {

constexpr int kTypingPauseMs = 250;
const QString kFailed = QStringLiteral("failed");
const QStringList kStatuses = {QStringLiteral("RUNNING"), QStringLiteral("PENDING"), QStringLiteral("SUCCESS"),
                               QStringLiteral("ERROR"), QStringLiteral("PARTIAL_FAILURE"), QStringLiteral("CANCELLED"),
                               QStringLiteral("KILLED"), QStringLiteral("EXPIRED"), QStringLiteral("ORPHANED")};

// Keeps a combo box's current item (by its data) across a refill.
void refill(QComboBox *box, const QString &anyText, const QList<QPair<QString, QString>> &items)
{
    const QString current = box->currentData().toString();
    const QSignalBlocker blocker(box);
    box->clear();
    box->addItem(anyText, QString());
    for (const auto &[text, data] : items)
        box->addItem(text, data);
    box->setCurrentIndex(qMax(0, box->findData(current)));
}

} // namespace

TransferFilterBar::TransferFilterBar(QWidget *parent)
    : QWidget(parent),
      m_status(new QComboBox(this)),
      m_recipient(new QComboBox(this)),
      m_destination(new QComboBox(this)),
      m_range(new QComboBox(this)),
      m_tag(new QLineEdit(this)),
      m_text(new QLineEdit(this)),
      m_clear(new QToolButton(this)),
      m_count(new QLabel(this)),
      m_typing(new QTimer(this))
{
    m_status->addItem(QStringLiteral("All statuses"), QString());
    m_status->addItem(TransferDisplay::statusIcon(QStringLiteral("ERROR")), QStringLiteral("Failed (any)"), kFailed);
    for (const QString &status : kStatuses)
        m_status->addItem(TransferDisplay::statusIcon(status), TransferDisplay::statusText(status), status);
    m_status->setToolTip(QStringLiteral("Status; \"Failed (any)\" is error, partial failure, killed, orphaned or expired"));
    refill(m_recipient, QStringLiteral("All recipients"), {});
    refill(m_destination, QStringLiteral("All destinations"), {});
    m_recipient->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_destination->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_range->addItem(QStringLiteral("Any time"), int(Range::Any));
    m_range->addItem(QStringLiteral("Last hour"), int(Range::LastHour));
    m_range->addItem(QStringLiteral("Last 24 hours"), int(Range::LastDay));
    m_range->addItem(QStringLiteral("Last 7 days"), int(Range::LastWeek));
    m_range->addItem(QStringLiteral("Last 30 days"), int(Range::LastMonth));
    m_range->setToolTip(QStringLiteral("Submitted within"));
    m_tag->setPlaceholderText(QStringLiteral("Tag key=value"));
    m_tag->setClearButtonEnabled(true);
    m_tag->setToolTip(QStringLiteral("Transfers with this tag: `key=value`, or `key` for any value"));
    m_tag->setMaximumWidth(180);
    m_text->setPlaceholderText(QStringLiteral("Search id, tag or error"));
    m_text->setClearButtonEnabled(true);
    m_text->setToolTip(QStringLiteral("Part of a transfer id, a tag value, or an error's code, title or message"));
    m_clear->setText(QStringLiteral("Clear"));
    m_clear->setToolTip(QStringLiteral("Show every transfer"));
    m_count->setObjectName(QStringLiteral("transferCount"));
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(QStringLiteral("1,000,000 transfers")));
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_typing->setSingleShot(true);
    m_typing->setInterval(kTypingPauseMs);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_status);
    layout->addWidget(m_recipient);
    layout->addWidget(m_destination);
    layout->addWidget(m_range);
    layout->addWidget(m_tag);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_clear);
    layout->addWidget(m_count);

    for (QComboBox *box : {m_status, m_recipient, m_destination, m_range})
        connect(box, &QComboBox::currentIndexChanged, this, &TransferFilterBar::changed);
    for (QLineEdit *edit : {m_tag, m_text})
        connect(edit, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_typing, &QTimer::timeout, this, &TransferFilterBar::changed);
    connect(m_clear, &QToolButton::clicked, this, &TransferFilterBar::clear);
}

void TransferFilterBar::changed()
{
    m_typing->stop();
    m_clear->setEnabled(!query().isEmpty());
    Q_EMIT queryChanged();
}

void TransferFilterBar::setWorkspace(const Workspace &workspace)
{
    QList<QPair<QString, QString>> recipients;
    for (const Recipient &recipient : workspace.recipients)
        recipients.append({recipient.name, recipient.name});
    refill(m_recipient, QStringLiteral("All recipients"), recipients);
    QList<QPair<QString, QString>> destinations;
    for (const Destination &destination : workspace.destinations)
        destinations.append({destination.name, destination.id});
    refill(m_destination, QStringLiteral("All destinations"), destinations);
}

TransferQuery TransferFilterBar::query(const QDateTime &now) const
{
    TransferQuery query;
    const QString status = m_status->currentData().toString();
    query.statuses = status == kFailed ? TransferDisplay::failureStatuses() : (status.isEmpty() ? QStringList() : QStringList{status});
    query.recipientName = m_recipient->currentData().toString();
    query.destinationId = m_destination->currentData().toString();
    const QString tag = m_tag->text().trimmed();
    const qsizetype equals = tag.indexOf(QLatin1Char('='));
    query.tagKey = (equals < 0 ? tag : tag.left(equals)).trimmed();
    query.tagValue = equals < 0 ? QString() : tag.mid(equals + 1).trimmed();
    switch (Range(m_range->currentData().toInt())) {
    case Range::Any: break;
    case Range::LastHour: query.submittedFrom = now.addSecs(-3600); break;
    case Range::LastDay: query.submittedFrom = now.addDays(-1); break;
    case Range::LastWeek: query.submittedFrom = now.addDays(-7); break;
    case Range::LastMonth: query.submittedFrom = now.addDays(-30); break;
    }
    query.text = m_text->text().trimmed();
    return query;
}

void TransferFilterBar::setCount(qint64 count)
{
    m_count->setText(count < 0 ? QStringLiteral("Counting…")
                               : count == 1 ? QStringLiteral("1 transfer")
                                            : QStringLiteral("%1 transfers").arg(TransferDisplay::count(count)));
}

QString TransferFilterBar::countText() const
{
    return m_count->text();
}

bool TransferFilterBar::setStatusFilter(const QString &status)
{
    const int index = m_status->findData(status);
    if (index < 0)
        return false;
    m_status->setCurrentIndex(index);
    return true;
}

QVariantMap TransferFilterBar::state() const
{
    return {{QStringLiteral("status"), m_status->currentData()},
            {QStringLiteral("recipient"), m_recipient->currentData()},
            {QStringLiteral("destination"), m_destination->currentData()},
            {QStringLiteral("range"), m_range->currentData()},
            {QStringLiteral("tag"), m_tag->text()},
            {QStringLiteral("text"), m_text->text()}};
}

void TransferFilterBar::restoreState(const QVariantMap &state)
{
    {
        const QSignalBlocker blockers[] = {QSignalBlocker(m_status), QSignalBlocker(m_recipient),
                                           QSignalBlocker(m_destination), QSignalBlocker(m_range),
                                           QSignalBlocker(m_tag), QSignalBlocker(m_text)};
        // A recipient or destination not in the lists yet is added, so the filter holds until the workspace loads.
        const auto select = [](QComboBox *box, const QVariant &value) {
            if (value.toString().isEmpty())
                return box->setCurrentIndex(0);
            if (box->findData(value) < 0)
                box->addItem(value.toString(), value);
            box->setCurrentIndex(box->findData(value));
        };
        m_status->setCurrentIndex(qMax(0, m_status->findData(state.value(QStringLiteral("status")))));
        select(m_recipient, state.value(QStringLiteral("recipient")));
        select(m_destination, state.value(QStringLiteral("destination")));
        m_range->setCurrentIndex(qMax(0, m_range->findData(state.value(QStringLiteral("range")))));
        m_tag->setText(state.value(QStringLiteral("tag")).toString());
        m_text->setText(state.value(QStringLiteral("text")).toString());
    }
    changed();
}

void TransferFilterBar::clear()
{
    restoreState({});
}

} // namespace ferry::ui
