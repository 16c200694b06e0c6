#include "validate/connection_validator.h"

#include "config/name_rules.h"

#include <QDir>

namespace ferry {

namespace {

struct FieldUse
{
    const char *key;
    bool present;
    QStringList vendors; // vendors that accept it
    QStringList requiredBy;
};

QStringList sslModes()
{
    return {QStringLiteral("disable"), QStringLiteral("prefer"), QStringLiteral("require"), QStringLiteral("verify-ca"),
            QStringLiteral("verify-full")};
}

// A file the drivers are given by name: absolute (a worker's working folder is nobody's guess), and nothing a
// driver's option string could read as more options. Qt's MariaDB driver splits its options at ';'.
std::optional<QString> pathProblem(const QString &path)
{
    if (!QDir::isAbsolutePath(path))
        return QStringLiteral("must be an absolute path (starting with /)");
    if (const std::optional<QString> problem = NameRules::checkPrintable(path))
        return problem;
    if (path.contains(QLatin1Char(';')))
        return QStringLiteral("must not contain ';', which the database drivers read as the start of another option");
    return std::nullopt;
}

} // namespace

void ConnectionValidator::validate(const ConnectionSettings &c, const QString &vendor, const QString &objectWord,
                                   const QString &file, ValidationReport &report)
{
    const QString pg = QStringLiteral("postgres");
    const QString my = QStringLiteral("mysql");
    const QString lite = QStringLiteral("sqlite");
    const QString files = QStringLiteral("object_storage");
    const QString sftp = QStringLiteral("sftp");
    const QStringList servers = {pg, my, sftp};

    const QList<FieldUse> fields = {
        {"host", c.host.has_value(), servers, servers},
        {"port", c.port.has_value(), servers, {}},
        {"database", c.database.has_value(), {pg, my}, {pg, my}},
        {"schema", c.schema.has_value(), {pg, my}, {}},
        {"username", c.username.has_value(), servers, servers},
        {"password_env", c.passwordEnv.has_value(), servers, {}},
        {"password_keychain", c.passwordKeychain.has_value(), servers, {}},
        {"path", c.path.has_value(), {lite, files}, {lite, files}},
        {"remote_path", c.remotePath.has_value(), {sftp}, {sftp}},
        {"ssl_mode", c.sslMode.has_value(), {pg, my}, {}},
        {"ssl_root_cert", c.sslRootCert.has_value(), {pg, my}, {}},
        {"connect_timeout_seconds", c.connectTimeoutSeconds.has_value(), servers, {}},
        {"ssh_tunnel", c.sshTunnel.has_value(), servers, {}},
    };
    // With an unknown vendor (reported elsewhere) only the vendor-independent checks below make sense.
    const bool knownVendor = std::any_of(fields.begin(), fields.end(), [&](const FieldUse &f) { return f.vendors.contains(vendor); });
    for (const FieldUse &field : knownVendor ? fields : QList<FieldUse>()) {
        const QString key = QLatin1String(field.key);
        if (field.present && !field.vendors.contains(vendor)) {
            report.error(file, key,
                         QStringLiteral("does not apply to a %1 %2 (it is for: %3)")
                             .arg(vendor, objectWord, field.vendors.join(QStringLiteral(", "))));
        } else if (!field.present && field.requiredBy.contains(vendor)) {
            report.error(file, key, QStringLiteral("is required for a %1 %2").arg(vendor, objectWord));
        }
    }

    // Until tunnels exist Ferry would connect straight to host:port and send the password there.
    if (c.sshTunnel && servers.contains(vendor)) {
        report.error(file, QStringLiteral("ssh_tunnel"),
                     QStringLiteral("SSH tunnels are not supported yet: Ferry would connect straight to %1 instead of "
                                    "through %2, so it refuses this %3; remove ssh_tunnel and make the server "
                                    "reachable from the machines that run Ferry")
                         .arg(c.host.value_or(QStringLiteral("the host")), c.sshTunnel->host, objectWord));
    }
    if (c.sslMode && !sslModes().contains(*c.sslMode)) {
        report.error(file, QStringLiteral("ssl_mode"),
                     QStringLiteral("%1 is not one of %2").arg(ValidationReport::quoted(*c.sslMode), sslModes().join(QStringLiteral(", "))));
    }
    if (c.sslRootCert) {
        if (const std::optional<QString> problem = pathProblem(*c.sslRootCert))
            report.error(file, QStringLiteral("ssl_root_cert"), *problem);
    }
    if (c.sslRootCert && c.sslMode && !c.sslMode->startsWith(QLatin1String("verify"))) {
        report.warning(file, QStringLiteral("ssl_root_cert"),
                       QStringLiteral("is only used with ssl_mode verify-ca or verify-full"));
    }
    if (c.passwordEnv && !NameRules::isValidEnvironmentName(*c.passwordEnv)) {
        // Never echoed: what is not a variable name here is most often the password itself, pasted.
        report.error(file, QStringLiteral("password_env"),
                     QStringLiteral("is not an environment variable name (letters, digits and '_', not starting with a "
                                    "digit) and looks like a password: its value is not shown. Put the password in an "
                                    "environment variable and write that variable's name here"));
    }
    if (c.passwordEnv && c.usesKeychain()) {
        // One place per password: a worker and the app must never connect with two different ones.
        report.error(file, QStringLiteral("password_keychain"),
                     QStringLiteral("cannot be used together with password_env: keep this %1's password either in the "
                                    "system keychain (for the Ferry app) or in the environment variable (for headless "
                                    "workers), and remove the other")
                         .arg(objectWord));
    }
    if (vendor == lite && c.path && (c.path->trimmed().isEmpty() || *c.path == QLatin1String(":memory:"))) {
        report.error(file, QStringLiteral("path"),
                     QStringLiteral("must name a database file: with %1 SQLite keeps the rows nowhere")
                         .arg(c.path->trimmed().isEmpty() ? QStringLiteral("an empty path") : QStringLiteral("\":memory:\"")));
    }
    if (c.schema) {
        if (const std::optional<QString> problem = NameRules::checkIdentifier(*c.schema))
            report.error(file, QStringLiteral("schema"), *problem);
    }
}

} // namespace ferry
