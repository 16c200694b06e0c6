#include "first_run/guided_path.h"

#include "editors/editor_services.h"
#include "editors/editor_style.h"
#include "editors/model_editor.h"
#include "editors/object_editor.h"
#include "editors/row_preview_panel.h"
#include "first_run/first_transfer_runner.h"
#include "first_run/guided_steps_model.h"
#include "settings/app_settings.h"
#include "views/main_window.h"
#include "views/transfers_page.h"
#include "views/worker_control.h"
#include "views/workspace_page.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QStatusBar>
#include <QVBoxLayout>

#include <utility>

namespace ferry::ui {

namespace {

QString whatToDo(GuideStep step)
{
    switch (step) {
    case GuideStep::Source:
        return QStringLiteral("Name the database your customers' data lives in, choose its vendor and say how to reach "
                              "it. Press Test connection, then Save.");
    case GuideStep::Model:
        return QStringLiteral("Press Choose a table… and pick one: its columns fill in. Type one customer's tenant id "
                              "here and open the Preview tab to see the rows they would receive, then Save.");
    case GuideStep::Product:
        return QStringLiteral("A product bundles the models a customer receives; this one holds your model. "
                              "Rename it if you like, then Save.");
    case GuideStep::Recipient:
        return QStringLiteral("A recipient is one customer: its tenant id picks its rows, its product what it "
                              "receives. Check both, then Save.");
    case GuideStep::Destination:
        return QStringLiteral("Where this customer receives its data: choose a vendor and fill in the connection (a "
                              "SQLite file is the quickest to try). Press Test connection, then Save.");
    case GuideStep::FirstTransfer:
        return QStringLiteral("Everything is in place. Run the first transfer: this app's workers run it and the "
                              "Transfers page shows how it goes.");
    }
    return {};
}

QString suggestedName(GuideStep step)
{
    switch (step) {
    case GuideStep::Source: return QStringLiteral("My source");
    case GuideStep::Product: return QStringLiteral("My first product");
    case GuideStep::Recipient: return QStringLiteral("My first customer");
    default: return {}; // a model is named after its table; a destination after its recipient
    }
}

QString standInName(const QString &tenant)
{
    return QStringLiteral("tenant %1 (no recipient yet)").arg(tenant);
}

} // namespace

GuidedPath::GuidedPath(MainWindow *window, AppSettings *settings)
    : QFrame(window), m_window(window), m_settings(settings),
      m_progress(GuideProgress::fromSettings(settings->guideProgress())), m_steps(new GuidedStepsModel(this)),
      m_runner(new FirstTransferRunner(window->queries(), this))
{
    setObjectName(QStringLiteral("guidedPath"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    setStyleSheet(QStringLiteral("#guidedPath { background: palette(base); border: 1px solid palette(mid); "
                                 "border-radius: 6px; margin: 8px 8px 0px 8px; }"));
    auto *title = new QLabel(QStringLiteral("<b>Connect your own data</b>"), this);
    m_stepList = new QListView(this);
    m_stepList->setObjectName(QStringLiteral("guideSteps"));
    m_stepList->setModel(m_steps);
    m_stepList->setFlow(QListView::LeftToRight);
    m_stepList->setWrapping(false);
    m_stepList->setSpacing(4);
    m_stepList->setFrameShape(QFrame::NoFrame);
    m_stepList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_stepList->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_stepList->setSelectionMode(QAbstractItemView::NoSelection);
    m_stepList->setFixedHeight(m_stepList->fontMetrics().height() + 18);
    m_stepList->setStyleSheet(QStringLiteral("QListView { background: transparent; }"));
    m_stepList->setToolTip(QStringLiteral("Click a step done to open what it made"));
    m_leave = new QPushButton(QStringLiteral("Leave the Guide"), this);
    m_leave->setObjectName(QStringLiteral("leaveGuideButton"));
    m_leave->setToolTip(QStringLiteral("Hide the guide; Help › Connect Your Own Data… resumes it where you left off"));

    m_instruction = new QLabel(this);
    m_instruction->setObjectName(QStringLiteral("guideInstruction"));
    m_instruction->setWordWrap(true);
    m_tenantLabel = new QLabel(QStringLiteral("Tenant id"), this);
    m_tenant = new QLineEdit(this);
    m_tenant->setObjectName(QStringLiteral("guideTenant"));
    m_tenant->setPlaceholderText(QStringLiteral("e.g. acme"));
    m_tenant->setToolTip(QStringLiteral("One customer's value of the model's organization column: the preview shows "
                                        "their rows, and the recipient step starts from it"));
    m_tenant->setMinimumWidth(160);
    m_tenant->setText(m_progress.previewTenant());
    m_tenantLabel->setBuddy(m_tenant);
    m_action = new QPushButton(this);
    m_action->setObjectName(QStringLiteral("guideActionButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("guideStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addSpacing(8);
    top->addWidget(m_stepList, 1);
    top->addWidget(m_leave);
    auto *doing = new QHBoxLayout;
    doing->addWidget(m_instruction, 1);
    doing->addWidget(m_tenantLabel);
    doing->addWidget(m_tenant);
    doing->addWidget(m_action);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 14, 20, 10);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addLayout(doing);
    layout->addWidget(m_status);
    hide();

    connect(m_leave, &QPushButton::clicked, this, &GuidedPath::leave);
    connect(m_tenant, &QLineEdit::textEdited, this, &GuidedPath::setPreviewTenant);
    connect(m_action, &QPushButton::clicked, this, [this] {
        const std::optional<GuideStep> step = currentStep();
        if (!step)
            m_window->showPage(MainWindow::Page::Transfers);
        else if (*step == GuideStep::FirstTransfer)
            runFirstTransfer();
        else
            openStep(*step);
    });
    connect(m_stepList, &QListView::clicked, this, [this](const QModelIndex &index) {
        const GuideStep step = GuideStep(index.data(GuidedStepsModel::StepRole).toInt());
        if (m_steps->isDone(step) || step == currentStep())
            openStep(step);
    });
    connect(window->workers(), &WorkerControl::transferChanged, m_runner, &FirstTransferRunner::noteChanged);
    connect(m_runner, &FirstTransferRunner::enqueued, this, [this](const QString &id) {
        m_progress.setTransfer(id, false);
        save();
        setStatus(QStringLiteral("Transfer %1 is queued; it is selected on the Transfers page.").arg(id), QStringLiteral("info"));
        m_window->showPage(MainWindow::Page::Transfers);
        m_window->transfersPage()->reload();
        m_window->transfersPage()->selectTransfer(id);
    });
    connect(m_runner, &FirstTransferRunner::progressed, this, [this](const TransferRecord &record) {
        setStatus(QStringLiteral("Transfer %1 is %2…").arg(record.id, record.status.toLower()), QStringLiteral("info"));
    });
    connect(m_runner, &FirstTransferRunner::ended, this, &GuidedPath::showTransferEnd);
    connect(m_runner, &FirstTransferRunner::failed, this, [this](const Error &error) {
        setStatus(QStringLiteral("Not started: %1. %2 %3").arg(error.title, error.message, error.hint), QStringLiteral("error"));
        Q_EMIT transferEnded(false);
    });
    refresh();
}

GuidedPath::~GuidedPath()
{
    disconnect(m_editorSaved);
}

bool GuidedPath::isActive() const
{
    return m_settings->guideActive();
}

void GuidedPath::start()
{
    m_settings->setGuideActive(true);
    show();
    refresh();
    m_window->showPage(MainWindow::Page::Workspace);
    if (const std::optional<GuideStep> step = currentStep(); step && *step != GuideStep::FirstTransfer)
        openStep(*step);
}

void GuidedPath::leave()
{
    m_settings->setGuideActive(false);
    disconnect(m_editorSaved);
    m_advanceFrom.reset();
    hide();
}

void GuidedPath::showWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    if (!std::exchange(m_workspaceShown, true) && isActive()) {
        show(); // left open when the app closed: resume where it stopped
        if (!m_progress.transferId().isEmpty() && !m_progress.transferSucceeded())
            m_runner->watch(m_progress.transferId());
    }
    refresh();
    const std::optional<GuideStep> savedAt = std::exchange(m_advanceFrom, std::nullopt);
    const std::optional<GuideStep> step = currentStep();
    if (savedAt && isActive() && step && *step != *savedAt && *step != GuideStep::FirstTransfer)
        openStep(*step);
}

std::optional<GuideStep> GuidedPath::currentStep() const
{
    return m_progress.firstUndone(m_workspace);
}

QString GuidedPath::madeName(GuideStep step) const
{
    return m_progress.objectName(step, m_workspace);
}

void GuidedPath::refresh()
{
    QList<GuidedStepsModel::StepState> states;
    for (int i = 0; i < kGuideStepCount; ++i)
        states.append({m_progress.isDone(GuideStep(i), m_workspace), madeName(GuideStep(i))});
    const std::optional<GuideStep> step = currentStep();
    m_steps->setSteps(states, step);
    const bool modelStep = step == GuideStep::Model;
    m_tenantLabel->setVisible(modelStep);
    m_tenant->setVisible(modelStep);
    if (!step) {
        m_instruction->setText(QStringLiteral("Done: %1 received its first table. Turn on its schedule to keep it "
                                              "current, or add more models to the product.")
                                   .arg(madeName(GuideStep::Destination)));
        m_action->setText(QStringLiteral("Show Transfers"));
        return;
    }
    m_instruction->setText(QStringLiteral("<b>Step %1 of %2.</b> %3").arg(int(*step) + 1).arg(kGuideStepCount).arg(whatToDo(*step)));
    if (*step == GuideStep::FirstTransfer)
        m_action->setText(QStringLiteral("Run the First Transfer"));
    else
        m_action->setText(QStringLiteral("Open Step %1").arg(int(*step) + 1));
}

void GuidedPath::save()
{
    m_settings->setGuideProgress(m_progress.toSettings());
    m_settings->sync();
}

void GuidedPath::setStatus(const QString &text, const QString &tone)
{
    if (tone != QLatin1String("info"))
        m_window->statusBar()->showMessage(text, 15000); // the Transfers page is shown meanwhile, not this panel
    m_status->setText(text);
    m_status->setStyleSheet(EditorStyle::bannerStyle(tone));
    m_status->setVisible(!text.isEmpty());
}

QString GuidedPath::instructionText() const
{
    return m_instruction->text();
}

QString GuidedPath::statusText() const
{
    return m_status->text();
}

void GuidedPath::setPreviewTenant(const QString &tenant)
{
    if (m_tenant->text() != tenant)
        m_tenant->setText(tenant);
    m_progress.setPreviewTenant(tenant.trimmed());
    save();
    auto *model = qobject_cast<ModelEditor *>(m_editor.data());
    if (!model || tenant.trimmed().isEmpty())
        return;
    Recipient standIn;
    standIn.name = standInName(tenant.trimmed());
    standIn.idInProviderSystem = tenant.trimmed();
    model->previewPanel()->setStandInRecipient(standIn);
}

QString GuidedPath::uniqueName(ObjectKind kind, const QString &base) const
{
    const QStringList taken = m_workspace.names(kind);
    QString name = base;
    for (int n = 2; taken.contains(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

// A new object for `step`, filled from what the earlier steps made, so each step asks only what is new.
ObjectDraft GuidedPath::prefilled(GuideStep step) const
{
    const ObjectKind kind = *GuideProgress::kindOf(step);
    const auto list = [](const QString &name) { return ObjectDraft::Json::array({name.toStdString()}); };
    ObjectDraft draft = ObjectDraft::blank(kind, step == GuideStep::Model ? QString() : uniqueName(kind, suggestedName(step)));
    switch (step) {
    case GuideStep::Source:
        break;
    case GuideStep::Model:
        draft = draft.with(QStringLiteral("source_name"), madeName(GuideStep::Source).toStdString());
        break;
    case GuideStep::Product:
        draft = draft.with(QStringLiteral("models"), list(madeName(GuideStep::Model)));
        break;
    case GuideStep::Recipient:
        draft = draft.with(QStringLiteral("id_in_provider_system"), m_progress.previewTenant().toStdString())
                    .with(QStringLiteral("products"), list(madeName(GuideStep::Product)));
        break;
    case GuideStep::Destination: {
        const QString recipient = madeName(GuideStep::Recipient);
        draft = draft.with(QStringLiteral("name"), uniqueName(kind, recipient + QStringLiteral(" destination")).toStdString())
                    .with(QStringLiteral("recipient"), recipient.toStdString());
        break;
    }
    case GuideStep::FirstTransfer:
        break;
    }
    return draft;
}

void GuidedPath::openStep(GuideStep step)
{
    const std::optional<ObjectKind> kind = GuideProgress::kindOf(step);
    if (!kind) {
        refresh();
        return;
    }
    m_window->showPage(MainWindow::Page::Workspace);
    WorkspacePage *page = m_window->workspacePage();
    const QString made = madeName(step);
    if (!made.isEmpty()) {
        if (page->editObject(*kind, made))
            followEditor(step, page->editor());
        return;
    }
    if (!page->newObject(*kind, suggestedName(step)))
        return; // the open editor's unsaved changes stay
    ObjectEditor *editor = page->editor();
    editor->load(prefilled(step), 0);
    followEditor(step, editor);
    if (step == GuideStep::Model && !m_progress.previewTenant().isEmpty())
        setPreviewTenant(m_progress.previewTenant());
}

void GuidedPath::followEditor(GuideStep step, ObjectEditor *editor)
{
    disconnect(m_editorSaved);
    m_editor = editor;
    m_editorSaved = connect(editor, &ObjectEditor::savedAs, this,
                            [this, step](ObjectKind kind, const QString &id, const QString &name) { noteSaved(step, kind, id, name); });
}

void GuidedPath::noteSaved(GuideStep step, ObjectKind kind, const QString &id, const QString &name)
{
    // The page reuses an editor for the next object of its kind: only the step's own object counts.
    const QString made = m_progress.objectId(step);
    if (GuideProgress::kindOf(step) != kind || (!made.isEmpty() && made != id && !madeName(step).isEmpty()))
        return;
    m_progress.setObject(step, id, name);
    save();
    m_advanceFrom = step; // moves on once the reloaded workspace holds it
    Q_EMIT stepDone(step);
}

void GuidedPath::runFirstTransfer()
{
    const QString destination = madeName(GuideStep::Destination);
    if (destination.isEmpty()) {
        setStatus(QStringLiteral("Make the destination first (step 5)."), QStringLiteral("warning"));
        return;
    }
    QString started;
    if (!m_window->workers()->isRunning()) {
        m_window->workers()->action()->setChecked(true); // the user asked for a transfer: something must run it
        started = QStringLiteral(" This app's workers were off: they run now (Transfers › Run Transfers in This App).");
    }
    setStatus(QStringLiteral("Enqueueing a transfer to %1….%2").arg(destination, started), QStringLiteral("info"));
    m_runner->run(m_workspace, destination);
}

void GuidedPath::showTransferEnd(const TransferRecord &record)
{
    const bool ok = record.status == QLatin1String("SUCCESS");
    m_progress.setTransfer(record.id, ok);
    save();
    refresh();
    if (ok) {
        setStatus(QStringLiteral("✓ Transfer %1 delivered %2 rows to %3: your first table is there.")
                      .arg(record.id)
                      .arg(record.rowsTransferred)
                      .arg(record.destinationName),
                  QStringLiteral("success"));
        Q_EMIT stepDone(GuideStep::FirstTransfer);
    } else {
        std::optional<Error> error = record.error;
        for (const ModelMetrics &model : record.modelMetrics) {
            if (!error && model.error)
                error = model.error;
        }
        setStatus(QStringLiteral("Transfer %1 ended %2%3. It is selected on the Transfers page with its log; fix "
                                 "what it blames, then run it again.")
                      .arg(record.id, record.status,
                           error ? QStringLiteral(": %1 (%2)").arg(error->title, error->message) : QString()),
                  QStringLiteral("error"));
    }
    Q_EMIT transferEnded(ok);
}

} // namespace ferry::ui
