#include <benchmark/benchmark.h>
#include <algorithm>
#include <vector>
#include <random>

static void BM_Sort(benchmark::State& state) {
  std::mt19937 rng(42);
  std::vector<int> data(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    for (auto& x : data) x = rng();
    state.ResumeTiming();
    std::sort(data.begin(), data.end());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sort)->Arg(256)->Arg(1024);

static void BM_Copy(benchmark::State& state) {
  std::vector<char> a(4096), b(4096);
  for (auto _ : state) { std::copy(a.begin(), a.end(), b.begin()); benchmark::DoNotOptimize(b.data()); }
  state.counters["bytes_copied"] = 4096;
}
BENCHMARK(BM_Copy);
BENCHMARK_MAIN();
