// The throwaway MariaDB server scripts/test starts, and TemporaryMysqlDatabase: what the MySQL connector and
// destination tests rely on.
#include "support/test_servers.h"

#include <gtest/gtest.h>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

namespace ferry::test {
namespace {

QString openConnection(const TemporaryMysqlDatabase &database)
{
    const QString connectionName = QStringLiteral("ferry-test-mysql-") + QUuid::createUuid().toString();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), connectionName);
    db.setHostName(database.host());
    db.setPort(database.port());
    db.setUserName(database.userName());
    db.setPassword(TestServers::mysqlPassword());
    db.setDatabaseName(database.name());
    db.open();
    return connectionName;
}

bool databaseExists(const QString &name)
{
    const QUrl admin(TestServers::mysqlAdminUrl());
    const QString connectionName = QStringLiteral("ferry-test-mysql-") + QUuid::createUuid().toString();
    bool exists = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), connectionName);
        db.setHostName(admin.host());
        db.setPort(admin.port(3306));
        db.setUserName(admin.userName());
        db.setPassword(TestServers::mysqlPassword());
        EXPECT_TRUE(db.open()) << db.lastError().text().toStdString();
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?"));
        query.addBindValue(name);
        EXPECT_TRUE(query.exec()) << query.lastError().text().toStdString();
        exists = query.next() && query.value(0).toInt() > 0;
    }
    QSqlDatabase::removeDatabase(connectionName);
    return exists;
}

TEST(MysqlServer, TemporaryDatabaseStoresAndReadsBackRows)
{
    FERRY_REQUIRE_MYSQL();
    ASSERT_TRUE(QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")));
    TemporaryMysqlDatabase database;
    ASSERT_TRUE(database.isValid()) << database.error().toStdString();
    EXPECT_TRUE(database.name().startsWith(QStringLiteral("ferry_t_")));
    EXPECT_EQ(database.url(), QStringLiteral("mysql://%1@%2:%3/%4")
                                  .arg(database.userName(), database.host())
                                  .arg(database.port())
                                  .arg(database.name()));
    EXPECT_FALSE(TestServers::mysqlPassword().isEmpty());
    EXPECT_FALSE(database.url().contains(TestServers::mysqlPassword()));

    const QString connectionName = openConnection(database);
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        ASSERT_TRUE(db.isOpen()) << db.lastError().text().toStdString();
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(
            QStringLiteral("CREATE TABLE events (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL)")))
            << query.lastError().text().toStdString();
        ASSERT_TRUE(query.prepare(QStringLiteral("INSERT INTO events (id, label) VALUES (?, ?)")));
        const QStringList labels = {QStringLiteral("plain"), QStringLiteral("Zürich ✓"),
                                    QStringLiteral("ferry \U0001F6A2")};
        for (int i = 0; i < labels.size(); ++i) {
            query.addBindValue(i + 1);
            query.addBindValue(labels.at(i));
            ASSERT_TRUE(query.exec()) << query.lastError().text().toStdString();
        }
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT id, label FROM events ORDER BY id")));
        QStringList read;
        while (query.next()) {
            EXPECT_EQ(query.value(0).toLongLong(), read.size() + 1);
            read.append(query.value(1).toString());
        }
        EXPECT_EQ(read, labels);

        // LOAD DATA LOCAL INFILE, the fast bulk path into MySQL destinations, must be allowed by the server.
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT @@local_infile")));
        ASSERT_TRUE(query.next());
        EXPECT_EQ(query.value(0).toInt(), 1);
    }
    QSqlDatabase::removeDatabase(connectionName);
}

TEST(MysqlServer, TemporaryDatabaseIsDroppedEvenWithAConnectionLeftOpen)
{
    FERRY_REQUIRE_MYSQL();
    QString name;
    QString connectionName;
    {
        TemporaryMysqlDatabase database;
        ASSERT_TRUE(database.isValid()) << database.error().toStdString();
        name = database.name();
        connectionName = openConnection(database);
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        ASSERT_TRUE(db.isOpen()) << db.lastError().text().toStdString();
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("CREATE TABLE t (id INT PRIMARY KEY)")));
        // An open transaction that read the table holds a metadata lock DROP DATABASE would wait on.
        ASSERT_TRUE(db.transaction());
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT COUNT(*) FROM t")));
        EXPECT_TRUE(databaseExists(name));
    }
    EXPECT_FALSE(databaseExists(name));
    QSqlDatabase::removeDatabase(connectionName);
}

} // namespace
} // namespace ferry::test
