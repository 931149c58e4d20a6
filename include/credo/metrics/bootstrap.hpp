// Seeded bootstrap percentile intervals for any metric without a closed-form variance.
//
// Each replicate draws rows with replacement within each class (stratified, so both classes
// keep their size and a rank metric stays defined; as pROC's boot.stratified = TRUE), calls
// the metric on the resample and keeps its value. The interval is the (α/2, 1 − α/2)
// percentile pair with linear interpolation between order statistics (Hyndman & Fan type 7,
// numpy's default; Efron & Tibshirani 1993, ch. 13). The generator is std::mt19937_64 (fully
// specified by the standard) with an unbiased rejection draw of indices, so a seed gives the same
// interval on every platform.
#pragma once

#include <credo/detail/sampling.hpp>
#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace credo::metrics {

/// A view of rows handed to a metric: scores, targets (bad = 1) and weights (may be empty).
template <class Real>
struct sample {
  std::span<const Real> score;
  std::span<const std::uint8_t> bad;
  std::span<const Real> weight;
};

struct bootstrap_options {
  std::size_t replicates = 1000;
  double level = 0.95;
};

struct bootstrap_result {
  interval ci;                   // estimate on the full sample, percentile bounds
  double standard_error = 0;     // standard deviation of the replicates
  std::vector<double> replicates;
};

/// Wraps an accumulator type as a bootstrap metric: copies `prototype`, fills it with the
/// sample and returns value(). E.g. metric_of(auc<double>(direction::higher_is_riskier)).
template <class Accumulator>
auto metric_of(Accumulator prototype) {
  return [prototype](const auto& s) {
    Accumulator a = prototype;
    a.fill(s.score, s.bad, s.weight);
    return static_cast<double>(a.value());
  };
}

/// Bootstrap interval of `metric` (a callable double(const sample<Real>&)) over the rows.
/// Throws credo.metrics.length_mismatch, bad_level, credo.metrics.bad_replicates (fewer than 2).
template <class Real, class Metric>
  requires std::invocable<Metric&, const sample<Real>&>
bootstrap_result bootstrap(Metric metric, sample<Real> rows, std::uint64_t seed, const bootstrap_options& opt = {}) {
  detail::check_lengths("bootstrap", rows.score.size(), rows.bad.size(), rows.weight.size());
  detail::check_level("bootstrap", opt.level);
  if (opt.replicates < 2)
    CREDO_THROW(invalid_input, "credo.metrics.bad_replicates", "bootstrap: " + std::to_string(opt.replicates) +
                                                              " replicates; at least 2 are needed");
  std::vector<std::size_t> cls[2];
  for (std::size_t i = 0; i < rows.bad.size(); ++i) cls[rows.bad[i] ? 1 : 0].push_back(i);
  bootstrap_result r;
  r.ci.level = opt.level;
  r.ci.estimate = static_cast<double>(metric(rows));
  std::mt19937_64 gen(seed);
  const std::size_t n = rows.score.size();
  std::vector<Real> s(n), w(rows.weight.empty() ? 0 : n);
  std::vector<std::uint8_t> b(n);
  r.replicates.reserve(opt.replicates);
  for (std::size_t rep = 0; rep < opt.replicates; ++rep) {
    std::size_t at = 0;
    for (int c = 0; c < 2; ++c) {
      const auto& idx = cls[c];
      for (std::size_t k = 0; k < idx.size(); ++k, ++at) {
        const std::size_t i = idx[credo::detail::uniform_below(gen, idx.size())];
        s[at] = rows.score[i];
        b[at] = static_cast<std::uint8_t>(c);
        if (!w.empty()) w[at] = rows.weight[i];
      }
    }
    r.replicates.push_back(static_cast<double>(metric(sample<Real>{s, b, w})));
  }
  std::vector<double> sorted = r.replicates;
  std::sort(sorted.begin(), sorted.end());
  const double alpha = 1 - opt.level;
  r.ci.lower = credo::detail::percentile(sorted, alpha / 2);
  r.ci.upper = credo::detail::percentile(sorted, 1 - alpha / 2);
  double mean = 0;
  for (double x : sorted) mean += x;
  mean /= static_cast<double>(sorted.size());
  double ss = 0;
  for (double x : sorted) ss += (x - mean) * (x - mean);
  r.standard_error = std::sqrt(ss / static_cast<double>(sorted.size() - 1));
  return r;
}

}  // namespace credo::metrics
