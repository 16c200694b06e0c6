#pragma once

#include "validate/validation_report.h"

#include <QAbstractTableModel>

namespace ferry::ui {

// Validation problems as a table: Severity, Path (the JSON path inside the object's file) and Message.
class IssueListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, PathColumn, MessageColumn, ColumnCount };
    enum Role { IsErrorRole = Qt::UserRole + 1 };

    explicit IssueListModel(QObject *parent = nullptr);

    void setIssues(QList<ValidationIssue> issues);
    const QList<ValidationIssue> &issues() const { return m_issues; }
    int errorCount() const;
    int warningCount() const { return int(m_issues.size()) - errorCount(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ValidationIssue> m_issues;
};

} // namespace ferry::ui
