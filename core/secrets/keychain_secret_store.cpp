#include "secrets/keychain_secret_store.h"

#include "log/log_categories.h"

#include <qt6keychain/keychain.h>

#include <QPointer>

namespace ferry {

namespace {

// QtKeychain's error, in SecretStore's codes. Its messages are the backend's own words (D-Bus errors, "No match"),
// never the secret.
Error toError(QKeychain::Job *job, const QString &key)
{
    const QString reason = job->errorString().isEmpty() ? QStringLiteral("no reason given") : job->errorString();
    switch (job->error()) {
    case QKeychain::EntryNotFound:
        return Error{QStringLiteral("FERRY-KEYCHAIN-NO-ENTRY"), QStringLiteral("No keychain entry"),
                     QStringLiteral("the system keychain has no entry \"%1\" (service \"%2\")")
                         .arg(key, SecretStore::serviceName()),
                     {}, Blame::Config};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error{QStringLiteral("FERRY-KEYCHAIN-LOCKED"), QStringLiteral("Keychain locked"), reason,
                     QStringLiteral("unlock the keychain in the desktop session"), Blame::Config};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // On Linux every failure to talk to the Secret Service (no session bus, no service on it) lands here, in
        // libsecret's words ("Cannot autolaunch D-Bus without X11 $DISPLAY"): say what that means first.
        return Error{QStringLiteral("FERRY-KEYCHAIN-UNREACHABLE"), QStringLiteral("Keychain not reachable"),
                     QStringLiteral("no Secret Service on the D-Bus session bus%1: %2")
                         .arg(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
                                  ? QStringLiteral(", DBUS_SESSION_BUS_ADDRESS is not set")
                                  : QString(),
                              reason),
                     QStringLiteral("start the Ferry app in a desktop session with a keychain (GNOME Keyring, "
                                    "KWallet, KeePassXC)"),
                     Blame::Config};
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoError:
        break;
    }
    return Error{QStringLiteral("FERRY-KEYCHAIN-FAILED"), QStringLiteral("Keychain failed"), reason, {}, Blame::Config};
}

// Runs `callback` on `context`'s thread when the caller gave one (and only while it lives), else here.
template <typename Callback>
void deliver(const QPointer<QObject> &context, bool hadContext, Callback callback)
{
    if (!hadContext)
        callback();
    else if (QObject *receiver = context.data())
        QMetaObject::invokeMethod(receiver, std::move(callback), Qt::QueuedConnection);
}

} // namespace

KeychainSecretStore::KeychainSecretStore() : m_thread(std::make_unique<QThread>()), m_home(new QObject)
{
    m_thread->setObjectName(QStringLiteral("ferry-keychain"));
    m_home->moveToThread(m_thread.get());
    // Deleted on its own thread as it ends (with the jobs it parents), also when no event loop is left to run a
    // deleteLater: the store may be destroyed at exit, after the application object.
    QObject::connect(m_thread.get(), &QThread::finished, m_home, [home = m_home] { delete home; },
                     Qt::DirectConnection);
    m_thread->start();
}

KeychainSecretStore::~KeychainSecretStore()
{
    m_thread->quit();
    m_thread->wait();
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadDone done)
{
    QMetaObject::invokeMethod(m_home, [home = m_home, key, target = QPointer<QObject>(context), hadContext = context != nullptr,
                                       done = std::move(done)] {
        auto *job = new QKeychain::ReadPasswordJob(serviceName(), home);
        job->setKey(key);
        job->setInsecureFallback(false); // a password never lands in a plain file
        QObject::connect(job, &QKeychain::Job::finished, home, [=](QKeychain::Job *) {
            const Result<QString> result = job->error() == QKeychain::NoError ? Result<QString>(job->textData())
                                                                               : Result<QString>(toError(job, key));
            deliver(target, hadContext, [done, result] { done(result); });
        });
        job->start();
    });
}

void KeychainSecretStore::write(const QString &key, const QString &password, QObject *context, Done done)
{
    QMetaObject::invokeMethod(m_home, [home = m_home, key, password, target = QPointer<QObject>(context),
                                       hadContext = context != nullptr, done = std::move(done)] {
        auto *job = new QKeychain::WritePasswordJob(serviceName(), home);
        job->setKey(key);
        job->setInsecureFallback(false);
        job->setTextData(password);
        QObject::connect(job, &QKeychain::Job::finished, home, [=](QKeychain::Job *) {
            const Status status = job->error() == QKeychain::NoError ? Status() : Status(toError(job, key));
            if (status.ok())
                qCInfo(lcSecrets) << "saved a password in the keychain as" << key;
            deliver(target, hadContext, [done, status] { done(status); });
        });
        job->start();
    });
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Done done)
{
    QMetaObject::invokeMethod(m_home, [home = m_home, key, target = QPointer<QObject>(context),
                                       hadContext = context != nullptr, done = std::move(done)] {
        auto *job = new QKeychain::DeletePasswordJob(serviceName(), home);
        job->setKey(key);
        job->setInsecureFallback(false);
        QObject::connect(job, &QKeychain::Job::finished, home, [=](QKeychain::Job *) {
            // Removing what is not there leaves the keychain as asked.
            const bool removed = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
            const Status status = removed ? Status() : Status(toError(job, key));
            deliver(target, hadContext, [done, status] { done(status); });
        });
        job->start();
    });
}

void KeychainSecretStore::installForThisProcess()
{
    if (!std::dynamic_pointer_cast<KeychainSecretStore>(SecretStore::installed()))
        SecretStore::install(std::make_shared<KeychainSecretStore>());
}

} // namespace ferry
