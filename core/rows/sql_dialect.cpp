#include "rows/sql_dialect.h"

namespace ferry {

std::optional<SqlDialect> SqlDialect::forVendorName(const QString &vendor)
{
    if (vendor == QLatin1String("postgres"))
        return SqlDialect(Vendor::Postgres);
    if (vendor == QLatin1String("mysql"))
        return SqlDialect(Vendor::MySql);
    if (vendor == QLatin1String("sqlite"))
        return SqlDialect(Vendor::Sqlite);
    return std::nullopt;
}

QString SqlDialect::qtDriver() const
{
    switch (m_vendor) {
    case Vendor::Postgres:
        return QStringLiteral("QPSQL");
    case Vendor::MySql:
        return QStringLiteral("QMYSQL");
    case Vendor::Sqlite:
        break;
    }
    return QStringLiteral("QSQLITE");
}

QString SqlDialect::quote(const QString &identifier) const
{
    const QChar mark = m_vendor == Vendor::MySql ? QLatin1Char('`') : QLatin1Char('"');
    QString quoted = identifier;
    quoted.replace(mark, QString(mark) + mark);
    return mark + quoted + mark;
}

QString SqlDialect::table(const QString &schema, const QString &table) const
{
    return schema.isEmpty() ? quote(table) : quote(schema) + QLatin1Char('.') + quote(table);
}

QString SqlDialect::asBytewiseText(const QString &expression) const
{
    switch (m_vendor) {
    case Vendor::Postgres: return QStringLiteral("CAST(%1 AS text) COLLATE \"C\"").arg(expression);
    case Vendor::MySql: return QStringLiteral("CAST(%1 AS BINARY)").arg(expression);
    case Vendor::Sqlite: return QStringLiteral("CAST(%1 AS TEXT) COLLATE BINARY").arg(expression);
    }
    return expression;
}

QString SqlDialect::quoteList(const QStringList &identifiers) const
{
    QStringList quoted;
    quoted.reserve(identifiers.size());
    for (const QString &identifier : identifiers)
        quoted << quote(identifier);
    return quoted.join(QStringLiteral(", "));
}

std::pair<QString, QString> SqlDialect::splitQualified(const QString &qualified)
{
    const qsizetype dot = qualified.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return {QString(), qualified};
    return {qualified.left(dot), qualified.mid(dot + 1)};
}

QString SqlDialect::nativeType(LogicalType type, bool isPrimaryKey) const
{
    const DataTypeInfo &info = DataTypes::info(type);
    switch (m_vendor) {
    case Vendor::Postgres:
        return QLatin1String(info.postgres);
    case Vendor::MySql:
        return QLatin1String(isPrimaryKey ? info.mysqlKey : info.mysql);
    case Vendor::Sqlite:
        break;
    }
    return QLatin1String(info.sqlite);
}

} // namespace ferry
