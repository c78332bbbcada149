#ifndef BENCH_CSQLITE_SHIM_H
#define BENCH_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: a function gives it a name.
static inline sqlite3_destructor_type bench_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_config is variadic, which Swift cannot call. Memory statistics (on by default)
// take a global mutex around every allocation, and bench reads none of them: off, before
// the first connection opens (later, SQLite refuses the change with SQLITE_MISUSE).
static inline int bench_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
