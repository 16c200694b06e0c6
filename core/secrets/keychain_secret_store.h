#pragma once

#include "secrets/secret_store.h"

#include <QThread>

#include <memory>

namespace ferry {

// SecretStore on the system keychain through QtKeychain (on Linux the Secret Service on the D-Bus session bus:
// GNOME Keyring, KWallet's Secret Service, KeePassXC).
//
// QtKeychain jobs are asynchronous and meant for one thread: they queue in one process-wide executor and finish on
// the event loop of the thread that started them. Every job therefore runs on this store's own thread
// ("ferry-keychain"), which runs an event loop and nothing else: workers wait for an answer without an event loop
// of their own, and the UI thread gets its callback queued back to it. Make one per process (installForThisProcess):
// QtKeychain's executor stays bound to the thread that ran the first job, so a later store's jobs would wait on a
// thread that has ended.
class KeychainSecretStore : public SecretStore
{
public:
    KeychainSecretStore();
    ~KeychainSecretStore() override;
    KeychainSecretStore(const KeychainSecretStore &) = delete;
    KeychainSecretStore &operator=(const KeychainSecretStore &) = delete;

    void read(const QString &key, QObject *context, ReadDone done) override;
    void write(const QString &key, const QString &password, QObject *context, Done done) override;
    void remove(const QString &key, QObject *context, Done done) override;

    // Installs a KeychainSecretStore as the process's store (SecretStore::install) unless one is installed; for
    // the mains and tests.
    static void installForThisProcess();

private:
    std::unique_ptr<QThread> m_thread;
    QObject *m_home = nullptr; // lives on m_thread: every job's parent and receiver
};

} // namespace ferry
