#include "validation_fixture.h"

#include "validate/workspace_reader.h"
#include "validate/workspace_validator.h"
#include "workspace/workspace_applier.h"

namespace ferry::test {

void ValidationFixture::add(ObjectKind kind, const Json &json, const QString &fileName)
{
    QString name = fileName;
    if (name.isEmpty()) {
        const char *key = kind == ObjectKind::Model ? "model_name" : "name";
        name = json.contains(key) ? QString::fromStdString(json[key].get<std::string>()) : QStringLiteral("unnamed");
    }
    addText(kind, name, QByteArray::fromStdString(json.dump()));
}

void ValidationFixture::addText(ObjectKind kind, const QString &fileName, const QByteArray &text)
{
    const QString label = folderName(kind) + QLatin1Char('/') + fileName + QStringLiteral(".json");
    WorkspaceReader::readText(kind, text, label, fileName, m_workspace, m_report);
}

const ValidationReport &ValidationFixture::validate()
{
    WorkspaceApplier::assignIds(m_workspace, {});
    WorkspaceValidator::validate(m_workspace, {}, m_report);
    return m_report;
}

bool ValidationFixture::has(bool error, const QString &path, const QString &text) const
{
    for (const ValidationIssue &issue : m_report.issues()) {
        if (issue.isError() == error && issue.path == path && issue.message.contains(text))
            return true;
    }
    return false;
}

QString ValidationFixture::describe() const
{
    QString text = QStringLiteral("issues:\n");
    for (const ValidationIssue &issue : m_report.issues())
        text += QStringLiteral("  ") + issue.toString() + QLatin1Char('\n');
    return text;
}

} // namespace ferry::test
