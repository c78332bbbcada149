// libpq, loaded when first used: each function bench calls forwards to libpq.so.5's own,
// found with dlsym once the library is opened. See CLibPQ.h.
#include "CLibPQ.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

static struct {
    PGconn *(*connectdb)(const char *);
    void (*finish)(PGconn *);
    ConnStatusType (*status)(const PGconn *);
    char *(*errorMessage)(const PGconn *);
    PGresult *(*exec)(PGconn *, const char *);
    PGresult *(*execParams)(PGconn *, const char *, int, const Oid *, const char *const *, const int *, const int *, int);
    ExecStatusType (*resultStatus)(const PGresult *);
    char *(*resultErrorMessage)(const PGresult *);
    char *(*resultErrorField)(const PGresult *, int);
    void (*clear)(PGresult *);
    int (*ntuples)(const PGresult *);
    int (*nfields)(const PGresult *);
    char *(*fname)(const PGresult *, int);
    char *(*getvalue)(const PGresult *, int, int);
    int (*getisnull)(const PGresult *, int, int);
    int (*putCopyData)(PGconn *, const char *, int);
    int (*putCopyEnd)(PGconn *, const char *);
    PGresult *(*getResult)(PGconn *);
    int (*libVersion)(void);
} pq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void load(void) {
    // The runtime package (libpq5) installs libpq.so.5; libpq.so comes only with libpq-dev.
    void *handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) handle = dlopen("libpq.so", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(failure, sizeof failure,
                 "cannot load libpq, which a PostgreSQL store needs (%s); install it: apt install libpq5",
                 why ? why : "not found");
        return;
    }
#define BIND(field, name)                                                                    \
    do {                                                                                     \
        *(void **)(&pq.field) = dlsym(handle, name);                                         \
        if (pq.field == NULL) {                                                              \
            snprintf(failure, sizeof failure, "the libpq found lacks %s; install libpq5", name); \
            return;                                                                          \
        }                                                                                    \
    } while (0)
    BIND(connectdb, "PQconnectdb");
    BIND(finish, "PQfinish");
    BIND(status, "PQstatus");
    BIND(errorMessage, "PQerrorMessage");
    BIND(exec, "PQexec");
    BIND(execParams, "PQexecParams");
    BIND(resultStatus, "PQresultStatus");
    BIND(resultErrorMessage, "PQresultErrorMessage");
    BIND(resultErrorField, "PQresultErrorField");
    BIND(clear, "PQclear");
    BIND(ntuples, "PQntuples");
    BIND(nfields, "PQnfields");
    BIND(fname, "PQfname");
    BIND(getvalue, "PQgetvalue");
    BIND(getisnull, "PQgetisnull");
    BIND(putCopyData, "PQputCopyData");
    BIND(putCopyEnd, "PQputCopyEnd");
    BIND(getResult, "PQgetResult");
    BIND(libVersion, "PQlibVersion");
#undef BIND
}

const char *bench_libpq_load_error(void) {
    pthread_once(&once, load);
    return failure[0] ? failure : NULL;
}

static int ready(void) { return bench_libpq_load_error() == NULL; }

PGconn *PQconnectdb(const char *conninfo) { return ready() ? pq.connectdb(conninfo) : NULL; }
void PQfinish(PGconn *conn) { if (ready() && conn) pq.finish(conn); }
ConnStatusType PQstatus(const PGconn *conn) { return ready() && conn ? pq.status(conn) : CONNECTION_BAD; }
char *PQerrorMessage(const PGconn *conn) { return ready() ? pq.errorMessage(conn) : failure; }
PGresult *PQexec(PGconn *conn, const char *query) { return ready() ? pq.exec(conn, query) : NULL; }
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                       const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                       int resultFormat) {
    return ready() ? pq.execParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat) : NULL;
}
ExecStatusType PQresultStatus(const PGresult *res) { return ready() ? pq.resultStatus(res) : PGRES_FATAL_ERROR; }
char *PQresultErrorMessage(const PGresult *res) { return ready() ? pq.resultErrorMessage(res) : failure; }
char *PQresultErrorField(const PGresult *res, int fieldcode) { return ready() ? pq.resultErrorField(res, fieldcode) : NULL; }
void PQclear(PGresult *res) { if (ready() && res) pq.clear(res); }
int PQntuples(const PGresult *res) { return ready() ? pq.ntuples(res) : 0; }
int PQnfields(const PGresult *res) { return ready() ? pq.nfields(res) : 0; }
char *PQfname(const PGresult *res, int field_num) { return ready() ? pq.fname(res, field_num) : NULL; }
char *PQgetvalue(const PGresult *res, int tup_num, int field_num) { return ready() ? pq.getvalue(res, tup_num, field_num) : NULL; }
int PQgetisnull(const PGresult *res, int tup_num, int field_num) { return ready() ? pq.getisnull(res, tup_num, field_num) : 1; }
int PQputCopyData(PGconn *conn, const char *buffer, int nbytes) { return ready() ? pq.putCopyData(conn, buffer, nbytes) : -1; }
int PQputCopyEnd(PGconn *conn, const char *errormsg) { return ready() ? pq.putCopyEnd(conn, errormsg) : -1; }
PGresult *PQgetResult(PGconn *conn) { return ready() ? pq.getResult(conn) : NULL; }
int PQlibVersion(void) { return ready() ? pq.libVersion() : 0; }
