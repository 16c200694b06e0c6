#include "loading/catalog_loader.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace ferry::ui {

namespace {

struct Listing
{
    QStringList schemas;
    QString schema;
    QList<CatalogTable> tables;
};

} // namespace

CatalogLoader::CatalogLoader(QObject *parent) : QObject(parent) {}

CatalogLoader::~CatalogLoader()
{
    // Answers still on their way are dropped with their watchers (children of this object).
    ++m_listGeneration;
    ++m_describeGeneration;
}

template <typename Value, typename Job, typename Deliver>
void CatalogLoader::start(quint64 &generation, Job job, Deliver deliver)
{
    const quint64 mine = ++generation;
    ++m_running;
    auto *watcher = new QFutureWatcher<Result<Value>>(this);
    connect(watcher, &QFutureWatcher<Result<Value>>::finished, this, [this, watcher, mine, &generation, deliver] {
        watcher->deleteLater();
        --m_running;
        if (mine != generation)
            return;
        const Result<Value> result = watcher->result();
        if (!result)
            Q_EMIT failed(result.error());
        else
            deliver(*result);
    });
    watcher->setFuture(QtConcurrent::run(std::move(job)));
}

void CatalogLoader::listTables(const Source &source, const QString &schema)
{
    start<Listing>(
        m_listGeneration,
        [source, schema]() -> Result<Listing> {
            Result<std::unique_ptr<SourceCatalog>> catalog = SourceCatalog::open(source);
            if (!catalog)
                return catalog.error();
            Result<QStringList> schemas = (*catalog)->schemas();
            if (!schemas)
                return schemas.error();
            Result<QList<CatalogTable>> tables = (*catalog)->tables(schema);
            if (!tables)
                return tables.error();
            return Listing{*schemas, schema, *tables};
        },
        [this](const Listing &listing) { Q_EMIT tablesListed(listing.schemas, listing.schema, listing.tables); });
}

void CatalogLoader::describe(const Source &source, const QString &schema, const QString &table)
{
    start<TableDescription>(
        m_describeGeneration,
        [source, schema, table]() -> Result<TableDescription> {
            Result<std::unique_ptr<SourceCatalog>> catalog = SourceCatalog::open(source);
            if (!catalog)
                return catalog.error();
            return (*catalog)->describe(schema, table);
        },
        [this](const TableDescription &description) { Q_EMIT described(description); });
}

} // namespace ferry::ui
