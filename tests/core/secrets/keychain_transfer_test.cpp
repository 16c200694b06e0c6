// A destination whose password lives in the system keychain (password_keychain): the in-process WorkerPool reads it
// from a real Secret Service and delivers, and the password's bytes reach neither the state database (its file and
// WAL) nor the transfer log. Without the entry the transfer fails naming the object and what to do.
#include "core/engine/engine_fixture.h"
#include "support/test_keychain.h"

#include "secrets/secret_store.h"

#include <QFile>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QUuid>

namespace ferry::test {
namespace {

using namespace Qt::Literals::StringLiterals;

class KeychainTransferTest : public EngineTest
{
protected:
    // A login role of the destination server whose password only the keychain knows.
    void createKeychainUser()
    {
        const QString suffix = QUuid::createUuid().toString(QUuid::Id128);
        m_user = u"kc_"_s + suffix.left(12);
        m_password = u"kc-secret-"_s + suffix; // unique bytes to look for
        destinationQuery(u"CREATE ROLE %1 LOGIN PASSWORD '%2'"_s.arg(m_user, m_password));
        destinationQuery(u"GRANT ALL ON SCHEMA public TO %1"_s.arg(m_user));
        m_destinationOverride = Json{{"username", m_user.toStdString()}, {"password_env", nullptr},
                                     {"password_keychain", true}};
    }

    void dropKeychainUser()
    {
        if (m_user.isEmpty())
            return;
        destinationQuery(u"DROP OWNED BY %1"_s.arg(m_user));
        destinationQuery(u"DROP ROLE %1"_s.arg(m_user));
    }

    QString destinationId()
    {
        QSqlQuery query(m_state->connection());
        query.exec(u"SELECT id FROM destinations WHERE name = 'acme'"_s);
        return query.next() ? query.value(0).toString() : QString();
    }

    // Every byte of the state database's files: the database, its WAL and shared memory.
    QByteArray stateFileBytes() const
    {
        QByteArray bytes;
        const QString path = m_dir.filePath(u"state.db"_s);
        for (const QString &file : QStringList{path, path + u"-wal"_s, path + u"-shm"_s}) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                bytes += f.readAll();
        }
        return bytes;
    }

    QString m_user;
    QString m_password;
};

TEST_P(KeychainTransferTest, AWorkerReadsThePasswordFromTheKeychainAndItIsStoredNowhereElse)
{
    FERRY_REQUIRE_KEYCHAIN();
    createKeychainUser();
    auto cleanup = qScopeGuard([this] { dropKeychainUser(); });
    insert(u"a1"_s, u"v1"_s, day(1));
    insert(u"a2"_s, u"v2"_s, day(2));
    insert(u"x1"_s, u"other tenant"_s, day(2), u"t_other"_s);
    applyWorkspace(modelJson());
    const QString id = destinationId();
    ASSERT_FALSE(id.isEmpty());
    const QString key = SecretStore::passwordKey(ObjectKind::Destination, id);
    const std::shared_ptr<SecretStore> store = SecretStore::installed();
    ASSERT_TRUE(store->writeNow(key, m_password).ok());
    auto forget = qScopeGuard([&] { store->removeNow(key); });

    const TransferRecord record = transfer();
    ASSERT_EQ(record.status, u"SUCCESS"_s) << (record.error ? record.error->toString().toStdString() : std::string())
                                           << (modelOf(record).error ? modelOf(record).error->toString().toStdString()
                                                                     : std::string());
    EXPECT_EQ(destinationCount(), 2);
    EXPECT_EQ(destinationQuery(u"SELECT tableowner FROM pg_tables WHERE tablename = 'events'"_s),
              QStringList{m_user})
        << "the table was created by the role whose password only the keychain holds";

    // Nowhere in the state database: not in any table, not in the WAL, not in the transfer log.
    const QByteArray bytes = stateFileBytes();
    ASSERT_FALSE(bytes.isEmpty());
    EXPECT_FALSE(bytes.contains(m_password.toUtf8())) << "the password's bytes are in the state database's files";
    EXPECT_FALSE(bytes.contains(QByteArray(reinterpret_cast<const char *>(m_password.utf16()),
                                           m_password.size() * 2)))
        << "the password's UTF-16 bytes are in the state database's files";
    QSqlQuery logs(m_state->connection());
    ASSERT_TRUE(logs.exec(u"SELECT message || ' ' || fields FROM log_events"_s));
    int logRows = 0;
    while (logs.next()) {
        ++logRows;
        EXPECT_FALSE(logs.value(0).toString().contains(m_password)) << logs.value(0).toString().toStdString();
    }
    EXPECT_GT(logRows, 0) << "the transfer wrote no log rows to search";
}

TEST_P(KeychainTransferTest, WithoutTheKeychainEntryTheTransferFailsNamingTheDestination)
{
    FERRY_REQUIRE_KEYCHAIN();
    createKeychainUser();
    auto cleanup = qScopeGuard([this] { dropKeychainUser(); });
    insert(u"a1"_s, u"v1"_s, day(1));
    applyWorkspace(modelJson());
    const QString key = SecretStore::passwordKey(ObjectKind::Destination, destinationId());
    ASSERT_TRUE(SecretStore::installed()->removeNow(key).ok());

    const TransferRecord record = transfer();
    EXPECT_EQ(record.status, u"ERROR"_s);
    const ModelMetrics metrics = modelOf(record);
    const std::optional<Error> error = metrics.error ? metrics.error : record.error;
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code, u"FERRY-DST-KEYCHAIN"_s) << error->toString().toStdString();
    EXPECT_TRUE(error->message.contains(u"destination \"acme\""_s)) << error->toString().toStdString();
    EXPECT_TRUE(error->message.contains(key)) << error->toString().toStdString();
    EXPECT_TRUE(error->hint.contains(u"password_env"_s)) << error->toString().toStdString();
    EXPECT_EQ(destinationQuery(u"SELECT count(*) FROM pg_tables WHERE tablename = 'events'"_s), QStringList{u"0"_s});
}

INSTANTIATE_TEST_SUITE_P(Destinations, KeychainTransferTest, ::testing::Values(DestinationVendor::Postgres),
                         destinationVendorName);

} // namespace
} // namespace ferry::test
