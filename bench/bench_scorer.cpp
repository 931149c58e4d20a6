// Scoring throughput of the compiled batch scorer against the machine's streaming-read
// bandwidth, measured in the same program, and the latency of one applicant.
//
//   ./build/release/bench/bench_scorer
//
// The data: 10,000,000 rows x 30 numeric characteristics, float, column-major (1.2 GB),
// each characteristic cut at 5 points (6 bins + missing), 1% missing values. The bound:
// scoring must read every input byte once, so it cannot beat a plain streaming read (a sum
// over the same array) on the same number of threads. Counters: bytes_per_second (input
// bytes), bound_GBps (the read bandwidth on as many threads) and share (throughput / bound).
//
// bench/python_vs_cpp.py sets CREDO_SCORER_MODEL to a model file (the card the Python package
// fitted and saved) and CREDO_SCORER_DATA to a binary file (uint64 n, uint64 k; then the n x k
// float32 matrix, column-major, the characteristics in card order), which registers
// BM_score_model_file: that card and those rows, scored as the Python module scores float32
// input, so the two sides time the same work.
#include <credo/engine/batch_scorer.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model/scorecard.hpp>

#include <benchmark/benchmark.h>

#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t rows = 10'000'000;
constexpr std::size_t chars = 30;

std::vector<credo::model::characteristic_spec> specs() {
  std::vector<credo::model::characteristic_spec> s;
  for (std::size_t j = 0; j < chars; ++j) {
    credo::model::characteristic_spec c;
    c.name = "x" + std::to_string(j);
    c.bins = credo::binning::bins::numeric({-1.0, -0.3, 0.0, 0.4, 1.1});
    c.woe = {-0.9 + 0.01 * double(j), -0.4, -0.1, 0.2, 0.5, 0.8 - 0.02 * double(j), 0.0};
    c.coefficient = -0.3 - 0.01 * double(j);
    s.push_back(std::move(c));
  }
  return s;
}

const std::vector<float>& data() {
  static const std::vector<float> x = [] {
    std::vector<float> v(rows * chars);
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    for (auto& f : v) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      const auto u = static_cast<std::uint32_t>(state >> 40);  // 24 bits
      f = (u % 100 == 0) ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(u) / 16777216.0f * 4.0f - 2.0f;
    }
    return v;
  }();
  return x;
}

/// Sums the array's bit patterns as integers (vectorises, cannot be skipped): a streaming read.
std::uint64_t read_all(const float* p, std::size_t n) {
  std::uint32_t acc[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; ++k) {
      std::uint32_t u;
      std::memcpy(&u, p + i + k, 4);
      acc[k] += u;
    }
  std::uint64_t s = 0;
  for (auto a : acc) s += a;
  return s;
}

/// CPU time of the whole process (all threads), seconds: on a shared machine other programs'
/// load inflates wall time but not this.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct timing {
  double wall = 1e300, cpu = 1e300;  // best (smallest) seconds per pass
};

/// Streaming-read bandwidth on `threads` threads: the best of 5 passes, wall and CPU time.
timing bandwidth(unsigned threads) {
  static timing cached[3];
  if (cached[threads].wall < 1e300) return cached[threads];
  const auto& x = data();
  timing best;
  for (int pass = 0; pass < 5; ++pass) {
    std::vector<std::uint64_t> sink(threads);
    const double c0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        const std::size_t b = x.size() * t / threads, e = x.size() * (t + 1) / threads;
        sink[t] = read_all(x.data() + b, e - b);
      });
    for (auto& th : pool) th.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double c = cpu_seconds() - c0;
    benchmark::DoNotOptimize(sink.data());
    best.wall = std::min(best.wall, s);
    best.cpu = std::min(best.cpu, c);
  }
  return cached[threads] = best;
}

/// Runs `pass` once per benchmark iteration; the best (smallest) wall and CPU seconds.
template <class Pass>
timing best_passes(benchmark::State& state, Pass pass) {
  timing best;
  for (auto _ : state) {
    const double c0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    pass();
    best.wall = std::min(best.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    best.cpu = std::min(best.cpu, cpu_seconds() - c0);
  }
  return best;
}

constexpr double input_bytes = static_cast<double>(rows * chars * sizeof(float));

void BM_read_bandwidth(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  timing bw;
  for (auto _ : state) bw = bandwidth(threads);
  state.counters["bound_GBps"] = input_bytes / bw.wall / 1e9;
  state.counters["bound_cpu_GBps"] = input_bytes / bw.cpu / 1e9;
}
BENCHMARK(BM_read_bandwidth)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_score_float_columns(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  const credo::model::scorecard<float> card(specs(), -1.3);
  const auto scorer = credo::engine::batch_scorer<float>::compile(card);
  const auto& x = data();
  std::vector<float> scores(rows);
  const timing bound = bandwidth(threads);
  const timing best = best_passes(state, [&] {
    scorer.score(credo::engine::input_view<float>{x, rows, credo::engine::layout::column_major}, {.scores = scores},
                 {.threads = threads});
    benchmark::DoNotOptimize(scores.data());
  });
  state.SetBytesProcessed(static_cast<std::int64_t>(input_bytes) * state.iterations());
  // Best pass against best pass: wall-clock throughput over the wall-clock read bound, and the
  // same in CPU time (robust to other programs' load on a shared machine).
  state.counters["best_GBps"] = input_bytes / best.wall / 1e9;
  state.counters["bound_GBps"] = input_bytes / bound.wall / 1e9;
  state.counters["share"] = bound.wall / best.wall;
  state.counters["cpu_GBps"] = input_bytes / best.cpu / 1e9;
  state.counters["bound_cpu_GBps"] = input_bytes / bound.cpu / 1e9;
  state.counters["cpu_share"] = bound.cpu / best.cpu;
}
BENCHMARK(BM_score_float_columns)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_single_applicant_with_reasons(benchmark::State& state) {
  const credo::model::scorecard<double> card(specs(), -1.3);
  const auto scorer = credo::engine::batch_scorer<double>::compile(card);
  std::array<double, chars> x{};
  for (std::size_t j = 0; j < chars; ++j) x[j] = -1.5 + 0.1 * double(j);
  std::array<credo::model::reason_code, 4> why{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(x.data());
    auto r = scorer.score_one(std::span<const double>(x), why);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(why.data());
  }
}
BENCHMARK(BM_single_applicant_with_reasons)->Unit(benchmark::kNanosecond);

void BM_scorecard_single_applicant_with_reasons(benchmark::State& state) {
  const credo::model::scorecard<double> card(specs(), -1.3);
  std::vector<credo::model::input> in;
  for (std::size_t j = 0; j < chars; ++j) in.emplace_back(-1.5 + 0.1 * double(j));
  std::array<credo::model::reason_code, 4> why{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(in.data());
    auto r = card.score(std::span<const credo::model::input>(in), why);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(why.data());
  }
}
BENCHMARK(BM_scorecard_single_applicant_with_reasons)->Unit(benchmark::kNanosecond);

/// The card of CREDO_SCORER_MODEL over the rows of CREDO_SCORER_DATA (see the file comment),
/// scored by batch_scorer<float> compiled from the loaded card into a float buffer allocated
/// once, without statuses: Scorecard.score(x, out=buffer) on a float32 matrix in the Python
/// package. Counters: best_GBps / cpu_GBps (input bytes over the best pass's wall / CPU
/// time) and score_sum, the sum of the scores (NaN for none), which the script checks
/// against its own.
void BM_score_model_file(benchmark::State& state, const std::string& model, const std::string& data) {
  const auto card = credo::io::load_scorecard<credo::model::scorecard<double>>(model);
  const auto scorer = credo::engine::batch_scorer<float>::compile(card);
  std::ifstream in(data, std::ios::binary);
  std::uint64_t n = 0, k = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  in.read(reinterpret_cast<char*>(&k), sizeof k);
  if (!in || k != card.size())
    throw std::runtime_error(data + ": " + std::to_string(k) + " columns for " + std::to_string(card.size()) +
                             " characteristics");
  std::vector<float> x(n * k);
  in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(x.size() * sizeof(float)));
  if (!in) throw std::runtime_error("cannot read " + data);
  std::vector<float> scores(n);
  const auto threads = static_cast<unsigned>(state.range(0));
  const timing best = best_passes(state, [&] {
    scorer.score(credo::engine::input_view<float>{x, n, credo::engine::layout::column_major}, {.scores = scores},
                 {.threads = threads});
    benchmark::DoNotOptimize(scores.data());
  });
  const double bytes = static_cast<double>(x.size() * sizeof(float));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.counters["best_GBps"] = bytes / best.wall / 1e9;
  state.counters["cpu_GBps"] = bytes / best.cpu / 1e9;
  double sum = 0;
  for (const float v : scores) sum += std::isnan(v) ? 0.0 : static_cast<double>(v);
  state.counters["score_sum"] = sum;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const char* model = std::getenv("CREDO_SCORER_MODEL");
  const char* data = std::getenv("CREDO_SCORER_DATA");
  if (model && data)
    benchmark::RegisterBenchmark("BM_score_model_file", BM_score_model_file, std::string(model), std::string(data))
        ->Arg(1)
        ->Arg(2)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2.0);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
