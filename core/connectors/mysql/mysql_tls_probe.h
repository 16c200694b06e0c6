#pragma once

#include <QString>

#include <optional>

namespace ferry {

// Qt 6.4's MySQL driver passes a CA to MariaDB's client library (which then verifies the chain) but cannot ask it to
// check the host name (MYSQL_OPT_SSL_VERIFY_SERVER_CERT). For ssl_mode verify-full this probe connects on its own,
// asks for TLS as a client does (the SSLRequest packet), checks the certificate's chain and host name, and hangs up
// before any user name or password is sent. It also tells ssl_mode prefer whether the server offers TLS at all.
class MysqlTlsProbe
{
public:
    // Empty when the server at host:port speaks TLS with a certificate for `host` signed by `caFile` (the system's
    // CAs when empty); otherwise why not, in words for a message.
    static std::optional<QString> verifyHostName(const QString &host, int port, const QString &caFile,
                                                 int timeoutSeconds);
    // Whether the server's greeting offers TLS: ssl_mode prefer asks for TLS only then (MariaDB's client, once asked,
    // refuses a server without it). False when the server cannot be reached; the real connection then says why.
    static bool offersTls(const QString &host, int port, int timeoutSeconds);
};

} // namespace ferry
