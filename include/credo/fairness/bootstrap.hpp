// Seeded bootstrap intervals for any fairness measure (Efron & Tibshirani 1993, ch. 13,
// the percentile interval). Deterministic for a seed: the generator is std::mt19937_64,
// whose sequence the C++ standard fixes, and indices are drawn by rejection rather than
// through std::uniform_int_distribution, whose output differs between standard libraries.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/intervals.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/groups.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace credo::fairness {

struct bootstrap_options {
  std::size_t replicates = 1000;
  std::uint64_t seed = 20120601;
  double confidence = 0.95;
};

template <class Real = double>
struct bootstrap_result {
  Real estimate = 0;                 // the statistic on the data as given
  credo::detail::interval<Real> ci;  // percentile interval of the replicates
  Real standard_error = 0;           // standard deviation of the replicates (n − 1)
  std::size_t replicates = 0;        // replicates with a defined (non-NaN) statistic
  std::size_t undefined = 0;         // replicates whose statistic was NaN (left out)
};

namespace detail {

/// A uniform index in [0, n) from a 64-bit generator, the same on every platform: draws
/// x until it is at least 2^64 mod n, so that the accepted range holds a whole number of
/// periods of n, then x mod n (unbiased; the OpenBSD arc4random_uniform method).
inline std::uint64_t uniform_index(std::mt19937_64& rng, std::uint64_t n) {
  const std::uint64_t reject_from = (std::uint64_t(0) - n) % n;  // 2^64 mod n
  while (true) {
    const std::uint64_t x = rng();
    if (x >= reject_from) return x % n;
  }
}

/// Quantile of sorted values by linear interpolation (Hyndman & Fan 1996 type 7; numpy's
/// default).
template <class Real>
Real quantile_sorted(const std::vector<Real>& v, double q) {
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return static_cast<Real>(v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]));
}

}  // namespace detail

/// Bootstrap of `statistic(const group_counts<Real>&) -> Real` at `cutoff`. Rows are drawn
/// with replacement within each hard group (a stratified bootstrap: every replicate keeps
/// each group's raw size, so no group goes empty); with soft groups, from all rows. A row
/// keeps its weight. Replicates whose statistic is NaN are counted in `undefined` and left
/// out of the interval.
template <class Real, class Statistic>
  requires std::invocable<Statistic&, const group_counts<Real>&>
bootstrap_result<Real> bootstrap(const group_assignment& groups, std::span<const Real> scores,
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
  bootstrap_result<Real> res;
  res.estimate = static_cast<Real>(
      statistic(count_groups<Real>(groups, scores, bad, weights, cutoff, bands)));
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
  std::vector<Real> values;
  values.reserve(opt.replicates);
  for (std::size_t b = 0; b < opt.replicates; ++b) {
    group_counts<Real> acc(groups.names(), cutoff, bands);
    for (const auto& s : strata)
      for (std::size_t i = 0; i < s.size(); ++i) {
        const std::size_t r = s[detail::uniform_index(rng, s.size())];
        const Real w = weights.empty() ? Real(1) : static_cast<Real>(weights[r]);
        if (groups.is_soft())
          acc(groups.membership(r), scores[r], bad[r] != 0, w);
        else
          acc(static_cast<std::size_t>(groups.group_of(r)), scores[r], bad[r] != 0, w);
      }
    const Real v = static_cast<Real>(statistic(acc));
    if (std::isnan(v))
      ++res.undefined;
    else
      values.push_back(v);
  }
  res.replicates = values.size();
  if (values.size() < 2) return res;  // interval and standard error stay NaN / 0
  std::sort(values.begin(), values.end());
  const double alpha = 1 - opt.confidence;
  res.ci = {detail::quantile_sorted(values, alpha / 2), detail::quantile_sorted(values, 1 - alpha / 2)};
  double mean = 0;
  for (Real v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double ss = 0;
  for (Real v : values) ss += (v - mean) * (v - mean);
  res.standard_error = static_cast<Real>(std::sqrt(ss / static_cast<double>(values.size() - 1)));
  return res;
}

}  // namespace credo::fairness
