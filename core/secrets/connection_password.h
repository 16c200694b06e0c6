#pragma once

#include "config/connection_settings.h"
#include "config/object_kind.h"
#include "errors/result.h"

#include <QString>

namespace ferry {

// Where a source's or destination's connection gets its password: the environment variable named by password_env,
// the system keychain entry of the object (password_keychain, through the installed SecretStore), or none (an
// empty password). A password that cannot be had is an Error naming the object and what to do, never the password.
class ConnectionPassword
{
public:
    // `kind` is Source or Destination; `objectId` finds the keychain entry. Blocks while the keychain answers:
    // call it on a worker thread or in a command-line tool, never on the UI thread.
    static Result<QString> resolve(const ConnectionSettings &settings, ObjectKind kind, const QString &objectName,
                                   const QString &objectId);
};

} // namespace ferry
