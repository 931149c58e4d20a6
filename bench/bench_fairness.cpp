// Benchmarks of credo::fairness: filling the per-group counts, the full report, Fisher's
// exact test, the seeded bootstrap and the group cut-off search.
//
// Data: by default 1,000,000 seeded synthetic rows in 4 groups. bench/fairness_vs_peers.py
// sets CREDO_FAIRNESS_DATA to a binary file (uint64 n; n float64 scores; n uint8 bads;
// n uint8 groups) so that pandas and scipy run on the very same rows.
#include <credo/fairness.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct rows {
  std::vector<double> score;
  std::vector<std::uint8_t> bad;
  std::vector<std::int32_t> group;
};

rows synthetic(std::size_t n, std::uint64_t seed) {
  rows d;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z;
  std::uniform_real_distribution<double> u;
  for (std::size_t i = 0; i < n; ++i) {
    const auto g = static_cast<std::int32_t>(rng() % 4);
    const double x = z(rng) - 0.2 * g;
    d.group.push_back(g);
    d.bad.push_back(u(rng) < 1 / (1 + std::exp(2.0 + 1.2 * x)) ? 1 : 0);
    d.score.push_back(std::round(600 + 40 * (x + 0.5 * z(rng))));
  }
  return d;
}

const rows& data() {
  static const rows d = [] {
    if (const char* path = std::getenv("CREDO_FAIRNESS_DATA")) {
      std::ifstream in(path, std::ios::binary);
      std::uint64_t n = 0;
      in.read(reinterpret_cast<char*>(&n), sizeof n);
      rows r;
      r.score.resize(n);
      r.bad.resize(n);
      std::vector<std::uint8_t> g(n);
      in.read(reinterpret_cast<char*>(r.score.data()), static_cast<std::streamsize>(n * sizeof(double)));
      in.read(reinterpret_cast<char*>(r.bad.data()), static_cast<std::streamsize>(n));
      in.read(reinterpret_cast<char*>(g.data()), static_cast<std::streamsize>(n));
      if (!in) throw std::runtime_error(std::string("cannot read ") + path);
      r.group.assign(g.begin(), g.end());
      return r;
    }
    return synthetic(1'000'000, 42);
  }();
  return d;
}

credo::fairness::group_assignment groups_of(const rows& d) {
  return credo::fairness::group_assignment::hard({"g0", "g1", "g2", "g3"}, d.group);
}

void BM_count_groups(benchmark::State& state) {
  const auto& d = data();
  const auto g = groups_of(d);
  for (auto _ : state) {
    auto c = credo::fairness::count_groups<double>(g, d.score, d.bad, {}, 600.0, {560, 600, 640});
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * d.score.size()));
}
BENCHMARK(BM_count_groups)->Unit(benchmark::kMillisecond);

void BM_assess(benchmark::State& state) {
  const auto& d = data();
  const auto c = credo::fairness::count_groups<double>(groups_of(d), d.score, d.bad, {}, 600.0, {560, 600, 640});
  for (auto _ : state) {
    auto r = credo::fairness::assess(c, {.reference = "g0"});
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_assess)->Unit(benchmark::kMicrosecond);

void BM_fisher_exact(benchmark::State& state) {
  // A 2x2 table of N rows: 60% vs 55% approved in two halves.
  const double n = static_cast<double>(state.range(0)) / 2;
  const double a = std::round(0.60 * n), c = std::round(0.55 * n);
  for (auto _ : state) {
    auto t = credo::fairness::fisher_exact(a, n - a, c, n - c);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_fisher_exact)->Arg(2'000)->Arg(200'000)->Arg(2'000'000)->Unit(benchmark::kMicrosecond);

void BM_bootstrap_1000_rows(benchmark::State& state) {
  const auto d = synthetic(1000, 7);
  const auto g = groups_of(d);
  auto spd = [](const credo::fairness::group_counts<double>& c) {
    return credo::fairness::compare_groups(c, "g0").statistical_parity_difference.across;
  };
  for (auto _ : state) {
    auto b = credo::fairness::bootstrap<double>(g, d.score, d.bad, {}, 600.0, spd, {.replicates = 1000});
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_bootstrap_1000_rows)->Unit(benchmark::kMillisecond);

void BM_group_cutoffs(benchmark::State& state) {
  const auto d = synthetic(static_cast<std::size_t>(state.range(0)), 9);
  const auto g = groups_of(d);
  for (auto _ : state) {
    auto r = credo::fairness::group_cutoffs<credo::fairness::parity::approval_rate, double>(
        g, d.score, d.bad, {}, 600.0);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_group_cutoffs)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
