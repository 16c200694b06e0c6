#include "validate/validation_report.h"

#include <algorithm>

namespace ferry {

QString ValidationIssue::toString() const
{
    QString text = file.isEmpty() ? QStringLiteral("workspace") : file;
    text += QStringLiteral(": ");
    if (!path.isEmpty())
        text += path + QStringLiteral(": ");
    if (severity == Severity::Warning)
        text += QStringLiteral("warning: ");
    return text + message;
}

namespace {
constexpr qsizetype kMaxPath = 160;
constexpr qsizetype kMaxMessage = 400;
constexpr qsizetype kMaxQuoted = 60;
} // namespace

void ValidationReport::add(ValidationIssue issue)
{
    issue.path = excerpt(issue.path, kMaxPath);
    issue.message = excerpt(issue.message, kMaxMessage);
    m_issues.append(std::move(issue));
}

QString ValidationReport::excerpt(const QString &text, qsizetype max)
{
    if (text.size() <= max)
        return text;
    return text.left(max / 2) + QStringLiteral("... (%1 characters)").arg(text.size());
}

QString ValidationReport::quoted(const QString &value)
{
    // Control characters spelt out: a NUL or an escape sequence printed raw would mislead, or drive, the terminal.
    const auto visible = [](const QString &text) {
        QString out;
        for (const QChar ch : text)
            out += ch.isPrint() ? QString(ch) : QStringLiteral("\\u%1").arg(ch.unicode(), 4, 16, QLatin1Char('0'));
        return out;
    };
    if (value.size() <= kMaxQuoted)
        return QLatin1Char('"') + visible(value) + QLatin1Char('"');
    return QLatin1Char('"') + visible(value.left(kMaxQuoted / 2)) + QStringLiteral("...\" (%1 characters)").arg(value.size());
}

void ValidationReport::error(const QString &file, const QString &path, const QString &message)
{
    add({ValidationIssue::Severity::Error, file, path, message, std::nullopt, {}});
}

void ValidationReport::warning(const QString &file, const QString &path, const QString &message)
{
    add({ValidationIssue::Severity::Warning, file, path, message, std::nullopt, {}});
}

void ValidationReport::append(const ValidationReport &other)
{
    m_issues.append(other.m_issues);
}

int ValidationReport::errorCount() const
{
    return int(std::count_if(m_issues.begin(), m_issues.end(), [](const ValidationIssue &i) { return i.isError(); }));
}

int ValidationReport::warningCount() const
{
    return int(m_issues.size()) - errorCount();
}

QList<ValidationIssue> ValidationReport::issuesFor(ObjectKind kind, const QString &name, const QString &file) const
{
    QList<ValidationIssue> result;
    for (const ValidationIssue &issue : m_issues) {
        const bool sameObject = issue.kind == kind && issue.objectName == name;
        const bool sameFile = !file.isEmpty() && issue.file == file;
        if (sameObject || sameFile)
            result.append(issue);
    }
    return result;
}

void ValidationReport::attribute(qsizetype firstIndex, ObjectKind kind, const QString &objectName,
                                 const QString &file)
{
    for (qsizetype i = firstIndex; i < m_issues.size(); ++i) {
        if (!m_issues[i].kind && (file.isEmpty() || m_issues[i].file == file)) {
            m_issues[i].kind = kind;
            m_issues[i].objectName = objectName;
        }
    }
}

} // namespace ferry
