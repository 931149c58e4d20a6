// Synthetic bureau generation and feature extraction for 1,000,000 persons with about 10
// tradelines each (synth mean_accounts = 13 for thick files; no-file and thin-file persons
// bring the average down to ~10). Run: build/release/bench/bench_features
#include <credo/features.hpp>
#include <credo/synth.hpp>

#include <benchmark/benchmark.h>

namespace {

credo::synth::bureau_options options(std::size_t persons) {
  credo::synth::bureau_options o;
  o.persons = persons;
  o.mean_accounts = 13;
  return o;
}

const credo::synth::bureau& population_1m() {
  static const auto b = credo::synth::generate(options(1'000'000));
  return b;
}

void BM_synth_generate(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    auto b = credo::synth::generate(options(n));
    benchmark::DoNotOptimize(b.records.tradelines.data());
    state.counters["tradelines"] = static_cast<double>(b.records.tradelines.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_synth_generate)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_extract_standard(benchmark::State& state) {
  const auto& b = population_1m();
  const auto pop = b.records.view();
  const auto fs = credo::features::standard_features();
  credo::features::extract_options opt;
  opt.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    auto t = fs.extract(pop, opt);
    benchmark::DoNotOptimize(t.rows());
  }
  state.counters["tradelines_per_person"] =
      static_cast<double>(b.records.tradelines.size()) / static_cast<double>(b.records.persons.size());
  state.counters["columns"] = static_cast<double>(fs.width());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pop.size()));
}
BENCHMARK(BM_extract_standard)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_population_index(benchmark::State& state) {
  const auto& b = population_1m();
  for (auto _ : state) {
    auto pop = b.records.view();
    benchmark::DoNotOptimize(&pop);
  }
}
BENCHMARK(BM_population_index)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
