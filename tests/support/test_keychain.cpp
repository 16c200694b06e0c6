#include "support/test_keychain.h"

#include "secrets/keychain_secret_store.h"

#include <QUuid>

namespace ferry::test {

QString TestKeychain::unreachableReason()
{
    static const QString reason = [] {
        KeychainSecretStore::installForThisProcess();
        // A key nobody wrote: a reachable keychain answers "no entry".
        const QString key = QStringLiteral("probe/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const Result<QString> probe = SecretStore::installed()->readNow(key, 10000);
        if (probe.ok() || probe.error().code == QLatin1String("FERRY-KEYCHAIN-NO-ENTRY"))
            return QString();
        return probe.error().message;
    }();
    return reason;
}

} // namespace ferry::test
