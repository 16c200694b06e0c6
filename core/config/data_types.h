#pragma once

#include <QString>
#include <QStringList>

namespace ferry {

// The logical column types of SPEC section 5. Every connector maps them through this one table.
enum class LogicalType { String, Bytes, Boolean, Integer, BigInt, Decimal, Float, Date, Timestamp, Json };

struct DataTypeInfo
{
    LogicalType type;
    const char *name;        // canonical name in model files
    const char *synonym;     // accepted alias, or nullptr
    const char *postgres;    // native column type in PostgreSQL
    const char *mysql;       // native column type in MySQL/MariaDB
    const char *mysqlKey;    // MySQL/MariaDB type when the column is the primary key (TEXT/BLOB cannot be keys)
    const char *sqlite;      // declared type in SQLite (sets its affinity)
    const char *fileForm;    // how csv/jsonl files write the value
};

class DataTypes
{
public:
    // Every accepted type, in SPEC order.
    static const QList<DataTypeInfo> &all();
    // Looks a type up by canonical name or synonym, case-insensitively; nullptr when unknown.
    static const DataTypeInfo *find(const QString &name);
    static const DataTypeInfo &info(LogicalType type);
    // Canonical names plus synonyms, for messages and editors.
    static QStringList acceptedNames();
    // "text" -> "string", "NUMERIC" -> "decimal"; unknown names are returned unchanged.
    static QString canonicalName(const QString &name);
};

} // namespace ferry
