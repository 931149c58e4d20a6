// Scale: binning, fitting and scoring 20,000,000 rows x 30 float columns within a memory
// budget (issue 9: peak resident memory under 1.5x the input's size).
//
//   build/release/bench/bench_scale [ROWS] [--rows=N] [--threads=N]   (or CREDO_SCALE_ROWS=N)
//
// A plain program (not Google Benchmark: each stage runs once, and what it measures is the
// process's peak resident memory). The data: ROWS (default 20,000,000) rows x 30 float
// columns, column-major, synthetic and seeded: a latent risk z per row, bad with probability
// 1/(1 + exp(1.2 − z)); column j sees z through its own noise and shape (linear, exponential,
// U-shaped, rounded) as in bench_binning.cpp, 2% missing (NaN). Stages:
//   (a) optimal binning of each column from its float span (binning::fit(name, span, ...)),
//       columns shared by the threads like woe_encoder does;
//   (b) the bin code of every cell into a uint8 matrix, then the float matrix overwritten in
//       place with the WoE of each cell;
//   (c) logistic_regression<float> fitted on the float WoE matrix through an Eigen::Map (no
//       copy of the matrix; checked: the Ref the fit takes points at the same memory);
//   (d) the scorecard from the binning tables and the model, compiled into a batch scorer, and
//       every row scored from the pre-binned codes into a float score vector.
// After each stage: wall and process CPU time, resident memory now (VmRSS) and the peak so far
// (VmHWM from /proc/self/status, ru_maxrss from getrusage). At the end: the input's size, the
// peak and their ratio against the 1.5x aim.
//
// Checks (a failure exits with status 1): the fit succeeds; the AUC of the scores is above 0.6;
// for 1,000 evenly spaced rows, whose raw values are kept before stage (b) overwrites them, the
// scores computed from the raw float values (batch scorer and scorecard::score) equal the scores
// from the codes, bit for bit. Then, after the large run has released its memory, the same
// pipeline runs on 200,000 rows with every row checked that way, and the bins of three columns
// from the float spans are compared with those of the table path (the columns as doubles).
#include <credo/binning.hpp>
#include <credo/engine/batch_scorer.hpp>
#include <credo/metrics/binned.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/scorecard.hpp>

#include <Eigen/Core>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t columns = 30;
constexpr std::uint64_t seed = 20261127;

// --- memory and time ---------------------------------------------------------------------

/// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), or -1.
long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::strtol(line.c_str() + key.size(), nullptr, 10);
  return -1;
}

/// getrusage's peak resident set size, KiB on Linux.
long maxrss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double mib(double kib) { return kib / 1024.0; }

/// Times one stage and prints a line with the memory after it.
class stage_clock {
public:
  explicit stage_clock(bool print) : print_(print) {
    if (print_)
      std::printf("%-44s %9s %9s %10s %10s %10s\n", "stage", "wall s", "CPU s", "VmRSS MiB", "VmHWM MiB",
                "maxrss MiB");
  }
  void start() {
    wall0_ = std::chrono::steady_clock::now();
    cpu0_ = cpu_seconds();
  }
  void stop(const char* name) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0_).count();
    const double cpu = cpu_seconds() - cpu0_;
    if (print_)
      std::printf("%-44s %9.2f %9.2f %10.0f %10.0f %10.0f\n", name, wall, cpu, mib(static_cast<double>(status_kib("VmRSS"))),
                  mib(static_cast<double>(status_kib("VmHWM"))), mib(static_cast<double>(maxrss_kib())));
    std::fflush(stdout);
  }

private:
  bool print_;
  std::chrono::steady_clock::time_point wall0_;
  double cpu0_ = 0;
};

// --- data ----------------------------------------------------------------------------------

/// splitmix64's finaliser: a counter-based generator, so any cell can be made on any thread.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
std::uint64_t cell_hash(std::size_t column, std::size_t row) {
  return mix(seed * 0x100000001B3ull + (static_cast<std::uint64_t>(column + 1) << 40) + row);
}
/// A standard normal from bits 16..63 of h (Box–Muller, one of the pair).
float normal_of(std::uint64_t h) {
  const float u1 = (static_cast<float>(h >> 40) + 0.5f) * 0x1p-24f;
  const float u2 = static_cast<float>((h >> 16) & 0xFFFFFF) * 0x1p-24f;
  return std::sqrt(-2.0f * std::log(u1)) * std::cos(6.28318531f * u2);
}

/// Runs f(j) for j in [0, n) on `threads` threads (each index on one thread), rethrowing the
/// first error in index order.
template <class F>
void parallel_for(std::size_t n, unsigned threads, F&& f) {
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(n);
  auto work = [&] {
    for (std::size_t j; (j = next.fetch_add(1)) < n;) {
      try {
        f(j);
      } catch (...) {
        errors[j] = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < std::min<std::size_t>(threads, n); ++t) pool.emplace_back(work);
    work();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// Fills the column-major matrix x (rows x 30) and the target (see the file comment).
void generate(float* x, std::uint8_t* bad, std::size_t rows, unsigned threads) {
  const std::size_t parts = 64;
  std::unique_ptr<float[]> z(new float[rows]);
  parallel_for(parts, threads, [&](std::size_t p) {
    for (std::size_t r = rows * p / parts; r < rows * (p + 1) / parts; ++r) {
      const std::uint64_t h = cell_hash(columns, r);
      z[r] = normal_of(h);
      const double u = static_cast<double>(mix(h) >> 11) * 0x1p-53;
      bad[r] = u < 1.0 / (1.0 + std::exp(1.2 - static_cast<double>(z[r]))) ? 1 : 0;
    }
  });
  parallel_for(columns, threads, [&](std::size_t j) {
    const float signal = 0.2f + 0.8f * static_cast<float>(j % 5) / 4.0f;
    float* col = x + j * rows;
    for (std::size_t r = 0; r < rows; ++r) {
      const std::uint64_t h = cell_hash(j, r);
      const float v = signal * z[r] + normal_of(h);
      float value;
      switch (j % 4) {
        case 0: value = v; break;
        case 1: value = std::exp(v); break;
        case 2: value = v * v; break;
        default: value = std::round(10 * v); break;
      }
      col[r] = (h & 0xFFFF) < 1311 ? std::numeric_limits<float>::quiet_NaN() : value;  // 2%
    }
  });
}

std::string column_name(std::size_t j) { return "x" + std::to_string(j); }

// --- the pipeline --------------------------------------------------------------------------

struct outcome {
  bool ok = true;
  double auc = 0;
  std::size_t checked_rows = 0;
};

#define SCALE_CHECK(cond, ...)                    \
  do {                                            \
    if (!(cond)) {                                \
      std::printf("CHECK FAILED: " __VA_ARGS__);  \
      std::printf("\n");                          \
      result.ok = false;                          \
    }                                             \
  } while (0)

/// Runs the four stages on `rows` rows. `sample` rows (evenly spaced; all rows when it is
/// >= rows) are checked. With compare_table, the bins of three columns are also compared with
/// the table path's. Prints the stage lines when `print`.
outcome run(std::size_t rows, unsigned threads, std::size_t sample, bool compare_table, bool print) {
  outcome result;
  stage_clock clock(print);
  const std::size_t cells = rows * columns;
  const double input_bytes = static_cast<double>(cells * sizeof(float));

  // 0. The data: 30 float columns, column-major, and the target.
  clock.start();
  std::unique_ptr<float[]> x(new float[cells]);
  std::vector<std::uint8_t> bad(rows);
  generate(x.get(), bad.data(), rows, threads);
  clock.stop("0 generate the data (not part of the budget)");
  const std::span<const std::uint8_t> target(bad);

  // The rows checked at the end keep their raw values (row-major), taken before (b).
  sample = std::min(sample, rows);
  std::vector<std::size_t> sample_rows(sample);
  for (std::size_t i = 0; i < sample; ++i) sample_rows[i] = sample == rows ? i : i * (rows / sample);
  std::vector<float> raw(sample * columns);
  for (std::size_t i = 0; i < sample; ++i)
    for (std::size_t j = 0; j < columns; ++j) raw[i * columns + j] = x[j * rows + sample_rows[i]];

  // (a) Optimal binning of each column from its float span.
  clock.start();
  std::vector<credo::binning::binning_table> tables(columns);
  credo::binning::binning_options options;  // optimal, automatic trend, 20 pre-bins
  parallel_for(columns, threads, [&](std::size_t j) {
    tables[j] = credo::binning::fit<float>(column_name(j), std::span<const float>(x.get() + j * rows, rows), target,
                                           {}, options);
  });
  clock.stop("a optimal binning, 30 float spans");
  if (compare_table) {
    for (const std::size_t j : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {  // linear, exponential, rounded
      const float* col = x.get() + j * rows;
      credo::table t;
      t.add(credo::column::numeric(column_name(j), std::vector<double>(col, col + rows)));
      t.set_target(bad);
      const auto from_table = credo::binning::fit(t, column_name(j), options);
      SCALE_CHECK(from_table.bins() == tables[j].bins() && from_table.counts() == tables[j].counts() &&
                      from_table.iv() == tables[j].iv(),
                  "column %zu: the float span's bins differ from the table path's", j);
    }
  }

  // (b) Codes into a uint8 matrix, then WoE over the float matrix, in place.
  clock.start();
  std::unique_ptr<std::uint8_t[]> codes(new std::uint8_t[cells]);
  parallel_for(columns, threads, [&](std::size_t j) {
    const auto& b = tables[j].bins();
    if (b.size() > 256) throw std::runtime_error("more than 256 bins");
    std::vector<float> woe(b.size());
    for (std::size_t k = 0; k < b.size(); ++k) woe[k] = static_cast<float>(tables[j].woe(k));
    float* col = x.get() + j * rows;
    std::uint8_t* code = codes.get() + j * rows;
    for (std::size_t r = 0; r < rows; ++r) {
      const auto k = b.bin_of(static_cast<double>(col[r]));
      code[r] = static_cast<std::uint8_t>(k);
      col[r] = woe[k];
    }
  });
  clock.stop("b bin codes (uint8) + WoE in place");

  // (c) The logistic regression on the float WoE matrix, through a Map: no copy.
  clock.start();
  const Eigen::Map<const Eigen::MatrixXf> woe_matrix(x.get(), static_cast<Eigen::Index>(rows),
                                                     static_cast<Eigen::Index>(columns));
  {
    const Eigen::Ref<const Eigen::MatrixXf> ref(woe_matrix);  // what fit() takes
    SCALE_CHECK(ref.data() == x.get(), "the model's Ref<const MatrixXf> copied the WoE matrix");
  }
  credo::model::fit_options fo;
  fo.threads = threads;
  credo::model::logistic_regression<float> model(fo);
  std::vector<std::string> names;
  for (std::size_t j = 0; j < columns; ++j) names.push_back(column_name(j));
  const auto status = model.fit(woe_matrix, target, names);
  clock.stop("c logistic_regression<float> on the WoE");
  SCALE_CHECK(status == credo::model::fit_status::success, "the fit ended with %s: %s",
              credo::model::to_string(status), model.message().c_str());
  if (!model.fitted()) return result;

  // (d) Scorecard, batch scorer, every row scored from its codes.
  clock.start();
  const auto card = credo::model::scorecard<float>::from_tables(tables, model);
  const auto scorer = credo::engine::batch_scorer<float>::compile(card);
  std::vector<float> scores(rows);
  const std::size_t unscored = scorer.score_bins(
      credo::engine::input_view<std::uint8_t>{std::span<const std::uint8_t>(codes.get(), cells), rows,
                                              credo::engine::layout::column_major},
      {.scores = scores}, {.threads = threads});
  clock.stop("d scorecard + compile + score from the codes");
  SCALE_CHECK(unscored == 0, "%zu rows could not be scored", unscored);

  // Checks: AUC (the points are integers, so one histogram bin per score is exact) and the
  // sample rows scored from their raw values.
  const double lo = std::floor(static_cast<double>(card.min_score())) - 0.5;
  const double hi = std::ceil(static_cast<double>(card.max_score())) + 0.5;
  credo::metrics::binned_roc<float> roc(lo, hi, static_cast<std::size_t>(hi - lo), credo::metrics::direction::higher_is_safer);
  roc.fill(scores, target);
  result.auc = roc.auc().value;
  SCALE_CHECK(result.auc > 0.6, "AUC %.4f is not above 0.6", result.auc);
  std::vector<float> raw_scores(sample);
  scorer.score(credo::engine::input_view<float>{raw, sample, credo::engine::layout::row_major},
               {.scores = raw_scores}, {.threads = threads});
  std::size_t differ = 0;
  for (std::size_t i = 0; i < sample; ++i) {
    const float from_codes = scores[sample_rows[i]];
    std::vector<credo::model::input> in(raw.begin() + static_cast<std::ptrdiff_t>(i * columns),
                                        raw.begin() + static_cast<std::ptrdiff_t>((i + 1) * columns));
    const float from_card = card.score(in).score;
    if (!(raw_scores[i] == from_codes && from_card == from_codes)) ++differ;
  }
  SCALE_CHECK(differ == 0, "%zu of %zu rows score differently from raw values and from codes", differ, sample);
  result.checked_rows = sample;

  if (print) {
    const double peak = static_cast<double>(std::max(status_kib("VmHWM"), maxrss_kib())) * 1024.0;
    double iv_min = 1e300, iv_max = 0;
    std::size_t bins_min = 1000, bins_max = 0;
    for (const auto& t : tables) {
      iv_min = std::min(iv_min, t.iv());
      iv_max = std::max(iv_max, t.iv());
      bins_min = std::min(bins_min, t.bins().regular());
      bins_max = std::max(bins_max, t.bins().regular());
    }
    std::printf("\nrows %zu, columns %zu, threads %u\n", rows, columns, threads);
    std::printf("bins per column %zu..%zu (+ missing), IV %.3f..%.3f; fit: %s, %d iterations; AUC %.4f\n",
                bins_min, bins_max, iv_min, iv_max, credo::model::to_string(status), model.iterations(),
                result.auc);
    std::printf("buffers: float matrix %.0f MiB, uint8 codes %.0f MiB, target %.0f MiB, scores %.0f MiB\n",
                input_bytes / 1048576.0, static_cast<double>(cells) / 1048576.0,
                static_cast<double>(rows) / 1048576.0, static_cast<double>(rows * sizeof(float)) / 1048576.0);
    std::printf("input %.3f GB (%.0f MiB); peak resident %.3f GB (%.0f MiB); peak / input = %.3f (aim < 1.5: %s)\n",
                input_bytes / 1e9, input_bytes / 1048576.0, peak / 1e9, peak / 1048576.0, peak / input_bytes,
                peak / input_bytes < 1.5 ? "met" : "NOT met");
    std::printf("checked %zu rows: scores from raw float values == scores from codes: %s\n\n", sample,
                differ == 0 ? "yes" : "NO");
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = 20'000'000;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (const char* env = std::getenv("CREDO_SCALE_ROWS")) rows = std::stoull(env);
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--rows=", 0) == 0) rows = std::stoull(a.substr(7));
    else if (a.rfind("--threads=", 0) == 0) threads = static_cast<unsigned>(std::stoul(a.substr(10)));
    else if (!a.empty() && a[0] != '-') rows = std::stoull(a);
    // Other flags (e.g. --benchmark_* from ./dev bench) are not ours: ignored.
  }
  std::printf("bench_scale: %zu rows x %zu float columns, %u threads\n", rows, columns, threads);
  bool ok = true;
  try {
    ok = run(rows, threads, 1000, false, true).ok && ok;
    std::printf("check run: 200,000 rows, every row checked, bins compared with the table path\n");
    const auto small = run(200'000, threads, 200'000, true, false);
    std::printf("check run: %s (AUC %.4f, %zu rows)\n", small.ok ? "ok" : "FAILED", small.auc, small.checked_rows);
    ok = small.ok && ok;
  } catch (const std::exception& e) {
    std::printf("error: %s\n", e.what());
    return 1;
  }
  return ok ? 0 : 1;
}
