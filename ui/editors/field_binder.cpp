#include "editors/field_binder.h"

#include "editors/editor_style.h"
#include "models/object_fields_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace ferry::ui {

FieldBinder::FieldBinder(QFormLayout *layout, QObject *parent) : QObject(parent), m_layout(layout)
{
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_layout->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
}

namespace {

// A form row's widget (field, problem text) that never asks the form for height-for-width: Qt 6.4's QFormLayout
// then indexes its row arrays with hidden rows' stale positions and writes past them (valgrind; a crash once Test
// connection's wrapped result showed). The wrapped labels inside still wrap; the row takes their size hint.
class FormRowWidget : public QWidget
{
public:
    using QWidget::QWidget;
    bool hasHeightForWidth() const override { return false; }
};

} // namespace

FieldBinder::Row &FieldBinder::addBound(const QString &path, const QString &label, QWidget *field)
{
    auto *container = new FormRowWidget(m_layout->parentWidget());
    auto *column = new QVBoxLayout(container);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    field->setParent(container);
    field->setObjectName(path);
    column->addWidget(field);
    auto *problem = new QLabel(container);
    problem->setObjectName(path + QStringLiteral(".problem"));
    problem->setWordWrap(true);
    problem->setTextFormat(Qt::PlainText);
    problem->hide();
    column->addWidget(problem);
    auto *caption = new QLabel(label, m_layout->parentWidget());
    caption->setBuddy(field);
    m_layout->addRow(caption, container);
    Row &row = m_rows[path];
    row = Row{container, field, caption, problem, {}};
    m_order << path;
    return row;
}

void FieldBinder::emitEdit(const QString &path, const Json &value)
{
    if (!m_refreshing && m_onEdit)
        m_onEdit(path, value);
}

QLineEdit *FieldBinder::addText(const QString &path, const QString &label, const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    Row &row = addBound(path, label, edit);
    row.load = [edit, path](const ObjectDraft &draft) {
        const QString value = draft.text(path);
        if (edit->text() != value)
            edit->setText(value);
    };
    connect(edit, &QLineEdit::textEdited, this, [this, path](const QString &text) { emitEdit(path, text.toStdString()); });
    return edit;
}

QSpinBox *FieldBinder::addNumber(const QString &path, const QString &label, int minimum, int maximum,
                                 const QString &defaultText, const QString &suffix)
{
    auto *spin = new QSpinBox;
    spin->setRange(minimum - 1, maximum);
    spin->setSpecialValueText(defaultText);
    spin->setSuffix(suffix);
    spin->setAccelerated(true);
    spin->setMaximumWidth(220);
    Row &row = addBound(path, label, spin);
    row.load = [spin, path](const ObjectDraft &draft) {
        const Json value = draft.value(path);
        spin->setValue(value.is_number_integer() ? int(value.get<qint64>()) : spin->minimum());
    };
    connect(spin, &QSpinBox::valueChanged, this, [this, spin, path](int value) {
        emitEdit(path, value == spin->minimum() ? Json() : Json(value));
    });
    return spin;
}

QComboBox *FieldBinder::addChoice(const QString &path, const QString &label, const Choices &choices,
                                  const QString &defaultText)
{
    auto *combo = new QComboBox;
    if (!defaultText.isEmpty())
        combo->addItem(defaultText, QVariant());
    for (const auto &[value, text] : choices)
        combo->addItem(text, value);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    Row &row = addBound(path, label, combo);
    row.load = [combo, path](const ObjectDraft &draft) {
        const Json value = draft.value(path);
        QVariant wanted;
        if (value.is_number_integer())
            wanted = int(value.get<qint64>());
        else if (value.is_string())
            wanted = QString::fromStdString(value.get<std::string>());
        int index = wanted.isValid() ? combo->findData(wanted) : combo->findData(QVariant());
        if (index < 0 && wanted.isValid()) { // a value the list does not offer: shown, so it can be seen and fixed
            combo->addItem(wanted.toString(), wanted);
            index = combo->count() - 1;
        }
        combo->setCurrentIndex(std::max(index, 0));
    };
    connect(combo, &QComboBox::activated, this, [this, combo, path](int index) {
        const QVariant data = combo->itemData(index);
        if (!data.isValid())
            emitEdit(path, Json());
        else if (data.typeId() == QMetaType::Int)
            emitEdit(path, Json(data.toInt()));
        else
            emitEdit(path, Json(data.toString().toStdString()));
    });
    return combo;
}

QCheckBox *FieldBinder::addFlag(const QString &path, const QString &label, const QString &text)
{
    auto *box = new QCheckBox(text);
    Row &row = addBound(path, label, box);
    row.load = [box, path](const ObjectDraft &draft) {
        const Json value = draft.value(path);
        box->setChecked(value.is_boolean() && value.get<bool>());
    };
    connect(box, &QCheckBox::toggled, this, [this, path](bool on) { emitEdit(path, on ? Json(true) : Json()); });
    return box;
}

QListWidget *FieldBinder::addChecklist(const QString &path, const QString &label)
{
    auto *list = new QListWidget;
    list->setAlternatingRowColors(true);
    // As tall as its items (a few lines at least, a scroll bar past eight): the form stays compact.
    list->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    fitListHeight(list);
    Row &row = addBound(path, label, list);
    row.load = [list, path](const ObjectDraft &draft) {
        const Json value = draft.value(path);
        QStringList checked;
        if (value.is_array()) {
            for (const Json &item : value) {
                if (item.is_string())
                    checked << QString::fromStdString(item.get<std::string>());
            }
        }
        // Names the list does not offer (a removed model) stay visible, checked, so they can be unchecked.
        for (const QString &name : std::as_const(checked)) {
            if (list->findItems(name, Qt::MatchExactly).isEmpty()) {
                auto *item = new QListWidgetItem(name, list);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                item->setToolTip(QStringLiteral("No such object in the workspace"));
            }
        }
        for (int i = 0; i < list->count(); ++i)
            list->item(i)->setCheckState(checked.contains(list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    };
    connect(list, &QListWidget::itemChanged, this, [this, list, path] {
        Json names = Json::array();
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->checkState() == Qt::Checked)
                names.push_back(list->item(i)->text().toStdString());
        }
        emitEdit(path, names);
    });
    return list;
}

void FieldBinder::fitListHeight(QListWidget *list)
{
    const int rows = std::clamp(list->count(), 2, 8);
    const int rowHeight = list->count() > 0 ? list->sizeHintForRow(0) : list->fontMetrics().height() + 4;
    list->setFixedHeight(rows * rowHeight + 2 * list->frameWidth() + 4);
}

void FieldBinder::setChecklistItems(const QString &path, const QStringList &items)
{
    auto *list = qobject_cast<QListWidget *>(field(path));
    if (!list)
        return;
    const QSignalBlocker blocker(list);
    list->clear();
    for (const QString &name : items) {
        auto *item = new QListWidgetItem(name, list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    fitListHeight(list);
}

void FieldBinder::addRow(const QString &path, const QString &label, QWidget *field)
{
    addBound(path, label, field);
}

void FieldBinder::setHint(const QString &path, const QString &text)
{
    const auto it = m_rows.constFind(path);
    if (it == m_rows.cend())
        return;
    auto *hint = new QLabel(text, it->container);
    hint->setObjectName(path + QStringLiteral(".hint"));
    hint->setEnabled(false); // the palette's quiet text
    // Under the field, above its problems.
    static_cast<QVBoxLayout *>(it->container->layout())->insertWidget(1, hint);
}

void FieldBinder::setRowVisible(const QString &path, bool visible)
{
    const auto it = m_rows.constFind(path);
    if (it == m_rows.cend())
        return;
    m_layout->setRowVisible(it->container, visible);
}

bool FieldBinder::isRowVisible(const QString &path) const
{
    const auto it = m_rows.constFind(path);
    return it != m_rows.cend() && !it->container->isHidden();
}

QWidget *FieldBinder::field(const QString &path) const
{
    const auto it = m_rows.constFind(path);
    return it == m_rows.cend() ? nullptr : it->field;
}

void FieldBinder::refresh(const ObjectDraft &draft)
{
    m_refreshing = true;
    for (const QString &path : std::as_const(m_order)) {
        const Row &row = m_rows[path];
        if (!row.load)
            continue;
        const QSignalBlocker blocker(row.field);
        row.load(draft);
    }
    m_refreshing = false;
}

QList<ValidationIssue> FieldBinder::showIssues(const QList<ValidationIssue> &issues)
{
    QList<ValidationIssue> unplaced;
    QHash<QString, QList<ValidationIssue>> byPath;
    for (const ValidationIssue &issue : issues) {
        QString placed;
        for (const QString &path : std::as_const(m_order)) {
            if (!issue.path.isEmpty() && ObjectFieldsModel::pathsOverlap(path, issue.path) &&
                isRowVisible(path)) {
                placed = path;
                break;
            }
        }
        if (placed.isEmpty())
            unplaced << issue;
        else
            byPath[placed] << issue;
    }
    for (const QString &path : std::as_const(m_order)) {
        const Row &row = m_rows[path];
        const QList<ValidationIssue> mine = byPath.value(path);
        QStringList lines;
        bool error = false;
        for (const ValidationIssue &issue : mine) {
            lines << issue.message;
            error = error || issue.isError();
        }
        row.problem->setText(lines.join(QLatin1Char('\n')));
        row.problem->setVisible(!lines.isEmpty());
        row.problem->setStyleSheet(EditorStyle::problemTextStyle(error));
        row.field->setProperty("problem", lines.isEmpty() ? QString() : error ? QStringLiteral("error") : QStringLiteral("warning"));
        row.field->setToolTip(lines.join(QLatin1Char('\n')));
        row.field->setStyleSheet(lines.isEmpty() ? QString() : EditorStyle::problemFieldStyle(error));
    }
    return unplaced;
}

QString FieldBinder::problemText(const QString &path) const
{
    const auto it = m_rows.constFind(path);
    return it == m_rows.cend() || it->problem->isHidden() ? QString() : it->problem->text();
}

FieldBinder::Choices FieldBinder::plainChoices(const QStringList &values)
{
    Choices choices;
    for (const QString &value : values)
        choices.append({value, value});
    return choices;
}

} // namespace ferry::ui
