#include "connectors/source_catalog.h"

#include "connectors/postgres/pg_session.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>
#include <limits>

namespace ferry {

namespace {

bool isPostgres(const Source &source)
{
    return source.vendor == QLatin1String("postgres");
}
bool isMysql(const Source &source)
{
    return source.vendor == QLatin1String("mysql");
}

// Native type names (lower case, without length, precision or modifiers) of every vendor, by logical type.
const QHash<QString, LogicalType> &nativeTypes()
{
    static const QHash<QString, LogicalType> types = [] {
        QHash<QString, LogicalType> map;
        const auto add = [&map](LogicalType type, std::initializer_list<const char *> names) {
            for (const char *name : names)
                map.insert(QLatin1String(name), type);
        };
        add(LogicalType::Integer, {"smallint", "int2", "int4", "int", "integer", "mediumint", "tinyint",
                                   "serial", "smallserial", "year"});
        add(LogicalType::BigInt, {"bigint", "int8", "bigserial"});
        add(LogicalType::Decimal, {"numeric", "decimal", "dec", "fixed"});
        add(LogicalType::Float, {"real", "float", "float4", "float8", "double", "double precision"});
        add(LogicalType::Boolean, {"boolean", "bool"});
        add(LogicalType::Date, {"date"});
        add(LogicalType::Timestamp, {"timestamp", "timestamptz", "datetime", "timestamp with time zone",
                                     "timestamp without time zone"});
        add(LogicalType::String, {"text", "varchar", "char", "character", "character varying", "nvarchar",
                                  "nchar", "bpchar", "clob", "tinytext", "mediumtext", "longtext", "uuid",
                                  "citext", "name", "enum", "set", "varchar2", "string"});
        add(LogicalType::Bytes,
            {"bytea", "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary"});
        add(LogicalType::Json, {"json", "jsonb"});
        return map;
    }();
    return types;
}

bool isOrganizationName(const QString &name)
{
    static const QRegularExpression pattern(
        QStringLiteral("(^|_)(tenant|org|organization|organisation|customer|account|company|client|workspace)"
                       "(_?(id|uuid|key|code|slug))?$"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(name).hasMatch();
}

bool isLastModifiedName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("(updated|modified|changed)"),
                                            QRegularExpression::CaseInsensitiveOption);
    return pattern.match(name).hasMatch();
}

bool isOtherEventName(const QString &name)
{
    static const QRegularExpression pattern(
        QStringLiteral("(created|deleted|inserted|expire|start|end|birth)"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(name).hasMatch();
}

// Fills the primary-key positions from the primary index (PostgreSQL, MySQL).
void primaryKeyFromIndexes(TableDescription &description)
{
    for (const CatalogIndex &index : description.indexes) {
        if (!index.primary)
            continue;
        for (CatalogColumn &column : description.columns)
            column.primaryKeyPosition = int(index.columns.indexOf(column.name)) + 1;
    }
}

// Appends one (index, column) row to the indexes, rows coming ordered by index then position.
void addIndexColumn(QList<CatalogIndex> &indexes, const QString &name, bool unique, bool primary,
                    const QString &column)
{
    if (indexes.isEmpty() || indexes.last().name != name)
        indexes.append(CatalogIndex{name, {}, unique, primary});
    indexes.last().columns << column;
}

} // namespace

const CatalogColumn *TableDescription::column(const QString &name) const
{
    for (const CatalogColumn &candidate : columns) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

bool TableDescription::hasIndexStartingWith(const QStringList &leading) const
{
    if (leading.isEmpty())
        return false;
    return std::any_of(indexes.begin(), indexes.end(), [&](const CatalogIndex &index) {
        return index.columns.mid(0, leading.size()) == leading;
    });
}

SourceCatalog::SourceCatalog(Source source, std::unique_ptr<DatabaseConnection> connection)
    : m_source(std::move(source)), m_connection(std::move(connection))
{}

Result<std::unique_ptr<SourceCatalog>> SourceCatalog::open(const Source &source)
{
    Result<std::unique_ptr<DatabaseConnection>> connection = DatabaseConnection::open(
        source.vendor, source.connection, ConnectionSide::Source, source.name, Access::ReadOnly, source.id);
    if (!connection)
        return connection.error();
    return std::unique_ptr<SourceCatalog>(new SourceCatalog(source, std::move(*connection)));
}

std::optional<LogicalType> SourceCatalog::suggestType(const QString &vendor, const QString &nativeType)
{
    QString type = nativeType.trimmed().toLower();
    if (vendor == QLatin1String("mysql") &&
        (type == QLatin1String("tinyint(1)") || type == QLatin1String("bit(1)")))
        return LogicalType::Boolean;
    if (type.endsWith(QLatin1String("[]")))
        return std::nullopt; // arrays have no logical type
    static const QRegularExpression modifiers(QStringLiteral("\\([^)]*\\)"));
    type.remove(modifiers);
    const bool isUnsigned = type.contains(QLatin1String("unsigned"));
    type.remove(QStringLiteral("unsigned"))
        .remove(QStringLiteral("signed"))
        .remove(QStringLiteral("zerofill"));
    type = type.simplified();
    if (type.startsWith(QLatin1String("timestamp")))
        return LogicalType::Timestamp;
    if (type.startsWith(QLatin1String("character varying")))
        type = QStringLiteral("character varying");
    std::optional<LogicalType> found;
    if (const DataTypeInfo *info = DataTypes::find(type))
        found = info->type;
    else if (const auto native = nativeTypes().constFind(type); native != nativeTypes().constEnd())
        found = *native;
    // An unsigned integer needs the next wider type to hold its largest values.
    if (isUnsigned && found == LogicalType::Integer)
        return LogicalType::BigInt;
    if (isUnsigned && found == LogicalType::BigInt)
        return LogicalType::Decimal;
    return found;
}

Result<QList<QVariantList>> SourceCatalog::rows(const QString &sql, const QString &what,
                                                const QVariantList &binds) const
{
    QList<QVariantList> rows;
    if (isPostgres(m_source)) {
        // libpq's unnamed statements, as the readers use: Qt's QPSQL prepares named statements, which a
        // transaction-pooling proxy (PgBouncer) may run on another server session. Each row comes as one JSON
        // array.
        QByteArray numbered;
        int n = 0;
        for (const QChar c : sql)
            numbered +=
                c == QLatin1Char('?') ? QByteArray("$") + QByteArray::number(++n) : QString(c).toUtf8();
        QList<QByteArray> params;
        for (const QVariant &bind : binds)
            params << bind.toString().toUtf8();
        QString error;
        const QList<QByteArray> json =
            PgSession(m_connection->postgresHandle()).column(numbered, params, &error);
        if (!error.isEmpty())
            return m_connection->queryError(what, error);
        for (const QByteArray &row : json)
            rows << QJsonDocument::fromJson(row).array().toVariantList();
        return rows;
    }
    Result<QSqlQuery> query = m_connection->select(sql, what, binds);
    if (!query)
        return query.error();
    while (query->next()) {
        QVariantList row;
        for (int i = 0; i < query->record().count(); ++i)
            row << query->value(i);
        rows << row;
    }
    return rows;
}

Error SourceCatalog::notFound(const QString &what) const
{
    return Error{QStringLiteral("FERRY-SRC-UNKNOWN-TABLE"), QStringLiteral("Unknown table"),
                 QStringLiteral("source \"%1\" has no table or view %2").arg(m_source.name, what),
                 QStringLiteral("check the schema and table name (list the source's tables to see them)"),
                 Blame::Config};
}

Result<QStringList> SourceCatalog::schemas() const
{
    if (!isPostgres(m_source) && !isMysql(m_source))
        return QStringList{QStringLiteral("main")};
    const QString sql =
        isPostgres(m_source)
            ? QStringLiteral("SELECT json_build_array(nspname)::text FROM pg_catalog.pg_namespace WHERE "
                             "nspname <> 'information_schema' AND "
                             "nspname NOT LIKE 'pg\\_%' ORDER BY nspname")
            : QStringLiteral(
                  "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
                  "('information_schema', 'mysql', 'performance_schema', 'sys') ORDER BY SCHEMA_NAME");
    Result<QList<QVariantList>> query = rows(sql, QStringLiteral("listing schemas"));
    if (!query)
        return query.error();
    QStringList schemas;
    for (const QVariantList &row : *query)
        schemas << row.value(0).toString();
    return schemas;
}

Result<QList<CatalogTable>> SourceCatalog::tables(const QString &schema) const
{
    QString sql;
    QVariantList binds;
    if (isPostgres(m_source)) {
        // From the schema out: no row at all means no such schema, one row without a table an empty one.
        sql = QStringLiteral(
            "SELECT json_build_array(n.nspname, c.relname, c.relkind IN ('v', 'm'))::text FROM "
            "pg_catalog.pg_namespace n "
            "LEFT JOIN "
            "pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
            "WHERE n.nspname = COALESCE(NULLIF(?, ''), current_schema())");
        binds << schema;
    } else if (isMysql(m_source)) {
        sql = QStringLiteral("SELECT s.SCHEMA_NAME, t.TABLE_NAME, t.TABLE_TYPE = 'VIEW' FROM "
                             "information_schema.SCHEMATA s LEFT JOIN "
                             "information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME "
                             "WHERE s.SCHEMA_NAME = COALESCE(NULLIF(?, ''), DATABASE())");
        binds << schema;
    } else {
        if (!schema.isEmpty() && schema != QLatin1String("main")) {
            return Error{
                QStringLiteral("FERRY-SRC-UNKNOWN-SCHEMA"),
                QStringLiteral("Unknown schema"),
                QStringLiteral("source \"%1\" has no schema \"%2\" (an SQLite source has \"main\" only)")
                    .arg(m_source.name, schema),
                {},
                Blame::Config};
        }
        sql = QStringLiteral(
            "SELECT 'main', name, type = 'view' FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    }
    Result<QList<QVariantList>> query = rows(sql, QStringLiteral("listing the tables of a schema"), binds);
    if (!query)
        return query.error();
    QList<CatalogTable> tables;
    bool schemaFound = !isPostgres(m_source) && !isMysql(m_source);
    for (const QVariantList &row : *query) {
        schemaFound = true;
        if (!row.value(1).isNull())
            tables.append(CatalogTable{row.value(1).toString(), row.value(2).toBool()});
    }
    if (!schemaFound) {
        return Error{QStringLiteral("FERRY-SRC-UNKNOWN-SCHEMA"), QStringLiteral("Unknown schema"),
                     QStringLiteral("source \"%1\" has no schema \"%2\"").arg(m_source.name, schema),
                     QStringLiteral("check the schema name (list the source's schemas to see them)"),
                     Blame::Config};
    }
    std::sort(tables.begin(), tables.end(),
              [](const CatalogTable &a, const CatalogTable &b) { return a.name < b.name; });
    return tables;
}

Result<TableDescription> SourceCatalog::describe(const QString &schema, const QString &table) const
{
    const bool sqlite = !isPostgres(m_source) && !isMysql(m_source);
    if (sqlite && !schema.isEmpty() && schema != QLatin1String("main"))
        return notFound(QStringLiteral("\"%1\".\"%2\"").arg(schema, table));
    Result<TableDescription> description = isPostgres(m_source) ? describePostgres(schema, table)
                                           : isMysql(m_source)  ? describeMysql(schema, table)
                                                                : describeSqlite(table);
    if (description)
        suggest(*description);
    return description;
}

Result<TableDescription> SourceCatalog::describePostgres(const QString &schema, const QString &table) const
{
    return describeWith(
        QStringLiteral("SELECT json_build_array(n.nspname, c.relname, c.relkind IN ('v', 'm'), a.attname, "
                       "pg_catalog.format_type(a.atttypid, a.atttypmod), NOT a.attnotnull)::text "
                       "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
                       "a.attisdropped "
                       "WHERE n.nspname = COALESCE(NULLIF(?, ''), current_schema()) AND c.relname = ? "
                       "AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY a.attnum"),
        QStringLiteral("SELECT json_build_array(ic.relname, i.indisunique, i.indisprimary, "
                       "COALESCE(a.attname, ''))::text "
                       "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
                       "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
                       "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position) "
                       "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = "
                       "k.attnum AND k.attnum > 0 "
                       "WHERE n.nspname = ? AND c.relname = ? AND k.position <= i.indnkeyatts "
                       "ORDER BY i.indisprimary DESC, ic.relname, k.position"),
        schema, table);
}

Result<TableDescription> SourceCatalog::describeMysql(const QString &schema, const QString &table) const
{
    return describeWith(
        QStringLiteral(
            "SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_TYPE = 'VIEW', c.COLUMN_NAME, c.COLUMN_TYPE, "
            "c.IS_NULLABLE = 'YES' FROM information_schema.TABLES t LEFT JOIN information_schema.COLUMNS c "
            "ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME "
            "WHERE t.TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND t.TABLE_NAME = ? "
            "ORDER BY c.ORDINAL_POSITION"),
        QStringLiteral("SELECT INDEX_NAME, NON_UNIQUE = 0, INDEX_NAME = 'PRIMARY', COALESCE(COLUMN_NAME, '') "
                       "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                       "ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX"),
        schema, table);
}

// The same two steps on both servers: the columns query returns (schema, table, is view, column, type, nullable)
// per column (one row with a NULL column for a table without any), the indexes query (name, unique, primary,
// column) per index column in order, both bound to (schema, table).
Result<TableDescription> SourceCatalog::describeWith(const QString &columnsSql, const QString &indexesSql,
                                                     const QString &schema, const QString &table) const
{
    const QString name = schema.isEmpty() ? QStringLiteral("\"%1\"").arg(table)
                                          : QStringLiteral("\"%1\".\"%2\"").arg(schema, table);
    Result<QList<QVariantList>> columns =
        rows(columnsSql, QStringLiteral("reading the columns of %1").arg(name), {schema, table});
    if (!columns)
        return columns.error();
    TableDescription description;
    bool found = false;
    for (const QVariantList &row : *columns) {
        found = true;
        description.schema = row.value(0).toString();
        description.name = row.value(1).toString();
        description.isView = row.value(2).toBool();
        if (row.value(3).isNull())
            continue;
        const QString type = row.value(4).toString();
        description.columns.append(CatalogColumn{
            row.value(3).toString(), type, suggestType(m_source.vendor, type), row.value(5).toBool(), 0});
    }
    if (!found)
        return notFound(name);
    Result<QList<QVariantList>> indexes = rows(indexesSql, QStringLiteral("reading the indexes of %1").arg(name),
                                               {description.schema, description.name});
    if (!indexes)
        return indexes.error();
    for (const QVariantList &row : *indexes)
        addIndexColumn(description.indexes, row.value(0).toString(), row.value(1).toBool(),
                       row.value(2).toBool(), row.value(3).toString());
    primaryKeyFromIndexes(description);
    return description;
}

Result<TableDescription> SourceCatalog::describeSqlite(const QString &table) const
{
    const QString name = QStringLiteral("\"%1\"").arg(table);
    Result<QList<QVariantList>> columns =
        rows(QStringLiteral("SELECT m.name, m.type = 'view', p.name, p.type, p.\"notnull\" = 0, p.pk "
                            "FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                            "WHERE m.name = ? COLLATE NOCASE AND m.type IN ('table', 'view') ORDER BY p.cid"),
             QStringLiteral("reading the columns of %1").arg(name), {table});
    if (!columns)
        return columns.error();
    TableDescription description;
    description.schema = QStringLiteral("main");
    bool found = false;
    for (const QVariantList &row : *columns) {
        found = true;
        description.name = row.value(0).toString();
        description.isView = row.value(1).toBool();
        const QString type = row.value(3).toString();
        description.columns.append(CatalogColumn{row.value(2).toString(), type,
                                                 suggestType(m_source.vendor, type), row.value(4).toBool(),
                                                 row.value(5).toInt()});
    }
    if (!found)
        return notFound(name);
    Result<QList<QVariantList>> indexes =
        rows(QStringLiteral("SELECT il.name, il.\"unique\", il.origin = 'pk', COALESCE(ii.name, '') "
                            "FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii "
                            "ORDER BY il.origin = 'pk' DESC, il.name, ii.seqno"),
             QStringLiteral("reading the indexes of %1").arg(name), {description.name});
    if (!indexes)
        return indexes.error();
    for (const QVariantList &row : *indexes)
        addIndexColumn(description.indexes, row.value(0).toString(), row.value(1).toBool(),
                       row.value(2).toBool(), row.value(3).toString());
    // An INTEGER PRIMARY KEY is the rowid itself, with no index of its own: it is the table's primary index.
    const bool hasPrimary = std::any_of(description.indexes.begin(), description.indexes.end(),
                                        [](const CatalogIndex &index) { return index.primary; });
    QStringList key;
    for (const CatalogColumn &column : description.columns) {
        if (column.primaryKeyPosition > 0) {
            while (key.size() < column.primaryKeyPosition)
                key << QString();
            key[column.primaryKeyPosition - 1] = column.name;
        }
    }
    if (!hasPrimary && !key.isEmpty() && !description.isView)
        description.indexes.prepend(CatalogIndex{QStringLiteral("(rowid)"), key, true, true});
    return description;
}

void SourceCatalog::suggest(TableDescription &description) const
{
    // Organization candidates: string columns named like tenant ids, those that lead an index first.
    QStringList leading, others;
    for (const CatalogColumn &column : description.columns) {
        if (column.suggestedType != LogicalType::String || !isOrganizationName(column.name))
            continue;
        (description.hasIndexStartingWith({column.name}) ? leading : others) << column.name;
    }
    description.organizationCandidates = leading + others;

    // Last-modified: a timestamp column; one next to an organization candidate in an index first, yet a name
    // like updated_at beats that (an indexed created_at would miss every update), and creation-like names
    // come last.
    int bestScore = std::numeric_limits<int>::min();
    description.suggestedLastModified.clear();
    for (const CatalogColumn &column : description.columns) {
        if (column.suggestedType != LogicalType::Timestamp)
            continue;
        int score = 1;
        for (const CatalogIndex &index : description.indexes) {
            const qsizetype at = index.columns.indexOf(column.name);
            if (at < 0)
                continue;
            score = std::max(score, at == 0 ? 3 : 2);
            for (const QString &org : description.organizationCandidates) {
                if ((at > 0 && index.columns[at - 1] == org) ||
                    (at + 1 < index.columns.size() && index.columns[at + 1] == org))
                    score = std::max(score, 6);
            }
        }
        if (isLastModifiedName(column.name))
            score += 8;
        else if (isOtherEventName(column.name))
            score -= 4;
        if (!column.nullable)
            score += 1;
        if (score > bestScore) {
            bestScore = score;
            description.suggestedLastModified = column.name;
        }
    }
}

} // namespace ferry
