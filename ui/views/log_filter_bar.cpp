#include "views/log_filter_bar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>

namespace ferry::ui {

namespace {

constexpr int kTypingDelayMs = 250;

const char *const kPhases[] = {"connect", "plan", "read", "stage", "audit", "publish", "cleanup"};

QLineEdit *filterEdit(const QString &placeholder, int minimumChars, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    edit->setMinimumWidth(edit->fontMetrics().averageCharWidth() * minimumChars);
    return edit;
}

} // namespace

LogFilterBar::LogFilterBar(QWidget *parent) : QWidget(parent)
{
    m_level = new QComboBox(this);
    m_level->setToolTip(tr("Minimum level"));
    m_level->addItem(tr("All levels"), QString());
    m_level->addItem(tr("Debug and above"), QStringLiteral("debug"));
    m_level->addItem(tr("Info and above"), QStringLiteral("info"));
    m_level->addItem(tr("Warning and above"), QStringLiteral("warning"));
    m_level->addItem(tr("Errors only"), QStringLiteral("error"));

    m_phase = new QComboBox(this);
    m_phase->setToolTip(tr("Phase of the transfer"));
    m_phase->addItem(tr("Any phase"), QString());
    for (const char *phase : kPhases)
        m_phase->addItem(QString::fromLatin1(phase), QString::fromLatin1(phase));

    m_transfer = filterEdit(tr("Transfer id"), 14, this);
    m_model = filterEdit(tr("Model"), 10, this);
    m_text = filterEdit(tr("Search messages"), 18, this);

    m_follow = new QToolButton(this);
    m_follow->setText(tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_follow->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_follow->setToolTip(tr("Show new events as they are written, keeping the newest in view"));

    m_export = new QToolButton(this);
    m_export->setText(tr("Export…"));
    m_export->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_export->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_export->setToolTip(tr("Save every event matching the filters as JSON lines"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_level);
    layout->addWidget(m_phase);
    layout->addWidget(m_transfer, 2);
    layout->addWidget(m_model, 1);
    layout->addWidget(m_text, 3);
    layout->addWidget(m_follow);
    layout->addWidget(m_export);

    m_typing.setSingleShot(true);
    m_typing.setInterval(kTypingDelayMs);
    connect(&m_typing, &QTimer::timeout, this, &LogFilterBar::emitQuery);
    for (QLineEdit *edit : {m_transfer, m_model, m_text}) {
        connect(edit, &QLineEdit::textChanged, &m_typing, qOverload<>(&QTimer::start));
        // Enter needs no wait.
        connect(edit, &QLineEdit::returnPressed, this, &LogFilterBar::emitQuery);
    }
    for (QComboBox *box : {m_level, m_phase})
        connect(box, &QComboBox::currentIndexChanged, this, &LogFilterBar::emitQuery);
    connect(m_follow, &QToolButton::toggled, this, &LogFilterBar::followToggled);
    connect(m_export, &QToolButton::clicked, this, &LogFilterBar::exportRequested);
}

LogQuery LogFilterBar::query() const
{
    LogQuery query;
    query.minimumLevel = m_level->currentData().toString();
    query.phase = m_phase->currentData().toString();
    query.transferId = m_transfer->text().trimmed();
    query.modelName = m_model->text().trimmed();
    query.text = m_text->text().trimmed();
    return query;
}

void LogFilterBar::fill(const LogQuery &query)
{
    const QSignalBlocker blockLevel(m_level), blockPhase(m_phase), blockTransfer(m_transfer),
        blockModel(m_model), blockText(m_text);
    m_level->setCurrentIndex(qMax(0, m_level->findData(query.minimumLevel)));
    m_phase->setCurrentIndex(qMax(0, m_phase->findData(query.phase)));
    m_transfer->setText(query.transferId);
    m_model->setText(query.modelName);
    m_text->setText(query.text);
}

void LogFilterBar::setQuery(const LogQuery &query)
{
    fill(query);
    m_typing.stop();
    m_emitted = this->query();
    Q_EMIT queryChanged(m_emitted);
}

void LogFilterBar::setTransferId(const QString &transferId)
{
    LogQuery next = query();
    next.transferId = transferId;
    setQuery(next);
}

void LogFilterBar::emitQuery()
{
    m_typing.stop();
    const LogQuery next = query();
    if (next == m_emitted)
        return;
    m_emitted = next;
    Q_EMIT queryChanged(next);
}

bool LogFilterBar::isFollowing() const
{
    return m_follow->isChecked();
}

void LogFilterBar::setFollowing(bool on)
{
    m_follow->setChecked(on);
}

QVariantMap LogFilterBar::toSettings() const
{
    const LogQuery current = query();
    return {
        {QStringLiteral("level"), current.minimumLevel},  {QStringLiteral("phase"), current.phase},
        {QStringLiteral("transfer"), current.transferId}, {QStringLiteral("model"), current.modelName},
        {QStringLiteral("text"), current.text},           {QStringLiteral("follow"), isFollowing()},
    };
}

void LogFilterBar::restoreSettings(const QVariantMap &settings)
{
    LogQuery restored;
    restored.minimumLevel = settings.value(QStringLiteral("level")).toString();
    restored.phase = settings.value(QStringLiteral("phase")).toString();
    restored.transferId = settings.value(QStringLiteral("transfer")).toString();
    restored.modelName = settings.value(QStringLiteral("model")).toString();
    restored.text = settings.value(QStringLiteral("text")).toString();
    fill(restored);
    m_emitted = query();
    const QSignalBlocker blockFollow(m_follow);
    m_follow->setChecked(settings.value(QStringLiteral("follow")).toBool());
}

} // namespace ferry::ui
