#include "secrets/secret_store.h"

#include <QMutex>

#include <future>

namespace ferry {

namespace {

QMutex installedMutex;
std::shared_ptr<SecretStore> installedStore;

Error timedOut(int timeoutMs)
{
    return Error{QStringLiteral("FERRY-KEYCHAIN-LOCKED"), QStringLiteral("Keychain did not answer"),
                 QStringLiteral("the system keychain did not answer within %1 s; it may be locked and waiting for a "
                                "password prompt on the desktop")
                     .arg(timeoutMs / 1000),
                 QStringLiteral("unlock the keychain in the desktop session"), Blame::Config};
}

// Waits on a promise the store fulfils from its own thread; a late answer after a timeout goes to a promise
// nobody reads any more (shared, so it outlives this call).
template <typename T, typename Start>
T waitFor(int timeoutMs, Start start)
{
    auto promise = std::make_shared<std::promise<T>>();
    std::future<T> answer = promise->get_future();
    start([promise](const T &value) { promise->set_value(value); });
    if (answer.wait_for(std::chrono::milliseconds(timeoutMs)) != std::future_status::ready)
        return timedOut(timeoutMs);
    return answer.get();
}

} // namespace

Result<QString> SecretStore::readNow(const QString &key, int timeoutMs)
{
    return waitFor<Result<QString>>(timeoutMs, [&](ReadDone done) { read(key, nullptr, std::move(done)); });
}

Status SecretStore::writeNow(const QString &key, const QString &password, int timeoutMs)
{
    return waitFor<Status>(timeoutMs, [&](Done done) { write(key, password, nullptr, std::move(done)); });
}

Status SecretStore::removeNow(const QString &key, int timeoutMs)
{
    return waitFor<Status>(timeoutMs, [&](Done done) { remove(key, nullptr, std::move(done)); });
}

QString SecretStore::serviceName()
{
    return QStringLiteral("ferry");
}

QString SecretStore::passwordKey(ObjectKind kind, const QString &objectId)
{
    return kindName(kind) + QLatin1Char('/') + objectId;
}

void SecretStore::install(std::shared_ptr<SecretStore> store)
{
    QMutexLocker lock(&installedMutex);
    installedStore = std::move(store);
}

std::shared_ptr<SecretStore> SecretStore::installed()
{
    QMutexLocker lock(&installedMutex);
    return installedStore;
}

} // namespace ferry
