#pragma once

#include <QString>

#include <optional>

namespace ferry {

// A bastion the connection goes through; an unknown or changed host key is an error, never accepted silently.
struct SshTunnel
{
    QString host;
    std::optional<int> port;
    QString username;
    std::optional<QString> privateKeyPath;
    std::optional<QString> knownHostsPath;

    int effectivePort() const { return port.value_or(22); }
    bool operator==(const SshTunnel &) const = default;
};

// Connection fields shared by sources and destinations; they sit at the top level of the object's JSON.
// Secrets are never stored here: only where the password is, the name of the environment variable that holds it
// or password_keychain (the system keychain, under the object's kind and id: see SecretStore).
struct ConnectionSettings
{
    std::optional<QString> host;
    std::optional<int> port;
    std::optional<QString> database;
    std::optional<QString> username;
    std::optional<QString> passwordEnv;
    std::optional<bool> passwordKeychain;
    std::optional<QString> path;       // sqlite file, object-storage folder
    std::optional<QString> schema;     // databases: created when missing
    std::optional<QString> remotePath; // sftp
    std::optional<QString> sslMode;
    std::optional<QString> sslRootCert;
    std::optional<int> connectTimeoutSeconds;
    std::optional<SshTunnel> sshTunnel;

    QString effectiveSslMode() const { return sslMode.value_or(QStringLiteral("prefer")); }
    bool usesKeychain() const { return passwordKeychain.value_or(false); }
    int effectiveConnectTimeoutSeconds() const { return connectTimeoutSeconds.value_or(10); }
    bool operator==(const ConnectionSettings &) const = default;
};

} // namespace ferry
