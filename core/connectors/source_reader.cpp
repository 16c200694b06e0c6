#include "connectors/source_reader.h"

#include "connectors/mysql/mysql_source_reader.h"
#include "connectors/postgres/postgres_source_reader.h"
#include "connectors/sqlite/sqlite_source_reader.h"
#include "rows/canonical_value.h"

#include <QSqlQuery>

namespace ferry {

Result<SourceQuerySpec> SourceQuerySpec::build(const Source &source, const Model &model, const Recipient &recipient)
{
    SourceQuerySpec spec;
    auto [schema, table] = SqlDialect::splitQualified(model.sourceTable);
    spec.schema = schema;
    spec.table = table;
    if (source.isSchemaTenanted()) {
        spec.schema = recipient.idInProviderSystem;
    } else {
        spec.organizationColumn = model.organizationColumn.value_or(QString());
        spec.tenant = recipient.idInProviderSystem;
        if (spec.organizationColumn.isEmpty()) {
            return Error{QStringLiteral("FERRY-CONFIG-TENANT"), QStringLiteral("No organization column"),
                         QStringLiteral("model \"%1\" has no organization_column, so its rows cannot be filtered to "
                                        "recipient \"%2\"").arg(model.name, recipient.name),
                         QStringLiteral("set organization_column in the model file"), Blame::Config};
        }
    }
    for (const Column &column : model.columns) {
        const DataTypeInfo *info = DataTypes::find(column.dataType);
        if (!info) {
            return Error{QStringLiteral("FERRY-CONFIG-TYPE"), QStringLiteral("Unknown data type"),
                         QStringLiteral("model \"%1\", column \"%2\": \"%3\"").arg(model.name, column.nameInSource, column.dataType),
                         {}, Blame::Config};
        }
        if (column.isPrimaryKey)
            spec.primaryKeyIndex = int(spec.columns.size());
        if (column.isLastModified)
            spec.lastModifiedIndex = int(spec.columns.size());
        spec.columns << column.nameInSource;
        spec.types << info->type;
    }
    if (spec.primaryKeyIndex < 0 || spec.lastModifiedIndex < 0) {
        return Error{QStringLiteral("FERRY-CONFIG-MODEL"), QStringLiteral("Invalid model"),
                     QStringLiteral("model \"%1\" needs one primary key and one last-modified column").arg(model.name),
                     {}, Blame::Config};
    }
    return spec;
}

Result<std::unique_ptr<SourceReader>> SourceReader::open(const Source &source, const SourceQuerySpec &spec)
{
    Result<std::unique_ptr<DatabaseConnection>> connection =
        DatabaseConnection::open(source.vendor, source.connection, ConnectionSide::Source, source.name,
                                 Access::ReadOnly, source.id);
    if (!connection)
        return connection.error();
    std::unique_ptr<SourceReader> reader;
    if (source.vendor == QLatin1String("postgres"))
        reader = std::make_unique<PostgresSourceReader>(std::move(*connection), spec);
    else if (source.vendor == QLatin1String("mysql"))
        reader = std::make_unique<MySqlSourceReader>(std::move(*connection), spec);
    else
        reader = std::make_unique<SqliteSourceReader>(std::move(*connection), spec);
    return reader;
}

bool SourceReader::readsInOrder(const Source &source)
{
    return source.vendor == QLatin1String("mysql"); // keyset pages: ORDER BY last-modified, key
}

QString SourceReader::qualifiedTable() const
{
    return m_connection->dialect().table(m_spec.schema, m_spec.table);
}

QString SourceReader::selectSql(const QStringList &placeholders, const std::function<QString(int)> &columnExpr) const
{
    const SqlDialect &dialect = m_connection->dialect();
    QStringList columns;
    for (int i = 0; i < m_spec.columns.size(); ++i)
        columns << (columnExpr ? columnExpr(i) : dialect.quote(m_spec.columns[i]));
    const QString lm = dialect.quote(m_spec.columns[m_spec.lastModifiedIndex]);
    // The organization column comes last, read for the tenant audit and never delivered.
    if (!m_spec.organizationColumn.isEmpty())
        columns << dialect.quote(m_spec.organizationColumn);
    QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE ").arg(columns.join(QStringLiteral(", ")), qualifiedTable());
    if (!m_spec.organizationColumn.isEmpty())
        sql += tenantPredicate(placeholders[0]) + QStringLiteral(" AND ");
    sql += QStringLiteral("%1 >= %2 AND %1 < %3").arg(lm, placeholders[1], placeholders[2]);
    return sql;
}

QString SourceReader::tenantPredicate(const QString &placeholder) const
{
    return m_connection->dialect().quote(m_spec.organizationColumn) + QStringLiteral(" = ") + placeholder;
}

QString SourceReader::orderBy(const QString &lastModified) const
{
    const QString lm = lastModified.isEmpty() ? m_connection->dialect().quote(m_spec.columns[m_spec.lastModifiedIndex])
                                              : lastModified;
    if (m_spec.limit > 0) {
        return QStringLiteral(" ORDER BY %1 DESC, %2 DESC LIMIT %3")
            .arg(lm, m_connection->dialect().quote(m_spec.columns[m_spec.primaryKeyIndex]))
            .arg(m_spec.limit);
    }
    if (m_spec.keyOrdered && m_spec.primaryKeyIndex >= 0)
        return QStringLiteral(" ORDER BY ") + keyOrderExpression() + QStringLiteral(", ") + lm;
    return m_spec.ordered ? QStringLiteral(" ORDER BY ") + lm : QString();
}

QString SourceReader::keyOrderExpression() const
{
    // A key the model delivers as a string sorts by its bytes, as the destination's key does.
    const QString key = m_connection->dialect().quote(m_spec.columns[m_spec.primaryKeyIndex]);
    return m_spec.types[m_spec.primaryKeyIndex] == LogicalType::String ? m_connection->dialect().asBytewiseText(key) : key;
}

Error SourceReader::valueError(const QString &message) const
{
    return Error{QStringLiteral("FERRY-SRC-VALUE"), QStringLiteral("Unreadable source value"),
                 QStringLiteral("table %1: %2").arg(qualifiedTable(), message),
                 QStringLiteral("check the model's data_type against the source column"), Blame::Config};
}

Status SourceReader::appendRow(const QSqlQuery &query, RowBatch &batch) const
{
    for (int column = 0; column < m_spec.columns.size(); ++column) {
        QString error;
        std::optional<QByteArray> value = CanonicalValue::fromVariant(query.value(column), m_spec.types[column], &error);
        if (!error.isEmpty())
            return valueError(QStringLiteral("column \"%1\": %2").arg(m_spec.columns[column], error));
        if (value)
            batch.append(std::move(*value));
        else
            batch.appendNull();
    }
    if (!m_spec.organizationColumn.isEmpty()) {
        const QVariant tenant = query.value(int(m_spec.columns.size()));
        if (tenant.isNull())
            batch.appendNullTenant();
        else if (tenant.typeId() == QMetaType::QByteArray)
            batch.appendTenant(tenant.toByteArray());
        else
            batch.appendTenant(tenant.toString().toUtf8());
    }
    return {};
}

} // namespace ferry
