#pragma once

#include "config/workspace.h"
#include "state/transfer_summary.h"
#include "validate/validation_report.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace ferry::ui {

class IssueListModel;
class ModelColumnsModel;
class ObjectFieldsModel;

// The right side of the main window: one object's name and kind, its fields (and a model's columns), and its
// validation problems, or "No problems".
class ObjectDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit ObjectDetailPane(QWidget *parent = nullptr);

    void showObject(const Workspace &workspace, const ValidationReport &report, ObjectKind kind, qsizetype index);
    // No object: a centred hint such as "Loading…" or "Select an object".
    void showPlaceholder(const QString &text);
    // The newest transfer per destination name: a destination's pane says how its last transfer went, in red
    // when it failed (the badge then says so instead of "No problems").
    void setDestinationHealth(const QHash<QString, TransferSummary> &latest);
    QString healthText() const;

    QString title() const;
    QString subtitle() const;
    QString problemSummary() const;
    bool isShowingObject() const;
    bool isColumnsTabVisible() const;

    ObjectFieldsModel *fieldsModel() const { return m_fieldsModel; }
    ModelColumnsModel *columnsModel() const { return m_columnsModel; }
    IssueListModel *issueModel() const { return m_issueModel; }

private:
    QWidget *buildHeader();
    QWidget *buildProblems();
    static QTableView *createTable(QWidget *parent);
    void showProblems();
    void showHealth(ObjectKind kind, const QString &name);

    ObjectFieldsModel *m_fieldsModel;
    ModelColumnsModel *m_columnsModel;
    IssueListModel *m_issueModel;

    QStackedWidget *m_pages = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_health = nullptr;
    QHash<QString, TransferSummary> m_latest;
    bool m_lastFailed = false;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_fieldsView = nullptr;
    QTableView *m_columnsView = nullptr;
    QLabel *m_problemsHeading = nullptr;
    QStackedWidget *m_problemsStack = nullptr;
    QTableView *m_issuesView = nullptr;
};

} // namespace ferry::ui
