// Seeded bootstrap intervals for any fairness measure (Efron & Tibshirani 1993, ch. 13,
// the percentile interval, type 7 quantiles). Deterministic for a seed: the generator is
// std::mt19937_64, whose sequence the C++ standard fixes, with the unbiased index draw and
// the percentile of credo::metrics' bootstrap (not std::uniform_int_distribution, whose
// output differs between standard libraries). Unlike the metrics bootstrap, which keeps the
// bad/good split, this one resamples within groups, so every group keeps its size.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/sampling.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/metrics/bootstrap.hpp>
#include <credo/metrics/common.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <vector>

namespace credo::fairness {

struct bootstrap_options {
  std::size_t replicates = 1000;
  std::uint64_t seed = 20120601;
  double confidence = 0.95;
};

struct bootstrap_result {
  credo::metrics::interval ci;  // estimate on the data as given; percentile bounds
  double standard_error = std::numeric_limits<double>::quiet_NaN();  // sd of the replicates
  std::size_t replicates = 0;   // replicates with a defined (non-NaN) statistic
  std::size_t undefined = 0;    // replicates whose statistic was NaN (left out)
};

/// Bootstrap of `statistic(const group_counts<Real>&) -> Real` at `cutoff`. Rows are drawn
/// with replacement within each hard group (a stratified bootstrap: every replicate keeps
/// each group's raw size, so no group goes empty); with soft groups, from all rows. A row
/// keeps its weight. Replicates whose statistic is NaN are counted in `undefined` and left
/// out of the interval.
template <class Real, class Statistic>
  requires std::invocable<Statistic&, const group_counts<Real>&>
bootstrap_result bootstrap(const group_assignment& groups, std::span<const Real> scores,
                                 std::span<const std::uint8_t> bad, std::span<const double> weights,
                                 Real cutoff, Statistic statistic, const bootstrap_options& opt = {},
                                 std::vector<Real> bands = {}) {
  detail::check_rows<Real>(groups, scores, bad, weights);
  if (opt.replicates < 2)
    CREDO_THROW(invalid_input, "credo.fairness.bad_replicates",
                "bootstrap needs at least 2 replicates, got " + std::to_string(opt.replicates));
  if (!(opt.confidence > 0 && opt.confidence < 1))
    CREDO_THROW(invalid_input, "credo.fairness.bad_confidence",
                "confidence " + std::to_string(opt.confidence) + " is not in (0, 1)");
  bootstrap_result res;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  res.ci = {static_cast<double>(statistic(count_groups<Real>(groups, scores, bad, weights, cutoff, bands))),
            nan, nan, opt.confidence};
  std::vector<std::vector<std::size_t>> strata;
  if (groups.is_soft()) {
    strata.resize(1);
    for (std::size_t r = 0; r < groups.rows(); ++r) strata[0].push_back(r);
  } else {
    strata.resize(groups.groups());
    for (std::size_t r = 0; r < groups.rows(); ++r)
      strata[static_cast<std::size_t>(groups.group_of(r))].push_back(r);
  }
  std::mt19937_64 rng(opt.seed);
  std::vector<double> values;
  values.reserve(opt.replicates);
  for (std::size_t b = 0; b < opt.replicates; ++b) {
    group_counts<Real> acc(groups.names(), cutoff, bands);
    for (const auto& s : strata)
      for (std::size_t i = 0; i < s.size(); ++i) {
        const std::size_t r = s[credo::detail::uniform_below(rng, s.size())];
        const Real w = weights.empty() ? Real(1) : static_cast<Real>(weights[r]);
        if (groups.is_soft())
          acc(groups.membership(r), scores[r], bad[r] != 0, w);
        else
          acc(static_cast<std::size_t>(groups.group_of(r)), scores[r], bad[r] != 0, w);
      }
    const auto v = static_cast<double>(statistic(acc));
    if (std::isnan(v))
      ++res.undefined;
    else
      values.push_back(v);
  }
  res.replicates = values.size();
  if (values.size() < 2) return res;  // bounds and standard error stay NaN
  std::sort(values.begin(), values.end());
  const double alpha = 1 - opt.confidence;
  res.ci.lower = credo::detail::percentile(values, alpha / 2);
  res.ci.upper = credo::detail::percentile(values, 1 - alpha / 2);
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  res.standard_error = std::sqrt(ss / static_cast<double>(values.size() - 1));
  return res;
}

}  // namespace credo::fairness
