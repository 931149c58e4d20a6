// Throughput of credo::metrics: exact AUC/KS (radix sort), the histogram mode, DeLong,
// calibration and PSI. Run: build/release/bench/bench_metrics
// The peer comparison with scikit-learn is bench/auc_vs_sklearn.py.
#include <credo/metrics.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace m = credo::metrics;

namespace {
struct data {
  std::vector<double> pd, pd2, points;
  std::vector<std::uint8_t> bad;
};

// A probability of default with ties (6 decimals), a second model and scorecard points.
const data& rows(std::size_t n) {
  static std::size_t cached = 0;
  static data d;
  if (cached == n) return d;
  std::mt19937_64 gen(2026);
  std::normal_distribution<double> nd;
  std::uniform_real_distribution<double> u;
  d = {};
  for (std::size_t i = 0; i < n; ++i) {
    const double x = nd(gen), z = nd(gen);
    const double p = std::round(1e6 / (1 + std::exp(2 - x - 0.5 * z))) / 1e6;
    d.pd.push_back(std::clamp(p, 1e-6, 1 - 1e-6));
    d.pd2.push_back(1 / (1 + std::exp(2 - 0.6 * x - 0.8 * z)));
    d.points.push_back(std::round(600 - 20 / std::log(2.0) * std::log(d.pd.back() / (1 - d.pd.back()))));
    d.bad.push_back(u(gen) < 1 / (1 + std::exp(2 - 1.2 * x)) ? 1 : 0);
  }
  cached = n;
  return d;
}

void items(benchmark::State& state) { state.SetItemsProcessed(state.iterations() * state.range(0)); }
}  // namespace

static void BM_auc_exact(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    m::auc<double> a(m::direction::higher_is_riskier);
    a.fill(d.pd, d.bad);
    benchmark::DoNotOptimize(a.value());
  }
  items(state);
}
BENCHMARK(BM_auc_exact)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_auc_exact_float(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  const std::vector<float> s(d.pd.begin(), d.pd.end());
  for (auto _ : state) {
    m::auc<float> a(m::direction::higher_is_riskier);
    a.fill(s, d.bad);
    benchmark::DoNotOptimize(a.value());
  }
  items(state);
}
BENCHMARK(BM_auc_exact_float)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_auc_scorecard_points(benchmark::State& state) {  // integer scores: heavy ties
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    m::auc<double> a(m::direction::higher_is_safer);
    a.fill(d.points, d.bad);
    benchmark::DoNotOptimize(a.value());
  }
  items(state);
}
BENCHMARK(BM_auc_scorecard_points)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_ks_exact(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    m::ks<double> k;
    k.fill(d.pd, d.bad);
    benchmark::DoNotOptimize(k.value());
  }
  items(state);
}
BENCHMARK(BM_ks_exact)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_std_sort_baseline(benchmark::State& state) {  // what the radix sort replaces
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::vector<double> s = d.pd;
    std::sort(s.begin(), s.end());
    benchmark::DoNotOptimize(s.data());
  }
  items(state);
}
BENCHMARK(BM_std_sort_baseline)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_binned_auc_ks(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    m::binned_roc<double> h(0, 1, 1 << 16, m::direction::higher_is_riskier);
    h.fill(d.pd, d.bad);
    benchmark::DoNotOptimize(h.auc().value);
    benchmark::DoNotOptimize(h.ks().value);
  }
  items(state);
}
BENCHMARK(BM_binned_auc_ks)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_delong_variance(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    m::auc<double> a(m::direction::higher_is_riskier);
    a.fill(d.pd, d.bad);
    benchmark::DoNotOptimize(a.confidence_interval().lower);
  }
  items(state);
}
BENCHMARK(BM_delong_variance)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_delong_test(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    m::paired_auc<double> t(m::direction::higher_is_riskier, m::direction::higher_is_riskier);
    t.fill(d.pd, d.pd2, d.bad);
    benchmark::DoNotOptimize(t.test().p_value);
  }
  items(state);
}
BENCHMARK(BM_delong_test)->Arg(100'000)->Unit(benchmark::kMillisecond);

static void BM_hosmer_lemeshow(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    m::calibration<double> c;
    c.fill(d.pd, d.bad);
    benchmark::DoNotOptimize(c.hosmer_lemeshow().p_value);
  }
  items(state);
}
BENCHMARK(BM_hosmer_lemeshow)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

static void BM_psi_reference_deciles(benchmark::State& state) {
  const auto& d = rows(static_cast<std::size_t>(state.range(0)));
  const std::size_t half = d.points.size() / 2;
  const std::span<const double> ref(d.points.data(), half), cur(d.points.data() + half, half);
  for (auto _ : state) benchmark::DoNotOptimize(m::psi_from_scores<double>(ref, cur, 10).value);
  items(state);
}
BENCHMARK(BM_psi_reference_deciles)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
