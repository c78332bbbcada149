#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>
#include <algorithm>
#include <vector>

static std::vector<int> data(int n) {
    std::vector<int> v(n);
    for (int i = 0; i < n; ++i) v[i] = (i * 7919) % n;
    return v;
}

TEST_CASE("sort") {
    BENCHMARK("sort 256") { auto v = data(256); std::sort(v.begin(), v.end()); return v[0]; };
    BENCHMARK("sort 1024") { auto v = data(1024); std::sort(v.begin(), v.end()); return v[0]; };
}
