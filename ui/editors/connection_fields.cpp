#include "editors/connection_fields.h"

#include "editors/field_binder.h"
#include "editors/password_field.h"

#include <QLineEdit>

namespace ferry::ui {

void ConnectionFields::add(FieldBinder &fields, bool destination, PasswordField *password)
{
    fields.addText(QStringLiteral("host"), QStringLiteral("Host"), QStringLiteral("db.example.com"));
    fields.addNumber(QStringLiteral("port"), QStringLiteral("Port"), 1, 65535, QStringLiteral("Vendor default"));
    fields.addText(QStringLiteral("database"), QStringLiteral("Database"));
    if (destination)
        fields.addText(QStringLiteral("schema"), QStringLiteral("Schema"), QStringLiteral("created when missing"));
    fields.addText(QStringLiteral("username"), QStringLiteral("Username"));
    fields.addRow(QStringLiteral("password_env"), QStringLiteral("Password"), password);
    fields.addText(QStringLiteral("path"), QStringLiteral("Path"),
                   destination ? QStringLiteral("file or folder on this machine") : QStringLiteral("SQLite file"));
    if (destination)
        fields.addText(QStringLiteral("remote_path"), QStringLiteral("Remote path"), QStringLiteral("/upload/ferry"));
    fields.addChoice(QStringLiteral("ssl_mode"), QStringLiteral("TLS"),
                     {{QStringLiteral("disable"), QStringLiteral("disable: never encrypt")},
                      {QStringLiteral("prefer"), QStringLiteral("prefer: encrypt when the server can")},
                      {QStringLiteral("require"), QStringLiteral("require: always encrypt")},
                      {QStringLiteral("verify-ca"), QStringLiteral("verify-ca: encrypt, check the certificate's CA")},
                      {QStringLiteral("verify-full"), QStringLiteral("verify-full: also check the host name")}},
                     QStringLiteral("Default (prefer)"));
    fields.addText(QStringLiteral("ssl_root_cert"), QStringLiteral("CA certificate"), QStringLiteral("/path/to/ca.pem"));
    fields.addNumber(QStringLiteral("connect_timeout_seconds"), QStringLiteral("Connect timeout"), 1, 3600,
                     QStringLiteral("Default (10 s)"), QStringLiteral(" s"));
}

void ConnectionFields::showFor(FieldBinder &fields, const QString &vendor, bool destination)
{
    const bool server = vendor == QLatin1String("postgres") || vendor == QLatin1String("mysql");
    const bool sftp = destination && vendor == QLatin1String("sftp");
    const bool usesPath = vendor == QLatin1String("sqlite") || (destination && vendor == QLatin1String("object_storage"));
    for (const char *path : {"host", "port", "username", "password_env", "connect_timeout_seconds"})
        fields.setRowVisible(QLatin1String(path), server || sftp);
    fields.setRowVisible(QStringLiteral("database"), server);
    fields.setRowVisible(QStringLiteral("schema"), server);
    fields.setRowVisible(QStringLiteral("ssl_mode"), server);
    fields.setRowVisible(QStringLiteral("ssl_root_cert"), server);
    fields.setRowVisible(QStringLiteral("path"), usesPath);
    fields.setRowVisible(QStringLiteral("remote_path"), sftp);
}

} // namespace ferry::ui
