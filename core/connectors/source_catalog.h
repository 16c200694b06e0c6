#pragma once

#include "config/data_types.h"
#include "config/source.h"
#include "connectors/database_connection.h"
#include "errors/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace ferry {

// A table or view of a source schema.
struct CatalogTable
{
    QString name;
    bool isView = false;
    bool operator==(const CatalogTable &) const = default;
};

// One column of a source table, in table order.
struct CatalogColumn
{
    QString name;
    QString nativeType; // as the database spells it ("character varying(64)", "int(11)")
    std::optional<LogicalType> suggestedType; // Ferry's logical type for it; none when no type fits
    bool nullable = true;
    int primaryKeyPosition = 0; // 1-based position in the primary key, 0 when not part of it
};

// One index of a source table (the primary key's included).
struct CatalogIndex
{
    QString name;
    QStringList columns; // in index order; an expression shows as an empty name
    bool unique = false;
    bool primary = false;
};

// What a source table looks like, with Ferry's guesses for a model of it.
struct TableDescription
{
    QString schema; // as resolved: the default schema when none was asked for
    QString name;
    bool isView = false;
    QList<CatalogColumn> columns;
    QList<CatalogIndex> indexes;
    // A timestamp column to use as the model's last-modified column (empty when the table has none): one that
    // follows or leads an organization candidate in an index first, then names like updated_at/modified_at.
    QString suggestedLastModified;
    // String columns named like tenant/org/organization/customer ids, the likeliest first.
    QStringList organizationCandidates;

    const CatalogColumn *column(const QString &name) const;
    // Whether an index starts with these columns in this order, e.g. {tenant, updated_at}.
    bool hasIndexStartingWith(const QStringList &columns) const;
};

// Lists what a source database holds, for building models: its schemas (PostgreSQL schemas, MariaDB/MySQL
// databases, SQLite "main"), their tables and views, and a table's columns, primary key and indexes. Connects
// as transfers do (DatabaseConnection, read-only, the source's own password_env). Each call runs one or two
// catalog queries whatever the number of tables, with every name bound, never pasted into SQL.
class SourceCatalog
{
public:
    static Result<std::unique_ptr<SourceCatalog>> open(const Source &source);

    Result<QStringList> schemas() const;
    // The tables and views of a schema, by name; an empty schema means the connection's default one.
    Result<QList<CatalogTable>> tables(const QString &schema = {}) const;
    // A table or view of a schema (empty: the default one); an unknown one is an error naming it.
    Result<TableDescription> describe(const QString &schema, const QString &table) const;

    // Ferry's logical type for a native column type of a vendor (postgres, mysql, sqlite); none when none
    // fits.
    static std::optional<LogicalType> suggestType(const QString &vendor, const QString &nativeType);

    // The catalog's own connection, for what a connection test asks besides (the server version).
    DatabaseConnection &connection() const { return *m_connection; }

private:
    SourceCatalog(Source source, std::unique_ptr<DatabaseConnection> connection);
    // Runs a catalog query (PostgreSQL: one selecting a JSON array per row) and returns its rows.
    Result<QList<QVariantList>> rows(const QString &sql, const QString &what,
                                     const QVariantList &binds = {}) const;
    Error notFound(const QString &what) const;
    Result<TableDescription> describePostgres(const QString &schema, const QString &table) const;
    Result<TableDescription> describeMysql(const QString &schema, const QString &table) const;
    Result<TableDescription> describeSqlite(const QString &table) const;
    Result<TableDescription> describeWith(const QString &columnsSql, const QString &indexesSql, const QString &schema,
                                          const QString &table) const;
    void suggest(TableDescription &description) const;

    Source m_source;
    std::unique_ptr<DatabaseConnection> m_connection;
};

} // namespace ferry
