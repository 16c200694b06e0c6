#pragma once

#include "config/workspace.h"
#include "validate/validation_report.h"

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

    ObjectFieldsModel *m_fieldsModel;
    ModelColumnsModel *m_columnsModel;
    IssueListModel *m_issueModel;

    QStackedWidget *m_pages = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_badge = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_fieldsView = nullptr;
    QTableView *m_columnsView = nullptr;
    QLabel *m_problemsHeading = nullptr;
    QStackedWidget *m_problemsStack = nullptr;
    QTableView *m_issuesView = nullptr;
};

} // namespace ferry::ui
