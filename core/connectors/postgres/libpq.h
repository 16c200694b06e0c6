#pragma once

#include <libpq-fe.h>

namespace ferry {

// The libpq functions Ferry calls, loaded the first time one is needed instead of linked: libpq brings some twenty
// libraries (Kerberos, LDAP, GnuTLS, SASL) that cost every ferryctl process about 5 ms to map, also the many that
// never reach PostgreSQL. A PGconn only ever comes from Qt's QPSQL driver, which has loaded libpq by then, so this
// finds the library already in memory. Members are named as libpq's functions: libpq().PQexec(conn, sql).
struct LibPq
{
    decltype(&::PQcancel) PQcancel;
    decltype(&::PQclear) PQclear;
    decltype(&::PQcmdTuples) PQcmdTuples;
    decltype(&::PQerrorMessage) PQerrorMessage;
    decltype(&::PQescapeLiteral) PQescapeLiteral;
    decltype(&::PQexec) PQexec;
    decltype(&::PQexecParams) PQexecParams;
    decltype(&::PQfreeCancel) PQfreeCancel;
    decltype(&::PQfreemem) PQfreemem;
    decltype(&::PQgetCancel) PQgetCancel;
    decltype(&::PQgetCopyData) PQgetCopyData;
    decltype(&::PQgetisnull) PQgetisnull;
    decltype(&::PQgetResult) PQgetResult;
    decltype(&::PQgetvalue) PQgetvalue;
    decltype(&::PQntuples) PQntuples;
    decltype(&::PQputCopyData) PQputCopyData;
    decltype(&::PQputCopyEnd) PQputCopyEnd;
    decltype(&::PQresultErrorMessage) PQresultErrorMessage;
    decltype(&::PQresultStatus) PQresultStatus;
    decltype(&::PQsetNoticeProcessor) PQsetNoticeProcessor;
    decltype(&::PQtransactionStatus) PQtransactionStatus;
};

// Loads libpq.so.5 once (thread-safe); a missing library or function ends the process with a message naming it.
const LibPq &libpq();

} // namespace ferry
