#include "editors/connection_test_panel.h"

#include "connectors/connection_tester.h"
#include "connectors/query_cancel.h"
#include "editors/editor_style.h"
#include "editors/object_editor.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QTextDocumentFragment>
#include <QtConcurrent/QtConcurrentRun>

namespace ferry::ui {

ConnectionTestPanel::ConnectionTestPanel(ObjectEditor *editor, Side side)
    : QWidget(editor), m_editor(editor), m_side(side), m_button(new QPushButton(QStringLiteral("Test connection"), this)),
      m_result(new QLabel(this))
{
    m_button->setObjectName(QStringLiteral("testConnectionButton"));
    // Wide enough for either label: the row keeps its size while a test runs.
    const QFontMetrics metrics = m_button->fontMetrics();
    m_button->setMinimumWidth(std::max(metrics.horizontalAdvance(QStringLiteral("Test connection")),
                                       metrics.horizontalAdvance(QStringLiteral("Cancel test"))) + 32);
    m_button->setToolTip(side == Side::Source
                             ? QStringLiteral("Connect with these settings (saved or not) and list what transfers will read")
                             : QStringLiteral("Connect with these settings (saved or not), create the schema if missing, "
                                              "and create, write and drop a scratch table"));
    m_result->setObjectName(QStringLiteral("connectionTestResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    auto *row = new QHBoxLayout;
    row->addWidget(m_button);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_result);
    connect(m_button, &QPushButton::clicked, this, [this] { m_running ? cancel() : start(); });
}

ConnectionTestPanel::~ConnectionTestPanel()
{
    ++m_generation;
    if (m_cancel)
        m_cancel->cancel();
}

void ConnectionTestPanel::start()
{
    ValidationReport report;
    const Workspace read = m_editor->draft().read(report);
    if (read.objectCount() != 1) {
        m_result->setText(QStringLiteral("Fix the settings first: %1").arg(report.issues().value(0).message.toHtmlEscaped()));
        m_result->show();
        return;
    }
    const quint64 generation = ++m_generation;
    m_cancel = std::make_shared<QueryCancel>();
    m_running = true;
    m_button->setText(QStringLiteral("Cancel test"));
    m_result->setStyleSheet({});
    m_result->setText(QStringLiteral("Testing…"));
    m_result->show();
    auto *watcher = new QFutureWatcher<ConnectionTestResult>(this);
    connect(watcher, &QFutureWatcher<ConnectionTestResult>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_running = false;
        m_button->setText(QStringLiteral("Test connection"));
        show(watcher->result());
    });
    const std::shared_ptr<QueryCancel> cancel = m_cancel;
    if (m_side == Side::Source) {
        const Source source = read.sources.first();
        watcher->setFuture(QtConcurrent::run([source, cancel] {
            return ConnectionTester::testSource(source, source.connection.effectiveConnectTimeoutSeconds(), cancel);
        }));
    } else {
        const Destination destination = read.destinations.first();
        watcher->setFuture(QtConcurrent::run([destination, cancel] {
            return ConnectionTester::testDestination(destination, destination.connection.effectiveConnectTimeoutSeconds(),
                                                     cancel);
        }));
    }
}

void ConnectionTestPanel::cancel()
{
    if (m_cancel)
        m_cancel->cancel();
    m_result->setText(QStringLiteral("Cancelling…"));
}

void ConnectionTestPanel::show(const ConnectionTestResult &result)
{
    QStringList lines;
    if (!result.serverVersion.isEmpty())
        lines << QStringLiteral("Server: %1").arg(result.serverVersion.toHtmlEscaped());
    for (const ConnectionCheck &check : result.checks) {
        const QColor color = check.ok ? EditorStyle::successColor() : EditorStyle::errorColor();
        QString line = QStringLiteral("<span style=\"color:%1\">%2 %3</span>: %4")
                           .arg(color.name(), check.ok ? QStringLiteral("\u2713") : QStringLiteral("\u2717"),
                                check.step.toHtmlEscaped(), check.message.toHtmlEscaped());
        if (!check.ok && !check.hint.isEmpty())
            line += QStringLiteral("<br><i>%1</i>").arg(check.hint.toHtmlEscaped());
        lines << line;
    }
    if (result.checks.isEmpty())
        lines << QStringLiteral("Nothing was checked.");
    m_result->setText(lines.join(QStringLiteral("<br>")));
    Q_EMIT finished(result.ok());
}

QString ConnectionTestPanel::resultText() const
{
    QTextDocumentFragment fragment = QTextDocumentFragment::fromHtml(m_result->text());
    return fragment.toPlainText();
}

} // namespace ferry::ui
