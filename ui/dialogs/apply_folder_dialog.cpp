#include "dialogs/apply_folder_dialog.h"

#include "editors/editor_style.h"
#include "loading/state_query_runner.h"
#include "models/object_display.h"
#include "state/workspace_store.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

QString verb(WorkspaceChange::Type type)
{
    switch (type) {
    case WorkspaceChange::Type::Added:
        return QStringLiteral("added");
    case WorkspaceChange::Type::Changed:
        return QStringLiteral("changed");
    case WorkspaceChange::Type::Removed:
        return QStringLiteral("removed");
    }
    return {};
}

} // namespace

ApplyFolderDialog::ApplyFolderDialog(StateQueryRunner *queries, const QString &folder, QWidget *parent)
    : QDialog(parent), m_queries(queries), m_folder(folder), m_summary(new QLabel(this)), m_list(new QTreeWidget(this)),
      m_allowTypeChanges(new QCheckBox(QStringLiteral("Allow the column type changes: rebuild those tables with a full "
                                                      "refresh, queued by the apply"),
                                       this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(QStringLiteral("Apply %1").arg(QDir(folder).dirName()));
    resize(900, 480);
    m_summary->setWordWrap(true);
    m_summary->setText(QStringLiteral("Checking %1…").arg(QDir::toNativeSeparators(folder)));
    m_list->setObjectName(QStringLiteral("plannedChanges"));
    m_list->setHeaderLabels({QStringLiteral("Object"), QStringLiteral("Change")});
    m_list->header()->resizeSection(0, 260);
    m_list->setRootIsDecorated(true);
    m_list->setWordWrap(true);
    m_allowTypeChanges->hide();
    m_applyButton = m_buttons->addButton(QStringLiteral("Apply"), QDialogButtonBox::AcceptRole);
    m_applyButton->setObjectName(QStringLiteral("applyButton"));
    m_applyButton->setEnabled(false);
    connect(m_applyButton, &QPushButton::clicked, this, &ApplyFolderDialog::apply);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_allowTypeChanges, &QCheckBox::toggled, this, &ApplyFolderDialog::check);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_allowTypeChanges);
    layout->addWidget(m_buttons);
    check();
}

bool ApplyFolderDialog::canApply() const
{
    return !m_busy && !m_hasErrors && !m_changes.isEmpty();
}

QString ApplyFolderDialog::summaryText() const
{
    return m_summary->text();
}

void ApplyFolderDialog::check()
{
    const std::shared_ptr<StateDatabase> state = m_queries->state();
    if (!state)
        return;
    m_busy = true;
    m_applyButton->setEnabled(false);
    WorkspaceApplier::Options options;
    options.allowTypeChanges = m_allowTypeChanges->isChecked();
    m_queries->run(
        QStringLiteral("apply-folder.check"), this,
        [state, folder = m_folder, options](StateDatabase &, QSqlDatabase db) {
            Checked checked{WorkspaceApplier(state, options).check(folder), {}};
            Result<Workspace> stored = WorkspaceStore(db).load();
            if (checked.outcome && stored)
                checked.changes = WorkspaceDiff::between(*stored, checked.outcome->workspace);
            else if (!stored)
                checked.outcome = stored.error();
            return checked;
        },
        [this](const Checked &checked) { show(checked); });
}

void ApplyFolderDialog::show(const Checked &result)
{
    m_busy = false;
    m_list->clear();
    if (!result.outcome) {
        m_hasErrors = true;
        m_summary->setText(QStringLiteral("%1: %2").arg(result.outcome.error().title, result.outcome.error().message));
        m_summary->setStyleSheet(EditorStyle::problemTextStyle(true));
        Q_EMIT checked();
        return;
    }
    const ValidationReport &report = result.outcome->report;
    m_changes = result.changes;
    m_hasErrors = report.hasErrors();
    bool retypes = false;
    for (const PlannedChange &change : std::as_const(m_changes)) {
        auto *item = new QTreeWidgetItem(m_list, {QStringLiteral("%1 %2").arg(kindName(change.kind), change.name), verb(change.type)});
        item->setIcon(0, ObjectDisplay::kindIcon(change.kind));
        for (const QString &detail : change.details)
            (new QTreeWidgetItem(item, {QString(), detail}))->setToolTip(1, detail);
        if (change.retypesColumns) {
            retypes = true;
            item->setForeground(1, EditorStyle::warningColor());
        }
        item->setExpanded(true);
    }
    for (const ValidationIssue &issue : report.issues()) {
        if (!issue.isError())
            continue;
        auto *item = new QTreeWidgetItem(m_list, {issue.file, issue.path.isEmpty() ? issue.message : issue.path + QStringLiteral(": ") + issue.message});
        item->setIcon(0, ObjectDisplay::severityIcon(issue.severity));
        item->setForeground(1, EditorStyle::errorColor());
        item->setToolTip(1, issue.toString());
    }
    m_allowTypeChanges->setVisible(retypes || m_allowTypeChanges->isChecked());
    if (m_hasErrors) {
        m_summary->setText(QStringLiteral("Not ready: %1 to fix in the folder first (listed below). Nothing is applied.")
                               .arg(ObjectDisplay::problemCountText(report.errorCount(), 0)));
        m_summary->setStyleSheet(EditorStyle::problemTextStyle(true));
    } else if (m_changes.isEmpty()) {
        m_summary->setText(QStringLiteral("The state database already matches this folder: nothing to apply."));
        m_summary->setStyleSheet({});
    } else {
        m_summary->setText(QStringLiteral("Applying %1 makes these %2 changes, all or none:")
                               .arg(QDir::toNativeSeparators(m_folder))
                               .arg(m_changes.size()));
        m_summary->setStyleSheet({});
    }
    m_applyButton->setEnabled(canApply());
    Q_EMIT checked();
}

void ApplyFolderDialog::apply()
{
    const std::shared_ptr<StateDatabase> state = m_queries->state();
    if (!state || !canApply())
        return;
    m_busy = true;
    m_summary->setText(QStringLiteral("Applying…"));
    WorkspaceApplier::Options options;
    options.allowTypeChanges = m_allowTypeChanges->isChecked();
    m_queries->run(
        QStringLiteral("apply-folder.apply"), this,
        [state, folder = m_folder, options](StateDatabase &, QSqlDatabase) { return WorkspaceApplier(state, options).apply(folder); },
        [this](const Result<WorkspaceApplier::Outcome> &outcome) {
            m_busy = false;
            if (!outcome || outcome->report.hasErrors()) {
                const QString message = !outcome ? outcome.error().message : outcome->report.issues().first().toString();
                m_summary->setText(QStringLiteral("Not applied: %1").arg(message));
                m_summary->setStyleSheet(EditorStyle::problemTextStyle(true));
                Q_EMIT failed(message);
                return;
            }
            Q_EMIT applied(*outcome);
            accept();
        });
}

} // namespace ferry::ui
