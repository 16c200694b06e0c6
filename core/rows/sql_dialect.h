#pragma once

#include "config/data_types.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace ferry {

// What differs between the SQL databases Ferry reads and writes: identifier quoting and native column types.
// Every name that reaches SQL goes through quote(); values are always bound, never pasted.
class SqlDialect
{
public:
    enum class Vendor { Postgres, MySql, Sqlite };

    explicit SqlDialect(Vendor vendor) : m_vendor(vendor) {}
    // "postgres", "mysql", "sqlite"; nullopt for file destinations.
    static std::optional<SqlDialect> forVendorName(const QString &vendor);

    Vendor vendor() const { return m_vendor; }
    bool isPostgres() const { return m_vendor == Vendor::Postgres; }
    bool isMySql() const { return m_vendor == Vendor::MySql; }
    bool isSqlite() const { return m_vendor == Vendor::Sqlite; }
    // The Qt SQL driver: QPSQL, QMYSQL, QSQLITE.
    QString qtDriver() const;

    // "a""b" (PostgreSQL, SQLite) or `a``b` (MySQL): any name, quotes included, stays one identifier.
    QString quote(const QString &identifier) const;
    // "schema"."table", or just "table" without a schema.
    QString table(const QString &schema, const QString &table) const;
    // Comma-separated quoted names.
    QString quoteList(const QStringList &identifiers) const;
    // `expression` as text compared by its bytes, whatever its type and collation: UTF-8 code point order, as
    // MariaDB's utf8mb4_nopad_bin and SQLite's BINARY keys sort.
    QString asBytewiseText(const QString &expression) const;
    // `schema.table` as written in a model's source_table: split at the first dot (a bare name has no schema).
    static std::pair<QString, QString> splitQualified(const QString &qualified);

    // The native column type of a logical type (the one table in DataTypes).
    QString nativeType(LogicalType type, bool isPrimaryKey) const;

private:
    Vendor m_vendor;
};

} // namespace ferry
