#include "connectors/destination_writer.h"

#include "connectors/mysql/mysql_writer.h"
#include "connectors/postgres/postgres_writer.h"
#include "connectors/sqlite/sqlite_writer.h"
#include "rows/exact_value.h"

#include <QCryptographicHash>

namespace ferry {

TableSpec TableSpec::build(const Model &model, const Destination &destination)
{
    TableSpec spec;
    spec.schema = destination.vendor == QLatin1String("sqlite") ? QString() : destination.connection.schema.value_or(QString());
    spec.table = model.name;
    spec.appendOnly = model.effectiveWriteMode() == QLatin1String("append");
    for (const Column &column : model.columns) {
        const DataTypeInfo *info = DataTypes::find(column.dataType);
        if (column.isPrimaryKey)
            spec.primaryKeyIndex = int(spec.columns.size());
        if (column.isLastModified)
            spec.lastModifiedIndex = int(spec.columns.size());
        spec.columns << column.nameInDestination;
        spec.types << (info ? info->type : LogicalType::String);
    }
    return spec;
}

Result<std::unique_ptr<DestinationWriter>> DestinationWriter::open(const Destination &destination, Access access)
{
    Result<std::unique_ptr<DatabaseConnection>> connection = DatabaseConnection::open(
        destination.vendor, destination.connection, ConnectionSide::Destination, destination.name, access,
        destination.id);
    if (!connection)
        return connection.error();
    std::unique_ptr<DestinationWriter> writer;
    if (destination.vendor == QLatin1String("postgres"))
        writer = std::make_unique<PostgresWriter>(std::move(*connection));
    else if (destination.vendor == QLatin1String("mysql"))
        writer = std::make_unique<MySqlWriter>(std::move(*connection), destination);
    else
        writer = std::make_unique<SqliteWriter>(std::move(*connection));
    return writer;
}

QString DestinationWriter::buildPrefix(const QString &table)
{
    return QStringLiteral("_ferry_build_") +
           QString::fromLatin1(QCryptographicHash::hash(table.toUtf8(), QCryptographicHash::Sha1).toHex().left(12));
}

Result<TableState> DestinationWriter::inspect(const TableSpec &spec, bool countRows)
{
    m_spec = spec;
    TableState state;
    Result<QMap<QString, QString>> live = liveColumnTypes();
    if (!live)
        return live.error();
    state.exists = !live->isEmpty();
    if (!state.exists)
        return state;
    Result<QMap<QString, QString>> wanted = wantedColumnTypes();
    if (!wanted)
        return wanted.error();
    state.schemaMatches = *wanted == *live;
    for (const QString &column : spec.columns) {
        if (!live->contains(column))
            state.missingColumns << column;
    }
    if (countRows) {
        Result<QSqlQuery> count = m_connection->select(QStringLiteral("SELECT COUNT(*) FROM %1").arg(liveTable()),
                                                       QStringLiteral("counting rows"));
        state.rows = count && count->next() ? count->value(0).toLongLong() : -1;
    }
    return state;
}

Status DestinationWriter::prepareLiveTable(const TableSpec &spec, const TableState &state, LoadMode mode)
{
    TableState ddlState = state;
    if (mode == LoadMode::Rebuild) {
        ddlState.exists = true;
        ddlState.missingColumns.clear();
    }
    for (const QString &statement : tableDdl(spec, ddlState)) {
        if (Status done = m_connection->exec(statement, QStringLiteral("preparing table %1").arg(spec.table)); !done)
            return done;
    }
    return {};
}

Status DestinationWriter::auditStagedCount(qint64 staged, const PublishInfo &info) const
{
    if (info.windowRowsRead < 0 || staged == info.windowRowsRead)
        return {};
    return Error{QString::fromLatin1(kAuditCountCode), QStringLiteral("Audit failed: row count"),
                 QStringLiteral("model \"%1\": %2 row(s) were read for the window but the destination staged %3; "
                                "nothing was published")
                     .arg(info.modelName)
                     .arg(info.windowRowsRead)
                     .arg(staged),
                 QStringLiteral("retry the transfer; if it repeats, report it with the transfer's logs"), Blame::Ferry};
}

QStringList DestinationWriter::addColumnStatements(const TableState &state) const
{
    const SqlDialect &dialect = m_connection->dialect();
    QStringList statements;
    for (const QString &column : state.missingColumns) {
        const int i = int(m_spec.columns.indexOf(column));
        statements << QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3")
                          .arg(liveTable(), dialect.quote(column), dialect.nativeType(m_spec.types[i], false));
    }
    return statements;
}

Status DestinationWriter::checkValues(const RowBatch &batch) const
{
    if (batch.isCopyData())
        return {};
    const SqlDialect::Vendor vendor = m_connection->dialect().vendor();
    for (int column = 0; column < batch.columnCount(); ++column) {
        const LogicalType type = m_spec.types[column];
        if (!ExactValue::isChecked(type))
            continue;
        for (qsizetype row = 0; row < batch.rowCount(); ++row) {
            if (batch.isNull(row, column))
                continue;
            const QByteArray &value = batch.value(row, column);
            if (const QString problem = ExactValue::problem(value, type, vendor); !problem.isEmpty())
                return ExactValue::error(m_spec.table, m_spec.columns[column], value, problem);
        }
    }
    return {};
}

QString DestinationWriter::stagePrefix(const QString &table)
{
    return QString(buildPrefix(table)).replace(QStringLiteral("_ferry_build_"), QStringLiteral("_ferry_stage_"));
}

QString DestinationWriter::columnDefinitions(bool withPrimaryKey) const
{
    return m_spec.columnDefinitions(m_connection->dialect(), withPrimaryKey);
}

QStringList TableSpec::columnDefinitionList(const SqlDialect &dialect, bool withPrimaryKey) const
{
    QStringList definitions;
    for (int i = 0; i < columns.size(); ++i) {
        const bool key = i == primaryKeyIndex && !appendOnly;
        definitions << dialect.quote(columns[i]) + QLatin1Char(' ') + dialect.nativeType(types[i], key) +
                           (key ? QStringLiteral(" NOT NULL") : QString());
    }
    if (withPrimaryKey && !appendOnly && primaryKeyIndex >= 0)
        definitions << QStringLiteral("PRIMARY KEY (%1)").arg(dialect.quote(primaryKey()));
    return definitions;
}

QString TableSpec::columnDefinitions(const SqlDialect &dialect, bool withPrimaryKey) const
{
    return columnDefinitionList(dialect, withPrimaryKey).join(QStringLiteral(", "));
}

QString TableSpec::createStatement(const SqlDialect &dialect, const QString &mysqlOptions) const
{
    QString statement = QStringLiteral("CREATE TABLE %1 (\n    %2\n)")
                            .arg(dialect.table(schema, table),
                                 columnDefinitionList(dialect, true).join(QStringLiteral(",\n    ")));
    if (dialect.isMySql() && !mysqlOptions.isEmpty())
        statement += QLatin1Char(' ') + mysqlOptions;
    return statement;
}

} // namespace ferry
