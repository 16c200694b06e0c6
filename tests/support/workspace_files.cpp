#include "workspace_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ferry::test {

namespace {

std::string s(const QString &text) { return text.toStdString(); }

Json column(const char *name, const char *type, bool pk = false, bool lastModified = false)
{
    return Json{{"name_in_source", name}, {"name_in_destination", name}, {"data_type", type},
                {"is_primary_key", pk},   {"is_last_modified", lastModified}};
}

Json list(const QStringList &values)
{
    Json array = Json::array();
    for (const QString &value : values)
        array.push_back(s(value));
    return array;
}

} // namespace

Json WorkspaceFiles::source(const QString &name)
{
    return Json{{"name", s(name)}, {"vendor", "postgres"}, {"host", "db.internal"}, {"database", "app"},
                {"username", "ferry"}, {"password_env", "APP_DB_PASSWORD"}};
}

Json WorkspaceFiles::model(const QString &name)
{
    return Json{{"model_name", s(name)},
                {"source_table", "public.events"},
                {"organization_column", "tenant_id"},
                {"columns", Json::array({column("id", "string", true), column("kind", "string"),
                                         column("amount", "decimal"), column("updated_at", "timestamp", false, true)})}};
}

Json WorkspaceFiles::product(const QString &name, const QStringList &models)
{
    return Json{{"name", s(name)}, {"models", list(models)}};
}

Json WorkspaceFiles::recipient(const QString &name, const QString &tenant, const QStringList &products)
{
    return Json{{"name", s(name)}, {"id_in_provider_system", s(tenant)}, {"products", list(products)}};
}

Json WorkspaceFiles::destination(const QString &name, const QString &recipient)
{
    return Json{{"name", s(name)}, {"recipient", s(recipient)}, {"vendor", "sqlite"},
                {"path", s(QStringLiteral("/tmp/ferry-test-") + recipient + QStringLiteral(".db"))}};
}

void WorkspaceFiles::writeText(const QString &folder, const QString &relativePath, const QByteArray &text)
{
    const QString path = QDir(folder).filePath(relativePath);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(text);
}

void WorkspaceFiles::write(const QString &folder, const QString &relativePath, const Json &json)
{
    writeText(folder, relativePath, QByteArray::fromStdString(json.dump(2)));
}

void WorkspaceFiles::writeValidWorkspace(const QString &folder)
{
    write(folder, QStringLiteral("sources/main.json"), source());
    write(folder, QStringLiteral("models/events.json"), model(QStringLiteral("events")));
    Json users = model(QStringLiteral("users"));
    users["source_table"] = "public.users";
    write(folder, QStringLiteral("models/users.json"), users);
    write(folder, QStringLiteral("products/core.json"), product(QStringLiteral("core"), {QStringLiteral("events"), QStringLiteral("users")}));
    write(folder, QStringLiteral("recipients/acme.json"), recipient(QStringLiteral("acme"), QStringLiteral("t_acme"), {QStringLiteral("core")}));
    write(folder, QStringLiteral("recipients/globex.json"), recipient(QStringLiteral("globex"), QStringLiteral("t_globex")));
    write(folder, QStringLiteral("destinations/acme db.json"), destination(QStringLiteral("acme db"), QStringLiteral("acme")));
    write(folder, QStringLiteral("destinations/globex db.json"), destination(QStringLiteral("globex db"), QStringLiteral("globex")));
}

} // namespace ferry::test
