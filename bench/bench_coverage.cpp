// Exact Shapley values of 12 sources to the scoreable count of 1,000,000 synthetic persons
// (the pass over persons that tabulates scoreability patterns, then the Shapley sum), and
// the coverage report by group. Run: build/release/bench/bench_coverage
#include <credo/coverage.hpp>
#include <credo/synth.hpp>

#include <benchmark/benchmark.h>

namespace {

const credo::synth::bureau& population_1m() {
  static const auto b = [] {
    credo::synth::bureau_options o;
    o.persons = 1'000'000;
    o.mean_accounts = 13;
    return credo::synth::generate(o);
  }();
  return b;
}

void BM_exact_shapley_12_sources(benchmark::State& state) {
  const auto& b = population_1m();
  const auto pop = b.records.view();
  credo::coverage::source_options opt;
  opt.threads = static_cast<unsigned>(state.range(0));
  std::size_t patterns = 0;
  for (auto _ : state) {
    const credo::coverage::source_analysis a(pop, credo::coverage::recent_and_seasoned{}, opt);
    auto phi = a.shapley();
    benchmark::DoNotOptimize(phi.data());
    patterns = a.conditions().size() + a.patterns().size();
  }
  state.counters["sources"] = static_cast<double>(b.records.sources.size());
  state.counters["patterns"] = static_cast<double>(patterns);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pop.size()));
}
BENCHMARK(BM_exact_shapley_12_sources)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// The same for a rule not in condition form (thin-file rule, at least 3 accounts): truth
// tables over each person's sources, and the per-pattern Shapley sum.
void BM_exact_shapley_12_sources_truth_tables(benchmark::State& state) {
  const auto& b = population_1m();
  const auto pop = b.records.view();
  credo::coverage::source_options opt;
  opt.threads = 1;
  std::size_t patterns = 0;
  for (auto _ : state) {
    const credo::coverage::source_analysis a(pop, credo::coverage::min_accounts{3}, opt);
    auto phi = a.shapley();
    benchmark::DoNotOptimize(phi.data());
    patterns = a.patterns().size();
  }
  state.counters["patterns"] = static_cast<double>(patterns);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pop.size()));
}
BENCHMARK(BM_exact_shapley_12_sources_truth_tables)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_coverage_report_by_group(benchmark::State& state) {
  const auto& b = population_1m();
  const auto pop = b.records.view();
  credo::coverage::report_options opt;
  opt.segments = {"group", "region"};
  for (auto _ : state) {
    auto r = credo::coverage::report(pop, credo::coverage::recent_and_seasoned{}, opt);
    benchmark::DoNotOptimize(r.overall.scoreable);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pop.size()));
}
BENCHMARK(BM_coverage_report_by_group)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
