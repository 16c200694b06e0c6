// The system keychain through QtKeychain, against a real Secret Service (gnome-keyring-daemon, started by
// scripts/test): what is saved is read back, removed entries are gone, and the UI's asynchronous calls answer on
// the caller's thread without blocking it.
#include "support/test_keychain.h"

#include "secrets/secret_store.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>
#include <QUuid>

namespace ferry::test {
namespace {

using namespace Qt::Literals::StringLiterals;

QString freshKey()
{
    return SecretStore::passwordKey(ObjectKind::Destination, QUuid::createUuid().toString(QUuid::WithoutBraces));
}

TEST(KeychainSecretStore, SavesReadsAndRemovesAPassword)
{
    FERRY_REQUIRE_KEYCHAIN();
    const std::shared_ptr<SecretStore> store = SecretStore::installed();
    const QString key = freshKey();
    const QString password = u"pä$$ wörd;'\"\\ 🔑"_s; // quotes, separators and non-ASCII survive as they are

    const Status written = store->writeNow(key, password);
    ASSERT_TRUE(written.ok()) << written.error().toString().toStdString();
    const Result<QString> read = store->readNow(key);
    ASSERT_TRUE(read.ok()) << read.error().toString().toStdString();
    EXPECT_EQ(*read, password);

    // Saving again replaces the entry.
    ASSERT_TRUE(store->writeNow(key, u"second"_s).ok());
    EXPECT_EQ(store->readNow(key).value(), u"second"_s);

    const Status removed = store->removeNow(key);
    ASSERT_TRUE(removed.ok()) << removed.error().toString().toStdString();
    const Result<QString> gone = store->readNow(key);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, u"FERRY-KEYCHAIN-NO-ENTRY"_s);
    EXPECT_TRUE(gone.error().message.contains(key)) << gone.error().toString().toStdString();
    EXPECT_TRUE(store->removeNow(key).ok()) << "removing what is not there leaves the keychain as asked";
}

TEST(KeychainSecretStore, AsynchronousCallsAnswerOnTheCallersThreadAndReturnAtOnce)
{
    FERRY_REQUIRE_KEYCHAIN();
    const std::shared_ptr<SecretStore> store = SecretStore::installed();
    const QString key = freshKey();
    QObject context; // the dialog that saves
    QEventLoop loop;
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    std::optional<Status> written;
    QThread *answeredOn = nullptr;
    QElapsedTimer returned;
    returned.start();
    store->write(key, u"from a dialog"_s, &context, [&](const Status &status) {
        written = status;
        answeredOn = QThread::currentThread();
        loop.quit();
    });
    EXPECT_LT(returned.elapsed(), 50) << "write() must return before the keychain answers";
    EXPECT_FALSE(written.has_value()) << "the answer arrives through the caller's event loop, not inside write()";
    loop.exec();
    ASSERT_TRUE(written.has_value()) << "no answer within 20 s";
    EXPECT_TRUE(written->ok()) << written->error().toString().toStdString();
    EXPECT_EQ(answeredOn, QThread::currentThread());

    std::optional<Result<QString>> read;
    store->read(key, &context, [&](const Result<QString> &result) {
        read = result;
        loop.quit();
    });
    loop.exec();
    ASSERT_TRUE(read.has_value());
    ASSERT_TRUE(read->ok()) << read->error().toString().toStdString();
    EXPECT_EQ(read->value(), u"from a dialog"_s);
    ASSERT_TRUE(store->removeNow(key).ok());
}

TEST(KeychainSecretStore, WorkerThreadsReadAtTheSameTime)
{
    FERRY_REQUIRE_KEYCHAIN();
    // The engine's lanes each open connections on their own thread; QtKeychain's executor is not thread-safe, so
    // the store serializes every job on its own thread.
    const std::shared_ptr<SecretStore> store = SecretStore::installed();
    QStringList keys;
    for (int i = 0; i < 4; ++i) {
        keys << freshKey();
        ASSERT_TRUE(store->writeNow(keys.last(), u"password %1"_s.arg(i)).ok());
    }
    QList<QString> answers(keys.size());
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < int(keys.size()); ++i) {
        threads.emplace_back(QThread::create([&, i] {
            for (int round = 0; round < 5; ++round) {
                const Result<QString> read = store->readNow(keys[i]);
                answers[i] = read.ok() ? *read : read.error().toString();
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        ASSERT_TRUE(thread->wait(60000));
    for (int i = 0; i < int(keys.size()); ++i) {
        EXPECT_EQ(answers[i], u"password %1"_s.arg(i));
        ASSERT_TRUE(store->removeNow(keys[i]).ok());
    }
}

} // namespace
} // namespace ferry::test
