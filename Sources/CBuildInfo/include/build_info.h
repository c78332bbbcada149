#ifndef BENCH_BUILD_INFO_H
#define BENCH_BUILD_INFO_H
// What the build was made from: Package.swift defines these from the environment the
// Makefile and the release workflow set (BENCH_VERSION, BENCH_COMMIT, BENCH_BUILD_DATE).
const char *bench_build_version(void);
const char *bench_build_commit(void);
const char *bench_build_date(void);
#endif
