// Optimal binning speed: 1,000,000 rows x 30 numeric columns (synthetic, seeded), pre-binning
// included, columns binned by 2 threads. Aim (issue 2): under 1.5 s for all 30 columns.
//
//   build/release/bench/bench_binning --benchmark_min_time=0.1
//
// bench/binning_vs_pandas.py sets CREDO_BINNING_DATA to a binary file (uint64 n, uint64 k;
// n uint8 bads; k columns of n float64) and times the *_file benchmarks against pandas on
// the very same rows.
//
// "Time" is wall time; "CPU" is the CPU time of the whole process (all threads).
#include <credo/binning.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// Rows with a latent risk z; bad with probability 1/(1 + exp(1.2 − z)). Each column sees z
/// through its own noise and shape (linear, exponential, U-shaped, rounded), with a few
/// missing values and special -999 values, so the optimal bins are not trivial.
credo::table make_table(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit;
  std::vector<double> z(rows);
  std::vector<std::uint8_t> bad(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    z[r] = normal(rng);
    bad[r] = unit(rng) < 1.0 / (1.0 + std::exp(1.2 - z[r])) ? 1 : 0;
  }
  credo::table t;
  for (std::size_t j = 0; j < cols; ++j) {
    const double signal = 0.2 + 0.8 * static_cast<double>(j % 5) / 4.0;
    std::vector<double> x(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const double v = signal * z[r] + normal(rng);
      switch (j % 4) {
        case 0: x[r] = v; break;
        case 1: x[r] = std::exp(v); break;
        case 2: x[r] = v * v; break;
        default: x[r] = std::round(10 * v); break;
      }
      const double u = unit(rng);
      if (u < 0.02) x[r] = std::numeric_limits<double>::quiet_NaN();
      else if (u < 0.03) x[r] = -999;
    }
    t.add(credo::column::numeric("x" + std::to_string(j), std::move(x)));
  }
  t.set_target(std::move(bad));
  return t;
}

const credo::table& synthetic_table() {
  static const credo::table t = make_table(1'000'000, 30, 42);
  return t;
}

void optimal_binning_30_columns(benchmark::State& state) {
  const credo::table& t = synthetic_table();
  credo::binning::encoder_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  o.defaults.special_values = {-999};
  double iv = 0;
  for (auto _ : state) {
    credo::binning::woe_encoder enc(o);
    enc.fit(t);
    iv = enc.tables().front().iv();
    // A pointer, not the double: benchmark 1.7's DoNotOptimize may put a double in a general
    // register and hand back garbage under GCC.
    benchmark::DoNotOptimize(enc.tables().data());
  }
  state.counters["rows"] = static_cast<double>(t.rows());
  state.counters["columns"] = static_cast<double>(t.columns());
  state.counters["iv_x0"] = iv;
}

/// The same 30 columns binned by stream_binner from chunks of 65,536 rows (two passes; the
/// chunks are cut from the table beforehand, so reading is not timed): the cost of binning in
/// bounded memory next to optimal_binning_30_columns.
void streamed_binning_30_columns(benchmark::State& state) {
  const credo::table& t = synthetic_table();
  static const std::vector<credo::table> chunks = [&] {
    std::vector<credo::table> c;
    for (std::size_t r = 0; r < t.rows(); r += 65536) {
      std::vector<std::size_t> rows;
      for (std::size_t i = r; i < std::min(t.rows(), r + 65536); ++i) rows.push_back(i);
      c.push_back(t.take(rows));
    }
    return c;
  }();
  credo::binning::encoder_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  o.defaults.special_values = {-999};
  double iv = 0;
  bool exact = true;
  double error = 0;
  for (auto _ : state) {
    credo::binning::stream_binner binner(t.names(), std::vector<credo::column_kind>(t.columns(), credo::column_kind::numeric), o);
    auto first = binner.start();
    for (const auto& c : chunks) binner.fill(first, c);
    auto second = binner.next(first);
    for (const auto& c : chunks) binner.fill(second, c);
    const auto tables = binner.finish(first, second);
    iv = tables.front().iv();
    exact = first.values.front().exact();
    error = static_cast<double>(first.values.front().rank_error()) / static_cast<double>(first.values.front().size());
    benchmark::DoNotOptimize(tables.data());
  }
  state.counters["iv_x0"] = iv;
  state.counters["x0_exact"] = exact ? 1 : 0;
  state.counters["x0_rank_error_share"] = error;  // the sketch's stated bound, as a share of the rows
}

/// The rows of CREDO_BINNING_DATA (see the file comment), or 1,000,000 x 30 synthetic ones.
const credo::table& file_table() {
  const char* path = std::getenv("CREDO_BINNING_DATA");
  if (!path) return synthetic_table();
  static const credo::table t = [path] {
    std::ifstream in(path, std::ios::binary);
    std::uint64_t n = 0, k = 0;
    in.read(reinterpret_cast<char*>(&n), sizeof n);
    in.read(reinterpret_cast<char*>(&k), sizeof k);
    std::vector<std::uint8_t> bad(n);
    in.read(reinterpret_cast<char*>(bad.data()), static_cast<std::streamsize>(n));
    credo::table t;
    for (std::uint64_t j = 0; j < k; ++j) {
      std::vector<double> x(n);
      in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(n * sizeof(double)));
      t.add(credo::column::numeric("x" + std::to_string(j), std::move(x)));
    }
    if (!in) throw std::runtime_error(std::string("cannot read ") + path);
    t.set_target(std::move(bad));
    return t;
  }();
  return t;
}

/// Every column of the file: pre-bins (20 quantiles) and their WoE/IV table, one thread.
void equal_frequency_file(benchmark::State& state) {
  const auto& t = file_table();
  credo::binning::encoder_options o;
  o.defaults.method = credo::binning::binning_method::equal_frequency;
  o.defaults.min_prebin_size = 0;  // like pandas.qcut: the quantile bins as they are
  double iv = 0;
  for (auto _ : state) {
    credo::binning::woe_encoder enc(o);
    enc.fit(t);
    iv = 0;
    for (const auto& tb : enc.tables()) iv += tb.iv();
    benchmark::DoNotOptimize(enc.tables().data());
  }
  state.counters["iv_sum"] = iv;
}

/// Every column of the file: optimal binning with the default options, one thread.
void optimal_file(benchmark::State& state) {
  const auto& t = file_table();
  double iv = 0;
  for (auto _ : state) {
    credo::binning::woe_encoder enc;
    enc.fit(t);
    iv = 0;
    for (const auto& tb : enc.tables()) iv += tb.iv();
    benchmark::DoNotOptimize(enc.tables().data());
  }
  state.counters["iv_sum"] = iv;
}

}  // namespace

BENCHMARK(equal_frequency_file)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(optimal_file)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(optimal_binning_30_columns)->Arg(2)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(streamed_binning_30_columns)->Arg(2)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

BENCHMARK_MAIN();
