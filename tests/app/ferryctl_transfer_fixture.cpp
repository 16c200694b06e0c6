#include "ferryctl_transfer_fixture.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace ferry::test {

using namespace Qt::StringLiterals;

namespace {

std::string s(const QString &text)
{
    return text.toStdString();
}

Json column(const char *name, const char *type, bool pk = false, bool lastModified = false)
{
    return Json{{"name_in_source", name},
                {"name_in_destination", name},
                {"data_type", type},
                {"is_primary_key", pk},
                {"is_last_modified", lastModified}};
}

QString newConnectionName(const QString &prefix)
{
    return prefix + QUuid::createUuid().toString(QUuid::Id128);
}

} // namespace

void FerryctlTransferTest::SetUp()
{
    ASSERT_TRUE(m_dir.isValid());
    m_state = u"sqlite:"_s + m_dir.filePath(u"state.db"_s);
    m_workspace = m_dir.filePath(u"workspace"_s);
    m_base = QDateTime(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), Qt::UTC).addDays(-10);
}

void FerryctlTransferTest::TearDown()
{
    for (const QString &name : std::as_const(m_connections)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

QStringList FerryctlTransferTest::withState(QStringList arguments) const
{
    arguments.prepend(u"--state="_s + m_state);
    return arguments;
}

CommandRun FerryctlTransferTest::ferryctl(QStringList arguments,
                                          const std::optional<QProcessEnvironment> &env) const
{
    QProcess process;
    if (env)
        process.setProcessEnvironment(*env);
    process.start(QStringLiteral(FERRYCTL_PATH), withState(std::move(arguments)));
    if (!process.waitForFinished(90000)) {
        ADD_FAILURE() << "ferryctl did not finish within 90 s";
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void FerryctlTransferTest::createSource()
{
    m_source = std::make_unique<TemporaryPostgresDatabase>();
    ASSERT_TRUE(m_source->isValid()) << s(m_source->error());
    m_sourceConnection = newConnectionName(u"ferryctl-src-"_s);
    m_connections << m_sourceConnection;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_sourceConnection);
    db.setHostName(m_source->host());
    db.setPort(m_source->port());
    db.setUserName(m_source->userName());
    db.setPassword(qEnvironmentVariable("PGPASSWORD"));
    db.setDatabaseName(m_source->name());
    ASSERT_TRUE(db.open()) << s(db.lastError().text());
    sourceExec(u"SET TIME ZONE 'UTC'"_s);
    sourceExec(u"CREATE TABLE events (id text PRIMARY KEY, tenant_id text NOT NULL, amount numeric(12,2), "
               u"note text, "
               "updated_at timestamptz NOT NULL)"_s);
    sourceExec(u"CREATE INDEX events_tenant_updated ON events (tenant_id, updated_at)"_s);
}

void FerryctlTransferTest::sourceExec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_sourceConnection, false));
    ASSERT_TRUE(query.exec(sql)) << s(sql) << ": " << s(query.lastError().text());
}

QList<QStringList> FerryctlTransferTest::rows(const QString &connectionName, const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    QList<QStringList> result;
    if (!query.exec(sql)) {
        ADD_FAILURE() << s(sql) << ": " << s(query.lastError().text());
        return result;
    }
    while (query.next()) {
        QStringList row;
        for (int i = 0; i < query.record().count(); ++i)
            row << (query.isNull(i) ? u"<null>"_s : query.value(i).toString());
        result << row;
    }
    return result;
}

QList<QStringList> FerryctlTransferTest::sourceRows(const QString &sql)
{
    return rows(m_sourceConnection, sql);
}

QString FerryctlTransferTest::sourceValue(const QString &sql)
{
    const QList<QStringList> result = sourceRows(sql);
    return result.isEmpty() || result.first().isEmpty() ? QString() : result.first().first();
}

std::unique_ptr<TemporaryPostgresDatabase>
FerryctlTransferTest::createPostgresDestination(QString &connectionName)
{
    auto db = std::make_unique<TemporaryPostgresDatabase>();
    if (!db->isValid()) {
        ADD_FAILURE() << "cannot create a destination database: " << s(db->error());
        return db;
    }
    connectionName = newConnectionName(u"ferryctl-dst-"_s);
    m_connections << connectionName;
    QSqlDatabase connection = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    connection.setHostName(db->host());
    connection.setPort(db->port());
    connection.setUserName(db->userName());
    connection.setPassword(qEnvironmentVariable("PGPASSWORD"));
    connection.setDatabaseName(db->name());
    if (!connection.open())
        ADD_FAILURE() << s(connection.lastError().text());
    return db;
}

QString FerryctlTransferTest::openSqlite(const QString &path)
{
    const QString name = newConnectionName(u"ferryctl-sqlite-"_s);
    m_connections << name;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        ADD_FAILURE() << "cannot open " << s(path) << ": " << s(db.lastError().text());
        return {};
    }
    return name;
}

Json FerryctlTransferTest::sourceJson() const
{
    if (!m_source) // tests that never read a source: the source is configured but never contacted
        return Json{{"name", "app"},
                    {"vendor", "postgres"},
                    {"host", "127.0.0.1"},
                    {"port", 1},
                    {"database", "app"},
                    {"username", "ferry"},
                    {"password_env", "PGPASSWORD"},
                    {"ssl_mode", "disable"}};
    Json json{{"name", "app"},
              {"vendor", "postgres"},
              {"host", s(m_source->host())},
              {"port", m_source->port()},
              {"database", s(m_source->name())},
              {"username", s(m_source->userName())},
              {"password_env", "PGPASSWORD"},
              {"ssl_mode", "disable"}};
    if (m_sourceExtra.is_object())
        json.update(m_sourceExtra);
    return json;
}

Json FerryctlTransferTest::modelJson(const QString &name, const QString &table)
{
    return Json{
        {"model_name", s(name)},
        {"source_table", s(table)},
        {"organization_column", "tenant_id"},
        {"columns", Json::array({column("id", "string", true), column("amount", "decimal"),
                                 column("note", "string"), column("updated_at", "timestamp", false, true)})}};
}

QString FerryctlTransferTest::sqlitePath(const QString &destinationName) const
{
    return m_dir.filePath(u"destinations/"_s +
                          QString(destinationName).replace(QLatin1Char(' '), QLatin1Char('_')) + u".db"_s);
}

Json FerryctlTransferTest::sqliteDestination(const QString &name, const QString &recipient) const
{
    return Json{
        {"name", s(name)}, {"recipient", s(recipient)}, {"vendor", "sqlite"}, {"path", s(sqlitePath(name))}};
}

Json FerryctlTransferTest::postgresDestination(const QString &name, const TemporaryPostgresDatabase &db,
                                               const QString &schema, const QString &recipient)
{
    Json json{{"name", s(name)},
              {"recipient", s(recipient)},
              {"vendor", "postgres"},
              {"host", s(db.host())},
              {"port", db.port()},
              {"database", s(db.name())},
              {"username", s(db.userName())},
              {"password_env", "PGPASSWORD"},
              {"ssl_mode", "disable"}};
    if (!schema.isEmpty())
        json["schema"] = s(schema);
    return json;
}

Json FerryctlTransferTest::mysqlDestination(const QString &name, const TemporaryMysqlDatabase &db,
                                            const QString &recipient)
{
    return Json{{"name", s(name)},
                {"recipient", s(recipient)},
                {"vendor", "mysql"},
                {"host", s(db.host())},
                {"port", db.port()},
                {"database", s(db.name())},
                {"username", s(db.userName())},
                {"password_env", "FERRY_TEST_MYSQL_PASSWORD"},
                {"ssl_mode", "disable"}};
}

QString FerryctlTransferTest::openMysql(const TemporaryMysqlDatabase &db)
{
    const QString name = newConnectionName(u"ferryctl-maria-"_s);
    m_connections << name;
    QSqlDatabase connection = QSqlDatabase::addDatabase(u"QMYSQL"_s, name);
    connection.setHostName(db.host());
    connection.setPort(db.port());
    connection.setUserName(db.userName());
    connection.setPassword(TestServers::mysqlPassword());
    connection.setDatabaseName(db.name());
    if (!connection.open()) {
        ADD_FAILURE() << "cannot open MySQL database " << s(db.name()) << ": "
                      << s(connection.lastError().text());
        return {};
    }
    return name;
}

Json FerryctlTransferTest::dailyModel(const QDateTime &start)
{
    Json model = modelJson(u"events"_s);
    model["max_transfer_time_window_seconds"] = 86400;
    model["min_start_time_epoch"] = start.toSecsSinceEpoch();
    return model;
}

void FerryctlTransferTest::applyWorkspace(const QList<Json> &models, const QList<Json> &destinations,
                                          const QList<Json> &products)
{
    QDir(m_workspace).removeRecursively();
    WorkspaceFiles::write(m_workspace, u"sources/app.json"_s, sourceJson());
    for (const Json &product : products)
        WorkspaceFiles::write(
            m_workspace,
            u"products/%1.json"_s.arg(QString::fromStdString(product["name"].get<std::string>())), product);
    for (const Json &model : models)
        WorkspaceFiles::write(
            m_workspace,
            u"models/%1.json"_s.arg(QString::fromStdString(model["model_name"].get<std::string>())), model);
    WorkspaceFiles::write(m_workspace, u"recipients/acme.json"_s,
                          WorkspaceFiles::recipient(u"acme"_s, u"t_acme"_s));
    WorkspaceFiles::write(m_workspace, u"recipients/globex.json"_s,
                          WorkspaceFiles::recipient(u"globex"_s, u"t_globex"_s));
    for (const Json &destination : destinations)
        WorkspaceFiles::write(
            m_workspace,
            u"destinations/%1.json"_s.arg(QString::fromStdString(destination["name"].get<std::string>())),
            destination);
    const CommandRun applied = ferryctl({u"apply"_s, m_workspace});
    ASSERT_EQ(applied.exitCode, 0) << applied.text();
}

void FerryctlTransferTest::fillSource()
{
    const QString base = timestampLiteral(m_base);
    sourceExec(
        u"INSERT INTO events SELECT 'acme-' || lpad(g::text, 4, '0'), 't_acme', round(g * 1.37, 2), 'note ' "
        u"|| g, "
        "%1 + g * interval '97 minutes' + g * interval '1.234567 seconds' FROM generate_series(1, 120) g"_s
            .arg(base));
    sourceExec(uR"(INSERT INTO events VALUES
        ('acme-special-1', 't_acme', NULL, E'tab\there\nnew line \\ backslash ''single'' "double" ünïcødé ✓', %1 + interval '1 day 0.000001 seconds'),
        ('acme-special-2', 't_acme', -0.05, NULL, %1 + interval '2 days 0.999999 seconds'))"_s.arg(base));
    sourceExec(u"INSERT INTO events SELECT 'globex-' || g, 't_globex', g, 'globex ' || g, %1 + g * interval "
               u"'61 minutes' "
               "FROM generate_series(1, 80) g"_s.arg(base));
    sourceExec(u"INSERT INTO events SELECT 'near-' || g, (ARRAY['t_acme_x', 'T_ACME', 't_acme ', "
               u"'xt_acme'])[g % 4 + 1], g, "
               "'near', %1 + g * interval '1 hour' FROM generate_series(1, 12) g"_s.arg(base));
    sourceExec(u"ANALYZE events"_s);
}

QList<qint64> FerryctlTransferTest::fillLargeSource(const QDateTime &start)
{
    const QString startSql = timestampLiteral(start);
    sourceExec(
        u"INSERT INTO events SELECT 'k' || lpad(g::text, 6, '0'), 't_acme', (g % 10000) / 100.0, 'row ' || "
        u"g, "
        "%1 + (g * 8.64 + (g % 7) * 0.000001) * interval '1 second' FROM generate_series(0, 199999) g"_s.arg(
            startSql));
    sourceExec(
        u"INSERT INTO events SELECT 'x' || g, 't_globex', 1, 'other', %1 + g * interval '345.6 seconds' "
        "FROM generate_series(0, 4999) g"_s.arg(startSql));
    sourceExec(u"ANALYZE events"_s);
    QList<qint64> cumulative{0};
    const QList<QStringList> days = sourceRows(
        u"SELECT count(e.id) FROM generate_series(0, 19) d LEFT JOIN events e ON e.tenant_id = 't_acme' AND "
        "e.updated_at >= %1 + d * interval '1 day' AND e.updated_at < %1 + (d + 1) * interval '1 day' GROUP "
        "BY d "
        "ORDER BY d"_s.arg(startSql));
    for (const QStringList &day : days)
        cumulative << cumulative.last() + day.first().toLongLong();
    return cumulative;
}

QList<QStringList> FerryctlTransferTest::sourceTenantRows()
{
    return sourceRows(
        u"SELECT id, amount::text, note, %1 FROM events WHERE tenant_id = 't_acme' ORDER BY id"_s.arg(
            canonicalSql(u"updated_at"_s)));
}

QString FerryctlTransferTest::sourceMaxCanonical()
{
    return sourceValue(
        u"SELECT %1 FROM events WHERE tenant_id = 't_acme'"_s.arg(canonicalSql(u"max(updated_at)"_s)));
}

QList<QStringList> FerryctlTransferTest::sqliteRows(const QString &destination, const QString &sql)
{
    const QString connection = openSqlite(sqlitePath(destination));
    return connection.isEmpty() ? QList<QStringList>() : rows(connection, sql);
}

QString FerryctlTransferTest::runOnce(int expectedExit)
{
    const CommandRun run = ferryctl({u"run"_s, u"--once"_s});
    EXPECT_EQ(run.exitCode, expectedExit) << run.text();
    return run.all();
}

Json FerryctlTransferTest::checkpoints(const QString &destination)
{
    const CommandRun listed =
        ferryctl({u"checkpoint"_s, u"list"_s, u"--destination"_s, destination, u"--json"_s});
    EXPECT_EQ(listed.exitCode, 0) << listed.text();
    return parse(listed.out);
}

QString FerryctlTransferTest::createTransfer(const QStringList &arguments)
{
    const CommandRun created = ferryctl(QStringList{u"transfer"_s, u"create"_s} + arguments);
    EXPECT_EQ(created.exitCode, 0) << created.text();
    static const QRegularExpression uuidLine(
        u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$"_s);
    EXPECT_TRUE(uuidLine.match(created.out).hasMatch()) << "transfer create should print the id alone\n"
                                                        << created.text();
    return created.out.trimmed();
}

Json FerryctlTransferTest::parse(const QString &text)
{
    Json json = Json::parse(text.toStdString(), nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << "not JSON:\n" << s(text);
    return json.is_discarded() ? Json() : json;
}

Json FerryctlTransferTest::showJson(const QString &id)
{
    const CommandRun shown = ferryctl({u"transfer"_s, u"show"_s, id, u"--json"_s});
    EXPECT_EQ(shown.exitCode, 0) << shown.text();
    return parse(shown.out);
}

QStringList FerryctlTransferTest::listIds(const QStringList &filters)
{
    const CommandRun listed = ferryctl(QStringList{u"transfer"_s, u"list"_s, u"--json"_s} + filters);
    EXPECT_EQ(listed.exitCode, 0) << listed.text();
    QStringList ids;
    const Json array = parse(listed.out);
    EXPECT_TRUE(array.is_array()) << listed.text();
    for (const Json &item : array)
        ids << text(item.value("id", Json()));
    return ids;
}

Json FerryctlTransferTest::firstOf(const Json &array)
{
    return array.is_array() && !array.empty() ? array[0] : Json();
}

QString FerryctlTransferTest::text(const Json &value)
{
    if (value.is_null())
        return u"<null>"_s;
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

QString FerryctlTransferTest::canonicalSql(const QString &expression)
{
    return uR"(to_char((%1) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))"_s.arg(expression);
}

QString FerryctlTransferTest::timestampLiteral(const QDateTime &time)
{
    return u"timestamptz '%1'"_s.arg(time.toUTC().toString(Qt::ISODateWithMs));
}

QString FerryctlTransferTest::canonical(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"000Z"_s;
}

} // namespace ferry::test
