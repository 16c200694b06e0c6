#include "editors/object_history_tab.h"

#include "editors/editor_services.h"
#include "editors/editor_style.h"
#include "editors/line_diff.h"
#include "editors/object_editor.h"
#include "loading/state_query_runner.h"
#include "models/object_history_model.h"
#include "models/transfer_display.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextEdit>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

// A stored definition (compact JSON) as the lines its file would hold.
QStringList fileLines(const QString &definition)
{
    if (definition.isEmpty())
        return {};
    const std::optional<ObjectDraft::Json> json = ObjectDraft::parse(definition, nullptr);
    return (json ? QString::fromStdString(json->dump(2)) : definition).split(QLatin1Char('\n'));
}

} // namespace

ObjectHistoryTab::ObjectHistoryTab(ObjectEditor *editor)
    : QWidget(editor), m_editor(editor), m_model(new ObjectHistoryModel(this)), m_view(new QTableView(this)),
      m_diff(new QTextEdit(this)), m_status(new QLabel(this)), m_restore(new QPushButton(QStringLiteral("Restore this version"), this))
{
    m_view->setObjectName(QStringLiteral("historyView"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->resizeSection(ObjectHistoryModel::WhenColumn, 170);
    m_view->horizontalHeader()->resizeSection(ObjectHistoryModel::WhoColumn, 180);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_diff->setReadOnly(true);
    m_diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_diff->setLineWrapMode(QTextEdit::NoWrap);
    m_status->setEnabled(false);
    m_restore->setEnabled(false);
    m_restore->setToolTip(QStringLiteral("Put this version in the editor; nothing is stored until you save"));
    connect(m_restore, &QPushButton::clicked, this, &ObjectHistoryTab::restoreSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ObjectHistoryTab::showSelected);

    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_diff, 1);
    bottomLayout->addWidget(m_restore, 0, Qt::AlignRight);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(bottom);
    splitter->setSizes({160, 300});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
}

void ObjectHistoryTab::setObject(ObjectKind kind, const QString &id, const QString &name)
{
    m_kind = kind;
    m_id = id;
    m_name = name;
    m_model->setChanges({});
    m_diff->clear();
    m_restore->setEnabled(false);
    m_status->setText(id.isEmpty() ? QStringLiteral("A new object has no history until it is saved.") : QString());
}

void ObjectHistoryTab::refresh()
{
    StateQueryRunner *queries = m_editor->services()->queries();
    if (m_id.isEmpty() || !queries || !queries->state())
        return;
    m_status->setText(QStringLiteral("Loading…"));
    ChangeHistory::Filter filter;
    filter.kind = m_kind;
    filter.name = m_name; // every object that has or had the name, with its whole history
    filter.limit = 500;
    queries->run(
        QStringLiteral("history.%1").arg(quintptr(this)), this,
        [filter, id = m_id](StateDatabase &, QSqlDatabase db) -> Result<QList<ObjectChange>> {
            Result<QList<ObjectChange>> changes = ChangeHistory(db).list(filter);
            if (changes) // this object only, not another that once had its name
                changes->removeIf([&id](const ObjectChange &change) { return change.objectId != id; });
            return changes;
        },
        [this](const Result<QList<ObjectChange>> &changes) {
            if (!changes) {
                m_status->setText(QStringLiteral("Cannot read the history: %1").arg(changes.error().message));
                return;
            }
            m_model->setChanges(*changes);
            m_status->setText(changes->isEmpty() ? QStringLiteral("No recorded changes.")
                                                 : QStringLiteral("%1 recorded changes, newest first.").arg(changes->size()));
            if (!changes->isEmpty())
                m_view->selectRow(0);
            Q_EMIT loaded();
        });
}

void ObjectHistoryTab::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_diff->clear();
        m_restore->setEnabled(false);
        return;
    }
    const ObjectChange &change = m_model->changeAt(current.row());
    const QList<LineDiff::Line> lines = LineDiff::compare(fileLines(change.before), fileLines(change.after));
    m_plainDiff = LineDiff::toText(lines);
    QString html = QStringLiteral("<pre style=\"margin:0\">");
    for (const LineDiff::Line &line : lines) {
        const QString text = line.text.toHtmlEscaped();
        switch (line.kind) {
        case LineDiff::Kind::Same:
            html += QStringLiteral("  %1\n").arg(text);
            break;
        case LineDiff::Kind::Removed:
            html += QStringLiteral("<span style=\"color:%1\">- %2</span>\n").arg(EditorStyle::errorColor().name(), text);
            break;
        case LineDiff::Kind::Added:
            html += QStringLiteral("<span style=\"color:%1\">+ %2</span>\n").arg(EditorStyle::successColor().name(), text);
            break;
        }
    }
    html += QStringLiteral("</pre>");
    m_diff->setHtml(html);
    m_restore->setEnabled(!change.after.isEmpty() || !change.before.isEmpty());
}

QString ObjectHistoryTab::diffText() const
{
    return m_plainDiff;
}

bool ObjectHistoryTab::restoreSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return false;
    const ObjectChange &change = m_model->changeAt(current.row());
    const QString definition = change.after.isEmpty() ? change.before : change.after;
    const std::optional<ObjectDraft::Json> json = ObjectDraft::parse(definition, nullptr);
    if (!json)
        return false;
    m_editor->replaceDraft(m_editor->draft().withJson(*json),
                           QStringLiteral("restore of the version of %1").arg(TransferDisplay::time(change.at)));
    return true;
}

} // namespace ferry::ui
