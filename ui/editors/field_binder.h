#pragma once

#include "editors/object_draft.h"
#include "validate/validation_report.h"

#include <QHash>
#include <QObject>
#include <QPair>
#include <QVariant>

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QWidget;

namespace ferry::ui {

// Builds a form whose rows edit a draft's JSON paths ("host", "ssh_tunnel.port"), so each field, its value and the
// validation problems naming its path stay together. Widgets report edits through the edit handler; refresh()
// writes a draft's values into them without echoing edits back.
class FieldBinder : public QObject
{
    Q_OBJECT

public:
    using Json = ObjectDraft::Json;
    using EditHandler = std::function<void(const QString &path, const Json &value)>;
    // (stored value: a string or an int, text shown)
    using Choices = QList<QPair<QVariant, QString>>;

    FieldBinder(QFormLayout *layout, QObject *parent = nullptr);

    void setEditHandler(EditHandler handler) { m_onEdit = std::move(handler); }

    QLineEdit *addText(const QString &path, const QString &label, const QString &placeholder = {});
    // Unset shows `defaultText` (e.g. "Default: 10"); the spin box's lowest step means unset.
    QSpinBox *addNumber(const QString &path, const QString &label, int minimum, int maximum,
                        const QString &defaultText, const QString &suffix = {});
    // Optional choices get a first entry `defaultText` that removes the key.
    QComboBox *addChoice(const QString &path, const QString &label, const Choices &choices,
                         const QString &defaultText = {});
    QCheckBox *addFlag(const QString &path, const QString &label, const QString &text);
    // A list of names, each with a check box; the path holds the checked ones, in list order.
    QListWidget *addChecklist(const QString &path, const QString &label);
    void setChecklistItems(const QString &path, const QStringList &items);
    // A row the binder does not fill (a button, a read-only list); `path` only names it for problems.
    void addRow(const QString &path, const QString &label, QWidget *field);

    // A quiet line under the field saying what it means (what an empty list does, say).
    void setHint(const QString &path, const QString &text);

    void setRowVisible(const QString &path, bool visible);
    bool isRowVisible(const QString &path) const;
    QWidget *field(const QString &path) const;

    void refresh(const ObjectDraft &draft);
    // Problems beside the fields whose path they name (or a path inside it); returns those shown nowhere.
    QList<ValidationIssue> showIssues(const QList<ValidationIssue> &issues);
    // The problem text under a field, empty when none (tests, accessibility).
    QString problemText(const QString &path) const;

    // Plain string choices shown as they are stored.
    static Choices plainChoices(const QStringList &values);

private:
    struct Row
    {
        QWidget *container = nullptr;
        QWidget *field = nullptr;
        QLabel *label = nullptr;
        QLabel *problem = nullptr;
        std::function<void(const ObjectDraft &)> load;
    };

    Row &addBound(const QString &path, const QString &label, QWidget *field);
    static void fitListHeight(QListWidget *list);
    void emitEdit(const QString &path, const Json &value);

    QFormLayout *m_layout;
    QHash<QString, Row> m_rows;
    QStringList m_order;
    EditHandler m_onEdit;
    bool m_refreshing = false;
};

} // namespace ferry::ui
