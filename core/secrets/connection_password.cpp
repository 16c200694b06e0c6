#include "secrets/connection_password.h"

#include "secrets/secret_store.h"

namespace ferry {

namespace {

QString codePrefix(ObjectKind kind)
{
    return kind == ObjectKind::Source ? QStringLiteral("FERRY-SRC-") : QStringLiteral("FERRY-DST-");
}

Result<QString> fromEnvironment(const QString &variable, ObjectKind kind, const QString &objectName)
{
    if (!qEnvironmentVariableIsSet(variable.toLocal8Bit().constData())) {
        return Error{codePrefix(kind) + QStringLiteral("PASSWORD-ENV"), QStringLiteral("Password not set"),
                     QStringLiteral("%1 \"%2\": the environment variable %3 named in password_env is not set")
                         .arg(kindName(kind), objectName, variable),
                     QStringLiteral("export %1 in the environment of the worker").arg(variable), Blame::Config};
    }
    return qEnvironmentVariable(variable.toLocal8Bit().constData());
}

// The keychain's failure, said of the object whose transfer needed it.
Error keychainError(const Error &cause, ObjectKind kind, const QString &objectName, const QString &key)
{
    const QString object = QStringLiteral("%1 \"%2\"").arg(kindName(kind), objectName);
    const QString headless = QStringLiteral("or set password_env (and remove password_keychain) for headless workers");
    Error error{codePrefix(kind) + QStringLiteral("KEYCHAIN"), QStringLiteral("Password not available"), {}, {},
                Blame::Config};
    if (cause.code == QLatin1String("FERRY-KEYCHAIN-NO-ENTRY")) {
        // A locked keyring answers a lookup the same way (libsecret cannot prompt without a desktop).
        error.message = QStringLiteral("%1: its password is kept in the system keychain, but the keychain has no "
                                       "entry \"%2\" (service \"%3\"), or it is locked")
                            .arg(object, key, SecretStore::serviceName());
        error.hint = QStringLiteral("save the password in the %1's editor in the Ferry app (or with ferryctl password "
                                    "set), unlock the keychain, %2")
                         .arg(kindName(kind), headless);
    } else if (cause.code == QLatin1String("FERRY-KEYCHAIN-LOCKED")) {
        error.message = QStringLiteral("%1: its password is kept in the desktop keychain, which is locked or refused "
                                       "access (%2)")
                            .arg(object, cause.message);
        error.hint = QStringLiteral("unlock the keychain in the desktop session, %1").arg(headless);
    } else {
        error.message = QStringLiteral("%1: its password is kept in the desktop keychain, which this process cannot "
                                       "reach (%2)")
                            .arg(object, cause.message);
        error.hint = QStringLiteral("run the transfer from the Ferry app on that desktop, %1").arg(headless);
    }
    return error;
}

Result<QString> fromKeychain(ObjectKind kind, const QString &objectName, const QString &objectId)
{
    if (objectId.isEmpty()) {
        return Error{codePrefix(kind) + QStringLiteral("KEYCHAIN"), QStringLiteral("Password not available"),
                     QStringLiteral("%1 \"%2\": its password is kept in the system keychain under the object's id, "
                                    "and it has none yet")
                         .arg(kindName(kind), objectName),
                     QStringLiteral("apply the workspace first, then save the password"), Blame::Config};
    }
    const QString key = SecretStore::passwordKey(kind, objectId);
    const std::shared_ptr<SecretStore> store = SecretStore::installed();
    if (!store) {
        const Error none{QStringLiteral("FERRY-KEYCHAIN-UNREACHABLE"), {},
                         QStringLiteral("this program was started without keychain support"), {}, Blame::Ferry};
        return keychainError(none, kind, objectName, key);
    }
    Result<QString> password = store->readNow(key);
    if (!password)
        return keychainError(password.error(), kind, objectName, key);
    return password;
}

} // namespace

Result<QString> ConnectionPassword::resolve(const ConnectionSettings &settings, ObjectKind kind,
                                            const QString &objectName, const QString &objectId)
{
    if (settings.passwordEnv)
        return fromEnvironment(*settings.passwordEnv, kind, objectName);
    if (settings.usesKeychain())
        return fromKeychain(kind, objectName, objectId);
    return QString();
}

} // namespace ferry
