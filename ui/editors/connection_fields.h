#pragma once

#include <QString>

namespace ferry::ui {

class FieldBinder;
class PasswordField;

// The connection rows sources and destinations share (SPEC: host, port, database, username, password, path,
// ssl_mode, timeouts, ssh_tunnel), and which of them a vendor uses.
struct ConnectionFields
{
    // `password` becomes the Password row (keychain or environment variable).
    static void add(FieldBinder &fields, bool destination, PasswordField *password);
    // Shows the rows `vendor` reads and hides the others (their values stay in the draft, and validation still
    // names them if they are wrong).
    static void showFor(FieldBinder &fields, const QString &vendor, bool destination);
};

} // namespace ferry::ui
