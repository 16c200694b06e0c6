#include "dialogs/delete_object_dialog.h"

#include "editors/editor_style.h"
#include "models/object_display.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry::ui {

DeleteObjectDialog::DeleteObjectDialog(const Workspace &workspace, ObjectKind kind, const QString &name, QWidget *parent)
    : QDialog(parent), m_dependents(ObjectDependents::of(workspace, kind, name)), m_list(new QListWidget(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(QStringLiteral("Delete %1 %2").arg(kindName(kind), name));
    resize(560, 360);
    m_blocked = std::any_of(m_dependents.begin(), m_dependents.end(), [](const ObjectDependent &d) { return d.becomesInvalid; });
    auto *heading = new QLabel(this);
    heading->setWordWrap(true);
    heading->setTextFormat(Qt::PlainText);
    if (m_blocked) {
        heading->setText(QStringLiteral("%1 cannot be deleted yet: other objects need it. Change or delete them first.")
                             .arg(name));
        heading->setStyleSheet(EditorStyle::problemTextStyle(true));
    } else {
        heading->setText(m_dependents.isEmpty()
                             ? QStringLiteral("Delete %1 %2? Nothing else refers to it.").arg(kindName(kind), name)
                             : QStringLiteral("Delete %1 %2? These objects refer to it and change with it:").arg(kindName(kind), name));
    }
    m_list->setObjectName(QStringLiteral("dependentsList"));
    m_list->setWordWrap(true);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    for (const ObjectDependent &dependent : m_dependents) {
        auto *item = new QListWidgetItem(ObjectDisplay::kindIcon(dependent.kind), dependent.effect, m_list);
        if (dependent.becomesInvalid) {
            item->setForeground(EditorStyle::errorColor());
            item->setText(dependent.effect + QStringLiteral(" (would become invalid)"));
        }
    }
    for (const QString &consequence : ObjectDependents::consequences(workspace, kind, name))
        new QListWidgetItem(consequence, m_list);
    m_list->setVisible(m_list->count() > 0);
    if (!m_blocked) {
        QPushButton *remove = m_buttons->addButton(QStringLiteral("Delete"), QDialogButtonBox::DestructiveRole);
        remove->setObjectName(QStringLiteral("confirmDelete"));
        connect(remove, &QPushButton::clicked, this, &QDialog::accept);
    }
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_buttons);
}

QStringList DeleteObjectDialog::lines() const
{
    QStringList lines;
    for (int i = 0; i < m_list->count(); ++i)
        lines << m_list->item(i)->text();
    return lines;
}

} // namespace ferry::ui
