#pragma once

#include "config/source.h"
#include "connectors/source_catalog.h"
#include "errors/error.h"

#include <QObject>

namespace ferry::ui {

// Reads a source's catalog (schemas, tables, a table's columns) on a pool thread, for the model builder: each request
// opens its own connection there (connections belong to the thread that opened them). A newer request of the same
// kind supersedes an older one, whose answer is dropped.
class CatalogLoader : public QObject
{
    Q_OBJECT

public:
    explicit CatalogLoader(QObject *parent = nullptr);
    ~CatalogLoader() override;

    // The source's schemas, and the tables of `schema` (empty: the connection's default one).
    void listTables(const Source &source, const QString &schema = {});
    void describe(const Source &source, const QString &schema, const QString &table);
    bool isBusy() const { return m_running > 0; }

Q_SIGNALS:
    void tablesListed(const QStringList &schemas, const QString &schema, const QList<ferry::CatalogTable> &tables);
    void described(const ferry::TableDescription &description);
    void failed(const ferry::Error &error);

private:
    template <typename Value, typename Job, typename Deliver>
    void start(quint64 &generation, Job job, Deliver deliver);

    quint64 m_listGeneration = 0;
    quint64 m_describeGeneration = 0;
    int m_running = 0;
};

} // namespace ferry::ui
