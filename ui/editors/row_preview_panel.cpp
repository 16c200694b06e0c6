#include "editors/row_preview_panel.h"

#include "editors/editor_services.h"
#include "editors/editor_style.h"
#include "editors/object_editor.h"
#include "engine/row_preview.h"
#include "models/preview_rows_model.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace ferry::ui {

RowPreviewPanel::RowPreviewPanel(ObjectEditor *editor)
    : QWidget(editor), m_editor(editor), m_recipients(new QComboBox(this)),
      m_button(new QPushButton(QStringLiteral("Preview"), this)), m_status(new QLabel(this)), m_view(new QTableView(this)),
      m_model(new PreviewRowsModel(this))
{
    m_recipients->setObjectName(QStringLiteral("previewRecipient"));
    m_recipients->setMinimumContentsLength(20);
    m_button->setObjectName(QStringLiteral("previewButton"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(QStringLiteral("Choose a recipient and press Preview to see the first 50 rows it would receive."));
    m_view->setObjectName(QStringLiteral("previewView"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);

    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(QStringLiteral("Recipient"), this));
    row->addWidget(m_recipients);
    row->addWidget(m_button);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    connect(m_button, &QPushButton::clicked, this, [this] { m_running ? cancel() : start(); });
    refreshRecipients();
}

RowPreviewPanel::~RowPreviewPanel()
{
    ++m_generation;
    if (m_cancel)
        m_cancel->cancel();
}

void RowPreviewPanel::refreshRecipients()
{
    const QString current = m_recipients->currentText();
    const QSignalBlocker blocker(m_recipients);
    m_recipients->clear();
    const QStringList names = m_editor->services()->workspace().names(ObjectKind::Recipient);
    m_recipients->addItems(names);
    if (m_standIn && !names.contains(m_standIn->name))
        m_recipients->addItem(m_standIn->name);
    setRecipient(current);
}

void RowPreviewPanel::setStandInRecipient(const Recipient &recipient)
{
    m_standIn = recipient;
    refreshRecipients();
    setRecipient(recipient.name);
}

void RowPreviewPanel::setRecipient(const QString &name)
{
    const int index = m_recipients->findText(name);
    if (index >= 0)
        m_recipients->setCurrentIndex(index);
}

void RowPreviewPanel::start()
{
    const Workspace &workspace = m_editor->services()->workspace();
    const Recipient *recipient = workspace.recipient(m_recipients->currentText());
    if (!recipient && m_standIn && m_standIn->name == m_recipients->currentText())
        recipient = &*m_standIn;
    ValidationReport report;
    const Workspace read = m_editor->draft().read(report);
    if (!recipient || read.models.isEmpty()) {
        m_status->setText(!recipient ? QStringLiteral("Add a recipient first: a preview shows one recipient's rows.")
                                     : QStringLiteral("Fix the model first: %1").arg(report.issues().value(0).message));
        m_status->setStyleSheet(EditorStyle::problemTextStyle(true));
        return;
    }
    const quint64 generation = ++m_generation;
    m_cancel = std::make_shared<PreviewCancel>();
    m_running = true;
    m_button->setText(QStringLiteral("Cancel"));
    m_status->setStyleSheet({});
    m_status->setText(QStringLiteral("Reading %1's rows…").arg(recipient->name));
    auto *watcher = new QFutureWatcher<Result<PreviewRows>>(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(watcher, &QFutureWatcher<Result<PreviewRows>>::finished, this, [this, watcher, generation, clock] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_running = false;
        m_button->setText(QStringLiteral("Preview"));
        const Result<PreviewRows> result = watcher->result();
        if (!result) {
            m_model->clear();
            m_status->setText(QStringLiteral("%1: %2").arg(result.error().title, result.error().message));
            m_status->setStyleSheet(EditorStyle::problemTextStyle(true));
            Q_EMIT finished(false);
            return;
        }
        m_model->setRows(*result);
        m_status->setText(QStringLiteral("%1 rows of tenant %2, newest first%3 (%4 ms).")
                              .arg(result->rows.size())
                              .arg(result->tenant, result->more ? QStringLiteral("; the source has more") : QString())
                              .arg(clock->elapsed()));
        m_status->setToolTip(result->query);
        m_view->resizeColumnsToContents();
        Q_EMIT finished(true);
    });
    // The workspace resolves the model's source: the draft stands in for its saved self.
    Workspace context = workspace;
    const Model model = read.models.first();
    watcher->setFuture(QtConcurrent::run([context, model, recipient = *recipient, cancel = m_cancel] {
        return RowPreview::read(context, model, recipient, RowPreview::Options{}, cancel);
    }));
}

void RowPreviewPanel::cancel()
{
    if (m_cancel)
        m_cancel->cancel();
    m_status->setText(QStringLiteral("Cancelling…"));
}

QString RowPreviewPanel::statusText() const
{
    return m_status->text();
}

} // namespace ferry::ui
