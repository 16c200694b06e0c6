#pragma once

#include "config/object_kind.h"

#include <QList>
#include <QString>

#include <optional>

namespace ferry {

// One problem found in a workspace, located by file and JSON path.
struct ValidationIssue
{
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    QString file;    // workspace-relative, e.g. "models/logs.json"
    QString path;    // JSON path inside the file, e.g. "columns[3].name_in_destination"; empty for the whole file
    QString message; // what is wrong and, where we can tell, what to write instead
    std::optional<ObjectKind> kind;
    QString objectName; // the object the file defines, when known

    bool isError() const { return severity == Severity::Error; }
    // "models/logs.json: columns[3].name_in_destination: "select" is a reserved column name"
    QString toString() const;
};

// Collects every problem of a validation run, so all of them are reported at once.
class ValidationReport
{
public:
    // Paths and messages longer than a line are cut to an excerpt: a 2 MB key or value never prints whole.
    void add(ValidationIssue issue);
    void error(const QString &file, const QString &path, const QString &message);
    void warning(const QString &file, const QString &path, const QString &message);
    void append(const ValidationReport &other);

    const QList<ValidationIssue> &issues() const { return m_issues; }
    bool hasErrors() const { return errorCount() > 0; }
    int errorCount() const;
    int warningCount() const;
    // Issues about one object (matched by kind and name, or by file).
    QList<ValidationIssue> issuesFor(ObjectKind kind, const QString &name, const QString &file = {}) const;

    // Tags the untagged issues added since `firstIndex` (only those of `file`, when given) with their object.
    void attribute(qsizetype firstIndex, ObjectKind kind, const QString &objectName, const QString &file = {});
    qsizetype size() const { return m_issues.size(); }

    // `value` in quotes, or its first characters and its length when it is longer than a name would be.
    static QString quoted(const QString &value);
    // `text` whole up to `max` characters, else its first characters and its length.
    static QString excerpt(const QString &text, qsizetype max);

private:
    QList<ValidationIssue> m_issues;
};

} // namespace ferry
