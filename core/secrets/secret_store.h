#pragma once

#include "config/object_kind.h"
#include "errors/result.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace ferry {

// Passwords kept outside the workspace files and the state database: the system keychain in the desktop app and
// in ferryctl (KeychainSecretStore, in the ferry_keychain library, so core itself links no keychain). A process
// installs one store at start-up; connections read their password_keychain passwords through it. An entry is
// found by the object's kind and id (passwordKey), under the service name "ferry", so it survives renames.
//
// Failures are Errors with one of these codes, the store's own words in the message, never a password:
//   FERRY-KEYCHAIN-UNREACHABLE  no keychain this process can talk to (no Secret Service on the session bus)
//   FERRY-KEYCHAIN-LOCKED       the keychain refused access (locked, or the user said no)
//   FERRY-KEYCHAIN-NO-ENTRY     nothing is stored under that key
//   FERRY-KEYCHAIN-FAILED       anything else the keychain reported
class SecretStore
{
public:
    using ReadDone = std::function<void(const Result<QString> &)>;
    using Done = std::function<void(const Status &)>;

    static constexpr int kDefaultTimeoutMs = 20000;

    virtual ~SecretStore() = default;

    // Start an operation and return at once (for the UI thread). `done` runs once, on `context`'s thread, and not
    // at all if `context` is gone by then; with no context, on a thread of the store's own (keep it short).
    virtual void read(const QString &key, QObject *context, ReadDone done) = 0;
    virtual void write(const QString &key, const QString &password, QObject *context, Done done) = 0;
    virtual void remove(const QString &key, QObject *context, Done done) = 0;

    // The same, waiting for the answer, at most `timeoutMs` (a locked keychain may wait for a prompt nobody sees).
    // For worker threads and the command line: the calling thread blocks, no event loop runs on it. Never call
    // these on the UI thread.
    Result<QString> readNow(const QString &key, int timeoutMs = kDefaultTimeoutMs);
    Status writeNow(const QString &key, const QString &password, int timeoutMs = kDefaultTimeoutMs);
    Status removeNow(const QString &key, int timeoutMs = kDefaultTimeoutMs);

    // The keychain service every Ferry entry is stored under.
    static QString serviceName();
    // "source/ID" or "destination/ID": the entry of that object's password.
    static QString passwordKey(ObjectKind kind, const QString &objectId);

    // The process-wide store (none until a main installs one; tests may install their own). Thread-safe.
    static void install(std::shared_ptr<SecretStore> store);
    static std::shared_ptr<SecretStore> installed();
};

} // namespace ferry
