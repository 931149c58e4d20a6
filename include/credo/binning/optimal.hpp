// The exact optimal binning: the contiguous partition of n ordered pre-bins into groups that
// maximises the IV subject to a trend of the event rate, a maximum number of groups, and a
// minimum weight, goods and bads per group.
//
// Formulation (dynamic programming over contiguous partitions; cf. Navas-Palencia 2020,
// "Optimal binning: mathematical programming formulation", which solves the same problem
// as a mixed-integer program). Let group (s, e) be pre-bins s..e, with weighted goods g and
// bads b, IV term v(s, e) = (g/G − b/B)·ln((g/G)/(b/B)) and event rate r(s, e) = b/(g+b).
// Because the IV is a sum over groups and every constraint involves one group or two
// adjacent groups, the state
//     (k = groups so far, s = start of the last group, e = its end, p = phase)
// carries all that a further group needs to know:
//     V(1, 0, e, 0)        = v(0, e)                              if (0, e) is admissible
//     V(k+1, e+1, e', p')  = max over s, p of V(k, s, e, p) + v(e+1, e')
//                            if (e+1, e') is admissible and r(s, e) → r(e+1, e') moves
//                            from phase p to p' under the trend,
// and the optimum is max over k ≤ K, s, p of V(k, s, n−1, p). Phases: ascending and
// descending use one phase; peak is phase 0 while rising and 1 once falling (never back);
// valley the mirror. Adjacent rates must differ strictly under every trend but `none`.
// Two constraints of optbinning's OptimalBinning between adjacent groups fit the same step:
// the event rates differ by at least min_event_rate_diff (|r' − r| ≥ d), and the two-proportion
// z-test of the two groups has a p-value of at most max_pvalue (analysis.hpp; optbinning's
// max_pvalue with max_pvalue_policy "consecutive", model_data.find_pvalue_violation_indices).
// Time O(K·n³), memory O(K·n²). With max_pvalue_policy "all" every pair of groups must pass
// the test, which the state above cannot carry: that case is solved exactly by a depth-first
// search over the groups from the left, pruned by an upper bound (the best IV of the rest
// without the trend and the tests, a suffix maximum over contiguous partitions), exponential in
// the worst case. The answer equals that of enumerating all 2^(n−1)
// partitions (tests/binning/test_optimal.cpp checks this on random problems).
#pragma once

#include <credo/binning/analysis.hpp>
#include <credo/binning/options.hpp>
#include <credo/fwd.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace credo::binning {

/// Weighted goods and bads and the row count of one pre-bin (or of a group of them).
struct prebin {
  double goods = 0;
  double bads = 0;
  std::uint64_t rows = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(goods, bads, rows);
  }
  prebin& operator+=(const prebin& o) noexcept {
    goods += o.goods;
    bads += o.bads;
    rows += o.rows;
    return *this;
  }
  double weight() const noexcept { return goods + bads; }
  friend bool operator==(const prebin&, const prebin&) = default;
};

/// The constraints of one optimal partition.
struct partition_constraints {
  monotonic_trend trend = monotonic_trend::automatic;
  std::size_t max_bins = 0;  ///< at most this many groups; 0 = no limit
  double min_weight = 0;     ///< goods + bads of a group, at least
  double min_goods = 0;      ///< goods of a group, at least (and always > 0)
  double min_bads = 0;       ///< bads of a group, at least (and always > 0)
  double total_goods = 0;    ///< G: the column's goods, missing and special bins included
  double total_bads = 0;     ///< B
  double min_rate_diff = 0;  ///< adjacent groups' event rates differ by at least this
  double max_pvalue = 1;     ///< adjacent groups' z-test p-value at most this (1: no test)
  bool pvalue_all = false;   ///< the test binds every pair of groups, not only adjacent ones
};

/// The optimum: groups as exclusive end indices (the last is n), its IV and the trend used.
struct partition {
  std::vector<std::size_t> ends;
  double iv = 0;
  bool feasible = false;  ///< false: no partition meets the constraints (ends is empty)
  monotonic_trend trend = monotonic_trend::none;
};

namespace detail {

/// IV term of a group: (g/G − b/B)·ln((g/G)/(b/B)); g, b > 0.
inline double iv_term(double g, double b, double G, double B) noexcept {
  const double pg = g / G, pb = b / B;
  return (pg - pb) * std::log(pg / pb);
}

/// Whether a group with event rate `next` may follow one with rate `prev` in phase `phase`
/// under `trend`; sets the phase after it.
inline bool trend_allows(monotonic_trend trend, int phase, double prev, double next,
                         int& next_phase) noexcept {
  next_phase = phase;
  switch (trend) {
    case monotonic_trend::none: return true;
    case monotonic_trend::ascending: return next > prev;
    case monotonic_trend::descending: return next < prev;
    case monotonic_trend::peak:
      if (phase == 0 && next > prev) return true;
      next_phase = 1;
      return next < prev;
    case monotonic_trend::valley:
      if (phase == 0 && next < prev) return true;
      next_phase = 1;
      return next > prev;
    case monotonic_trend::automatic: break;
  }
  return false;
}

/// Sums, rates, IV terms and admissibility of every group (s, e), s ≤ e, at s·n + e. Sums are
/// accumulated from s upwards, so equal inputs give bit-equal sums whatever the caller.
struct group_table {
  std::size_t n = 0;
  std::vector<double> rate, iv, goods, bads;
  std::vector<char> ok;

  group_table(std::span<const prebin> pre, const partition_constraints& c)
      : n(pre.size()), rate(n * n, 0.0), iv(n * n, 0.0), goods(n * n, 0.0), bads(n * n, 0.0), ok(n * n, 0) {
    for (std::size_t s = 0; s < n; ++s) {
      double g = 0, b = 0;
      for (std::size_t e = s; e < n; ++e) {
        g += pre[e].goods;
        b += pre[e].bads;
        const std::size_t i = s * n + e;
        if (g > 0 && b > 0 && g >= c.min_goods && b >= c.min_bads && g + b >= c.min_weight) {
          ok[i] = 1;
          goods[i] = g;
          bads[i] = b;
          rate[i] = b / (g + b);
          iv[i] = iv_term(g, b, c.total_goods, c.total_bads);
        }
      }
    }
  }
};

/// Whether groups `a` and `b` (indices s·n + e of a group_table) pass the rate-difference and
/// z-test constraints of `c`. A p-value equal to max_pvalue passes (optbinning refuses |z| below
/// the critical value only).
inline bool groups_differ(const partition_constraints& c, const group_table& gt, std::size_t a,
                          std::size_t b) noexcept {
  if (c.min_rate_diff > 0 && !(std::abs(gt.rate[b] - gt.rate[a]) >= c.min_rate_diff)) return false;
  if (c.max_pvalue < 1 &&
      !(two_proportion_test(gt.goods[a], gt.bads[a], gt.goods[b], gt.bads[b]).p_value <= c.max_pvalue))
    return false;
  return true;
}

/// max_pvalue_policy "all": depth-first search (see the file comment).
class pairwise_search {
public:
  pairwise_search(const group_table& gt, const partition_constraints& c, monotonic_trend trend, std::size_t K)
      : gt_(gt), c_(c), trend_(trend), K_(K), n_(gt.n), bound_(gt.n + 1, none) {
    bound_[n_] = 0;
    for (std::size_t s = n_; s-- > 0;)
      for (std::size_t e = s; e < n_; ++e)
        if (gt_.ok[s * n_ + e] && bound_[e + 1] != none) bound_[s] = std::max(bound_[s], gt_.iv[s * n_ + e] + bound_[e + 1]);
  }

  partition run() {
    go(0, 0, 0.0);
    partition out;
    out.trend = trend_;
    if (best_ == none) return out;
    out.feasible = true;
    out.iv = best_;
    out.ends = best_ends_;
    return out;
  }

private:
  static constexpr double none = -std::numeric_limits<double>::infinity();

  void go(std::size_t s, int phase, double value) {
    if (s == n_) {
      if (value > best_) {
        best_ = value;
        best_ends_.clear();
        for (auto g : groups_) best_ends_.push_back(g % n_ + 1);
      }
      return;
    }
    if (groups_.size() == K_ || bound_[s] == none || !(value + bound_[s] > best_)) return;
    for (std::size_t e = s; e < n_; ++e) {
      const std::size_t g = s * n_ + e;
      if (!gt_.ok[g]) continue;
      int next_phase = 0;
      if (!groups_.empty()) {
        const std::size_t last = groups_.back();
        if (!trend_allows(trend_, phase, gt_.rate[last], gt_.rate[g], next_phase)) continue;
        if (c_.min_rate_diff > 0 && !(std::abs(gt_.rate[g] - gt_.rate[last]) >= c_.min_rate_diff)) continue;
        bool pass = true;
        for (auto h : groups_)
          if (!(two_proportion_test(gt_.goods[h], gt_.bads[h], gt_.goods[g], gt_.bads[g]).p_value <= c_.max_pvalue)) {
            pass = false;
            break;
          }
        if (!pass) continue;
      }
      groups_.push_back(g);
      go(e + 1, next_phase, value + gt_.iv[g]);
      groups_.pop_back();
    }
  }

  const group_table& gt_;
  const partition_constraints& c_;
  monotonic_trend trend_;
  std::size_t K_, n_;
  std::vector<double> bound_;  // best IV of pre-bins s..n−1 without trend or tests
  std::vector<std::size_t> groups_;
  double best_ = none;
  std::vector<std::size_t> best_ends_;
};

inline partition solve_trend(std::span<const prebin> pre, const partition_constraints& c,
                             monotonic_trend trend) {
  partition out;
  out.trend = trend;
  const std::size_t n = pre.size();
  if (n == 0) return out;
  const group_table gt(pre, c);
  const std::size_t K = c.max_bins == 0 ? n : std::min(c.max_bins, n);
  if (c.pvalue_all && c.max_pvalue < 1) return pairwise_search(gt, c, trend, K).run();
  constexpr double none = -std::numeric_limits<double>::infinity();
  // State (k, s, e, p) at ((k·n + s)·n + e)·2 + p; k counts groups minus one.
  auto at = [n](std::size_t k, std::size_t s, std::size_t e, int p) {
    return ((k * n + s) * n + e) * 2 + static_cast<std::size_t>(p);
  };
  std::vector<double> value(K * n * n * 2, none);
  std::vector<std::int32_t> back_s(value.size(), -1);
  std::vector<std::int8_t> back_p(value.size(), 0);
  for (std::size_t e = 0; e < n; ++e)
    if (gt.ok[e]) value[at(0, 0, e, 0)] = gt.iv[e];
  for (std::size_t e = 0; e + 1 < n; ++e)
    for (std::size_t k = 0; k + 1 < K; ++k)
      for (std::size_t s = 0; s <= e; ++s)
        for (int p = 0; p < 2; ++p) {
          const double v = value[at(k, s, e, p)];
          if (v == none) continue;
          const double prev_rate = gt.rate[s * n + e];
          for (std::size_t e2 = e + 1; e2 < n; ++e2) {
            const std::size_t g = (e + 1) * n + e2;
            if (!gt.ok[g]) continue;
            int p2 = 0;
            if (!trend_allows(trend, p, prev_rate, gt.rate[g], p2)) continue;
            if (!groups_differ(c, gt, s * n + e, g)) continue;
            const double cand = v + gt.iv[g];
            const std::size_t to = at(k + 1, e + 1, e2, p2);
            if (cand > value[to]) {
              value[to] = cand;
              back_s[to] = static_cast<std::int32_t>(s);
              back_p[to] = static_cast<std::int8_t>(p);
            }
          }
        }
  double best = none;
  std::size_t bk = 0, bs = 0;
  int bp = 0;
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t s = 0; s < n; ++s)
      for (int p = 0; p < 2; ++p)
        if (value[at(k, s, n - 1, p)] > best) {
          best = value[at(k, s, n - 1, p)];
          bk = k;
          bs = s;
          bp = p;
        }
  if (best == none) return out;
  out.feasible = true;
  out.iv = best;
  std::vector<std::size_t> ends{n};
  std::size_t e = n - 1, s = bs, k = bk;
  int p = bp;
  while (k > 0) {
    const std::size_t i = at(k, s, e, p);
    ends.push_back(s);
    e = s - 1;
    s = static_cast<std::size_t>(back_s[i]);
    p = back_p[i];
    --k;
  }
  out.ends.assign(ends.rbegin(), ends.rend());
  return out;
}

}  // namespace detail

/// The contiguous partition of `pre` that maximises the IV under `c` (exact; see above).
/// `automatic` solves ascending and descending and keeps the higher IV (ties: ascending).
inline partition optimal_partition(std::span<const prebin> pre, const partition_constraints& c) {
  if (c.trend != monotonic_trend::automatic) return detail::solve_trend(pre, c, c.trend);
  auto up = detail::solve_trend(pre, c, monotonic_trend::ascending);
  auto down = detail::solve_trend(pre, c, monotonic_trend::descending);
  if (down.feasible && (!up.feasible || down.iv > up.iv)) return down;
  return up;
}

}  // namespace credo::binning
