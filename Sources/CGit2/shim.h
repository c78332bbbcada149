#ifndef BENCH_CGIT2_SHIM_H
#define BENCH_CGIT2_SHIM_H
#include <git2.h>
#endif
