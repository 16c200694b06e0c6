#include "config/data_types.h"

namespace ferry {

const QList<DataTypeInfo> &DataTypes::all()
{
    // decimal keeps exactness everywhere: NUMERIC in PostgreSQL, DECIMAL(38,9) in MySQL, TEXT in SQLite (whose
    // NUMERIC affinity would silently turn values into doubles). Timestamps are instants kept in UTC with
    // microseconds: timestamptz, DATETIME(6) written in UTC, ISO-8601 text ending in Z.
    static const QList<DataTypeInfo> types = {
        {LogicalType::String, "string", "text", "text", "LONGTEXT", "VARCHAR(255)", "TEXT", "string"},
        {LogicalType::Bytes, "bytes", nullptr, "bytea", "LONGBLOB", "VARBINARY(255)", "BLOB", "base64 string"},
        {LogicalType::Boolean, "boolean", nullptr, "boolean", "BOOLEAN", "BOOLEAN", "INTEGER", "true / false"},
        {LogicalType::Integer, "integer", nullptr, "integer", "INT", "INT", "INTEGER", "number"},
        {LogicalType::BigInt, "bigint", nullptr, "bigint", "BIGINT", "BIGINT", "INTEGER", "number"},
        {LogicalType::Decimal, "decimal", "numeric", "numeric", "DECIMAL(38,9)", "DECIMAL(38,9)", "TEXT",
         "decimal string"},
        {LogicalType::Float, "float", nullptr, "double precision", "DOUBLE", "DOUBLE", "REAL", "number"},
        {LogicalType::Date, "date", nullptr, "date", "DATE", "DATE", "TEXT", "YYYY-MM-DD"},
        {LogicalType::Timestamp, "timestamp", nullptr, "timestamptz", "DATETIME(6)", "DATETIME(6)", "TEXT",
         "RFC 3339 UTC, microseconds"},
        {LogicalType::Json, "json", nullptr, "jsonb", "JSON", "VARCHAR(255)", "TEXT", "JSON value"},
    };
    return types;
}

const DataTypeInfo *DataTypes::find(const QString &name)
{
    for (const DataTypeInfo &info : all()) {
        if (name.compare(QLatin1String(info.name), Qt::CaseInsensitive) == 0)
            return &info;
        if (info.synonym && name.compare(QLatin1String(info.synonym), Qt::CaseInsensitive) == 0)
            return &info;
    }
    return nullptr;
}

const DataTypeInfo &DataTypes::info(LogicalType type)
{
    return all().at(static_cast<int>(type));
}

QStringList DataTypes::acceptedNames()
{
    QStringList names;
    for (const DataTypeInfo &info : all()) {
        names << QLatin1String(info.name);
        if (info.synonym)
            names << QLatin1String(info.synonym);
    }
    return names;
}

QString DataTypes::canonicalName(const QString &name)
{
    const DataTypeInfo *info = find(name);
    return info ? QLatin1String(info->name) : name;
}

} // namespace ferry
