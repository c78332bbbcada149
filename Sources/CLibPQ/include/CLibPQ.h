#ifndef BENCH_CLIBPQ_H
#define BENCH_CLIBPQ_H

// The part of libpq's client API bench uses, declared here as libpq-fe.h declares it (its
// ABI has not changed since PostgreSQL 7.4). bench does not link libpq: libpq.c loads
// libpq.so.5 the first time a PostgreSQL store is used, so the commands that never touch one
// (most of them, and every start-up) do not pay for loading libpq and the twenty libraries
// it brings (Kerberos, LDAP, GnuTLS, SASL).

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;

typedef enum {
    CONNECTION_OK,
    CONNECTION_BAD
} ConnStatusType;

typedef enum {
    PGRES_EMPTY_QUERY = 0,
    PGRES_COMMAND_OK,
    PGRES_TUPLES_OK,
    PGRES_COPY_OUT,
    PGRES_COPY_IN,
    PGRES_BAD_RESPONSE,
    PGRES_NONFATAL_ERROR,
    PGRES_FATAL_ERROR
} ExecStatusType;

PGconn *PQconnectdb(const char *conninfo);
void PQfinish(PGconn *conn);
ConnStatusType PQstatus(const PGconn *conn);
char *PQerrorMessage(const PGconn *conn);
PGresult *PQexec(PGconn *conn, const char *query);
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                       const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                       int resultFormat);
ExecStatusType PQresultStatus(const PGresult *res);
char *PQresultErrorMessage(const PGresult *res);
char *PQresultErrorField(const PGresult *res, int fieldcode);
void PQclear(PGresult *res);
int PQntuples(const PGresult *res);
int PQnfields(const PGresult *res);
char *PQfname(const PGresult *res, int field_num);
char *PQgetvalue(const PGresult *res, int tup_num, int field_num);
int PQgetisnull(const PGresult *res, int tup_num, int field_num);
int PQputCopyData(PGconn *conn, const char *buffer, int nbytes);
int PQputCopyEnd(PGconn *conn, const char *errormsg);
PGresult *PQgetResult(PGconn *conn);
/// libpq's version (150004 for 15.4), or 0 when libpq cannot be loaded.
int PQlibVersion(void);

/// Why libpq could not be loaded (dlopen's message), or NULL when it is loaded. Loads it on
/// the first call. While it cannot be loaded, PQconnectdb returns NULL, PQstatus says
/// CONNECTION_BAD and PQerrorMessage returns this message.
const char *bench_libpq_load_error(void);

// PG_DIAG_SQLSTATE is a macro Swift cannot import ('C' as an int): a function names it.
static inline int bench_pg_diag_sqlstate(void) { return 'C'; }

#endif
