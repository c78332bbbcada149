#include "build_info.h"

// A C target because a Swift define cannot carry a value: Package.swift passes these with
// `.define(_, to:)`, so nothing in the work tree is rewritten at build time.
#ifndef BENCH_VERSION
#define BENCH_VERSION "unknown"
#endif
#ifndef BENCH_COMMIT
#define BENCH_COMMIT "unknown"
#endif
#ifndef BENCH_BUILD_DATE
#define BENCH_BUILD_DATE "unknown"
#endif

const char *bench_build_version(void) { return BENCH_VERSION; }
const char *bench_build_commit(void) { return BENCH_COMMIT; }
const char *bench_build_date(void) { return BENCH_BUILD_DATE; }
