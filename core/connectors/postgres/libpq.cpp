#include "connectors/postgres/libpq.h"

#include <QtGlobal>

#include <dlfcn.h>

namespace ferry {

namespace {

template <typename Function>
void resolve(void *library, Function &function, const char *name)
{
    function = reinterpret_cast<Function>(dlsym(library, name));
    if (!function)
        qFatal("libpq.so.5 has no %s (the Debian package libpq5 is too old): %s", name, dlerror());
}

LibPq load()
{
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_GLOBAL);
    if (!library)
        qFatal("Ferry needs libpq.so.5 for PostgreSQL (Debian package libpq5): %s", dlerror());
    LibPq pq{};
#define FERRY_RESOLVE(name) resolve(library, pq.name, #name)
    FERRY_RESOLVE(PQcancel);
    FERRY_RESOLVE(PQclear);
    FERRY_RESOLVE(PQcmdTuples);
    FERRY_RESOLVE(PQerrorMessage);
    FERRY_RESOLVE(PQescapeLiteral);
    FERRY_RESOLVE(PQexec);
    FERRY_RESOLVE(PQexecParams);
    FERRY_RESOLVE(PQfreeCancel);
    FERRY_RESOLVE(PQfreemem);
    FERRY_RESOLVE(PQgetCancel);
    FERRY_RESOLVE(PQgetCopyData);
    FERRY_RESOLVE(PQgetisnull);
    FERRY_RESOLVE(PQgetResult);
    FERRY_RESOLVE(PQgetvalue);
    FERRY_RESOLVE(PQntuples);
    FERRY_RESOLVE(PQputCopyData);
    FERRY_RESOLVE(PQputCopyEnd);
    FERRY_RESOLVE(PQresultErrorMessage);
    FERRY_RESOLVE(PQresultStatus);
    FERRY_RESOLVE(PQsetNoticeProcessor);
    FERRY_RESOLVE(PQtransactionStatus);
#undef FERRY_RESOLVE
    return pq;
}

} // namespace

const LibPq &libpq()
{
    static const LibPq pq = load();
    return pq;
}

} // namespace ferry
