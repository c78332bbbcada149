#ifndef BENCH_CLIBPQ_SHIM_H
#define BENCH_CLIBPQ_SHIM_H
#include <libpq-fe.h>

// PG_DIAG_SQLSTATE is a macro Swift cannot import ('C' as an int): a function names it.
static inline int bench_pg_diag_sqlstate(void) { return 'C'; }
#endif
