// Binning one column of a table: fixed cuts, distinct values, equal-frequency pre-bins,
// ChiMerge and the exact optimal binning. Each returns the column's binning_table, which
// holds its bins.
//
// Numeric columns. NaN rows go to the missing bin and rows equal to a special value to
// that value's bin; the other ("binned") rows are pre-binned: one pre-bin per distinct value
// when there are at most max_n_prebins of them, otherwise at the quantiles j/q, j = 1..q−1,
// q = max_n_prebins (the value at sorted position floor(j·n/q), found with nth_element, no
// full sort); pre-bins with fewer than floor(min_prebin_size·n) rows are merged with their
// smaller neighbour. Pre-bins are by rows; goods and bads are weighted.
//
// Categorical columns. Categories are ordered by event rate (ties: dictionary order);
// those with less than min_category_share of the non-missing rows are first pooled into one
// "other" pre-bin, placed by its own event rate; while there are more than max_n_prebins
// pre-bins, the smallest is merged with its smaller neighbour. Categories without rows in
// training are left out (they go where unseen ones go).
//
// When no partition meets the constraints of the optimal binning (e.g. min_bin_size too
// large), the binned rows form one regular bin.
//
// A numeric column can also be given as spans (values, target, weights) instead of a table:
// fit(name, values, target, weights, options), values float or double, no copy of them.
#pragma once

#include <credo/binning/binning_table.hpp>
#include <credo/binning/bins.hpp>
#include <credo/binning/chimerge.hpp>
#include <credo/binning/optimal.hpp>
#include <credo/binning/options.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/text.hpp>
#include <credo/fwd.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace credo::binning {

namespace detail {

/// The weighted goods G and bads B of a target (1 = bad); empty weights weigh 1 per row.
inline void total_weights(std::span<const std::uint8_t> y, std::span<const double> w, double& G, double& B) {
  G = B = 0;
  for (std::size_t r = 0; r < y.size(); ++r) (y[r] ? B : G) += w.empty() ? 1.0 : w[r];
}

/// Throws credo.binning.no_events / credo.binning.no_non_events unless both classes weigh > 0.
inline void check_classes(std::string_view name, std::span<const std::uint8_t> y, std::span<const double> w) {
  double G = 0, B = 0;
  total_weights(y, w, G, B);
  if (!(B > 0))
    CREDO_THROW(invalid_input, "credo.binning.no_events",
                "column " + credo::detail::quoted(name) + ": no bad in any row; WoE is undefined");
  if (!(G > 0))
    CREDO_THROW(invalid_input, "credo.binning.no_non_events",
                "column " + credo::detail::quoted(name) + ": no good in any row; WoE is undefined");
}

/// Checks what every method needs and returns the column. Throws credo.binning.no_target,
/// credo.binning.empty_table, credo.table.unknown_column, credo.binning.no_events and
/// credo.binning.no_non_events.
inline const column& checked_column(const table& t, std::string_view name) {
  if (!t.has_target())
    CREDO_THROW(invalid_input, "credo.binning.no_target",
                "column " + credo::detail::quoted(name) +
                    ": the table has no target; call set_target before binning");
  if (t.empty())
    CREDO_THROW(invalid_input, "credo.binning.empty_table",
                "column " + credo::detail::quoted(name) + ": the table has no rows");
  const column& c = t[name];
  check_classes(name, t.target(), t.weights());
  return c;
}

/// The checks of checked_column and of the table's set_target / set_weights, for a column
/// given as spans: the same ids (credo.table.length_mismatch, credo.binning.empty_table,
/// credo.table.target_not_binary, credo.table.bad_weight, credo.binning.no_events and
/// credo.binning.no_non_events), messages naming the column.
inline void check_column_view(std::string_view name, std::size_t rows, std::span<const std::uint8_t> y,
                              std::span<const double> w) {
  const std::string where = "column " + credo::detail::quoted(name);
  if (y.size() != rows)
    CREDO_THROW(invalid_input, "credo.table.length_mismatch",
                where + ": the target has " + std::to_string(y.size()) + " rows, the column " +
                    std::to_string(rows));
  if (!w.empty() && w.size() != rows)
    CREDO_THROW(invalid_input, "credo.table.length_mismatch",
                where + ": the weights have " + std::to_string(w.size()) + " rows, the column " +
                    std::to_string(rows));
  if (rows == 0)
    CREDO_THROW(invalid_input, "credo.binning.empty_table", where + ": the column has no rows");
  for (std::size_t r = 0; r < y.size(); ++r)
    if (y[r] > 1)
      CREDO_THROW(invalid_input, "credo.table.target_not_binary",
                  where + ", row " + std::to_string(r) + ": target value " + std::to_string(y[r]) +
                      " is neither 0 nor 1");
  for (std::size_t r = 0; r < w.size(); ++r)
    if (!(std::isfinite(w[r]) && w[r] >= 0))
      CREDO_THROW(invalid_input, "credo.table.bad_weight",
                  where + ", row " + std::to_string(r) + ": weight " +
                      (std::isnan(w[r]) ? std::string("NaN") : credo::detail::format_shortest(w[r])) +
                      " is not a finite number >= 0");
  check_classes(name, y, w);
}

[[noreturn]] inline void constant_column(std::string_view name) {
  CREDO_THROW(invalid_input, "credo.binning.constant_column",
              "column " + credo::detail::quoted(name) +
                  ": fewer than two distinct non-missing values; nothing to bin");
}

/// Which of the intervals (-inf, c1), [c1, c2), ..., [cm, inf) holds v: the number of cuts
/// <= v, by a branch-free binary search over the cuts padded with +inf to 2^k − 1 entries
/// (the compiler turns the step into a conditional move; ~2x faster than upper_bound on
/// random data).
class interval_finder {
public:
  explicit interval_finder(const std::vector<double>& cuts) : m_(cuts.size()) {
    std::size_t p = 1;
    while (p < m_ + 1) p *= 2;
    pad_.assign(p - 1, std::numeric_limits<double>::infinity());
    std::copy(cuts.begin(), cuts.end(), pad_.begin());
    top_ = p / 2;
  }
  std::size_t operator()(double v) const noexcept {
    std::size_t i = 0;
    for (std::size_t step = top_; step > 0; step >>= 1) i += pad_[i + step - 1] <= v ? step : 0;
    return i < m_ ? i : m_;
  }

private:
  std::vector<double> pad_;
  std::size_t m_ = 0, top_ = 0;
};

/// Sets of positions at which `v` (reordered) holds its order statistics, found by
/// recursive nth_element: O(n log q) for q positions.
inline void select_positions(std::vector<double>& v, std::size_t first, std::size_t last,
                             std::span<const std::size_t> pos) {
  if (pos.empty() || first >= last) return;
  const std::size_t m = pos.size() / 2;
  const std::size_t p = pos[m];
  std::nth_element(v.begin() + static_cast<std::ptrdiff_t>(first), v.begin() + static_cast<std::ptrdiff_t>(p),
                   v.begin() + static_cast<std::ptrdiff_t>(last));
  select_positions(v, first, p, pos.first(m));
  select_positions(v, p + 1, last, pos.subspan(m + 1));
}

/// The values at sorted positions `pos` (increasing) of `v` (reordered), exactly. Small
/// inputs: recursive nth_element. Large ones: 128 buckets between quantiles of a strided
/// sample, one counting pass to find the bucket of each position, and nth_element inside
/// the few buckets needed only (about 3 passes over the data instead of ~2·log2(q)).
inline std::vector<double> order_statistics(std::vector<double>& v, const std::vector<std::size_t>& pos) {
  const std::size_t n = v.size();
  std::vector<double> out;
  if (n < 65536) {
    select_positions(v, 0, n, pos);
    for (auto p : pos) out.push_back(v[p]);
    return out;
  }
  constexpr std::size_t buckets = 128, sample_size = 8192;
  std::vector<double> sample;
  sample.reserve(sample_size);
  for (std::size_t i = 0; i < sample_size; ++i) sample.push_back(v[i * (n / sample_size)]);
  std::sort(sample.begin(), sample.end());
  std::vector<double> pivots;
  for (std::size_t b = 1; b < buckets; ++b) pivots.push_back(sample[b * sample_size / buckets]);
  const interval_finder find(pivots);  // bucket b holds [pivot b−1, pivot b)
  std::vector<std::uint8_t> bucket(n);
  std::vector<std::size_t> count(buckets, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto b = static_cast<std::uint8_t>(find(v[i]));
    bucket[i] = b;
    ++count[b];
  }
  std::vector<std::size_t> first(buckets + 1, 0);  // sorted position of each bucket's first value
  for (std::size_t b = 0; b < buckets; ++b) first[b + 1] = first[b] + count[b];
  std::vector<std::size_t> where(pos.size());
  std::vector<char> needed(buckets, 0);
  for (std::size_t k = 0; k < pos.size(); ++k) {
    where[k] = static_cast<std::size_t>(std::upper_bound(first.begin(), first.end(), pos[k]) - first.begin()) - 1;
    needed[where[k]] = 1;
  }
  std::vector<std::vector<double>> part(buckets);
  for (std::size_t b = 0; b < buckets; ++b)
    if (needed[b]) part[b].reserve(count[b]);
  for (std::size_t i = 0; i < n; ++i)
    if (needed[bucket[i]]) part[bucket[i]].push_back(v[i]);
  for (std::size_t k = 0; k < pos.size();) {
    const std::size_t b = where[k];
    std::vector<std::size_t> local;
    for (; k < pos.size() && where[k] == b; ++k) local.push_back(pos[k] - first[b]);
    select_positions(part[b], 0, part[b].size(), local);
    for (auto p : local) out.push_back(part[b][p]);
  }
  return out;
}

/// Numeric pre-binning: cut points of the binned values (see the file comment). `values`
/// is reordered. Throws credo.binning.constant_column.
inline std::vector<double> numeric_prebin_cuts(std::vector<double>& values, std::size_t q,
                                               std::string_view name) {
  if (values.empty()) constant_column(name);
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const double min = *lo, max = *hi;
  if (!(min < max)) constant_column(name);
  // Few distinct values: one pre-bin each.
  std::vector<double> distinct;
  distinct.reserve(q + 1);
  bool few = true;
  for (double x : values) {
    const auto it = std::lower_bound(distinct.begin(), distinct.end(), x);
    if (it != distinct.end() && *it == x) continue;
    if (distinct.size() == q) {
      few = false;
      break;
    }
    distinct.insert(it, x);
  }
  std::vector<double> cuts;
  if (few) {
    cuts.assign(distinct.begin() + 1, distinct.end());
    return cuts;
  }
  const std::size_t n = values.size();
  std::vector<std::size_t> pos;
  for (std::size_t j = 1; j < q; ++j) pos.push_back(j * n / q);
  for (double v : order_statistics(values, pos))
    if (v > min && (cuts.empty() || v > cuts.back())) cuts.push_back(v);
  return cuts;
}

/// Merges the pre-bin with the fewest rows into its smaller neighbour (ties: the left one)
/// while some pre-bin has fewer than `min_rows` rows (or none), or there are more than
/// `max_count`. `cuts[i]` separates pre-bins i and i+1 and is removed with the merge;
/// `members[i]` lists what pre-bin i holds. Either may be empty (not tracked).
inline void merge_small(std::vector<prebin>& pre, std::vector<double>* cuts,
                        std::vector<std::vector<std::size_t>>* members, std::uint64_t min_rows,
                        std::size_t max_count) {
  while (pre.size() > 1) {
    std::size_t smallest = 0;
    for (std::size_t i = 1; i < pre.size(); ++i)
      if (pre[i].rows < pre[smallest].rows) smallest = i;
    const bool too_small = pre[smallest].rows == 0 || pre[smallest].rows < min_rows;
    if (!too_small && pre.size() <= max_count) break;
    std::size_t left;  // merge pre-bins left and left + 1
    if (smallest == 0) left = 0;
    else if (smallest + 1 == pre.size()) left = smallest - 1;
    else left = pre[smallest - 1].rows <= pre[smallest + 1].rows ? smallest - 1 : smallest;
    pre[left] += pre[left + 1];
    pre.erase(pre.begin() + static_cast<std::ptrdiff_t>(left) + 1);
    if (cuts) cuts->erase(cuts->begin() + static_cast<std::ptrdiff_t>(left));
    if (members) {
      auto& m = (*members)[left];
      auto& next = (*members)[left + 1];
      m.insert(m.end(), next.begin(), next.end());
      members->erase(members->begin() + static_cast<std::ptrdiff_t>(left) + 1);
    }
  }
}

/// Groups of pre-bins (exclusive ends) by the method of `o`; optimal falls back to one group.
inline std::vector<std::size_t> group_prebins(std::span<const prebin> pre, const binning_options& o,
                                              monotonic_trend trend, double G, double B) {
  const std::size_t n = pre.size();
  switch (o.method) {
    case binning_method::chimerge:
      return chimerge_partition(pre, chimerge_threshold(o.chimerge_significance),
                                o.max_n_bins.value_or(0));
    case binning_method::optimal: {
      partition_constraints c;
      c.trend = trend;
      c.max_bins = o.max_n_bins.value_or(0);
      c.min_weight = o.min_bin_size * (G + B);
      c.min_goods = o.min_bin_n_good;
      c.min_bads = o.min_bin_n_bad;
      c.total_goods = G;
      c.total_bads = B;
      c.min_rate_diff = o.min_event_rate_diff;
      c.max_pvalue = o.max_pvalue.value_or(1.0);
      c.pvalue_all = o.max_pvalue_policy == pvalue_policy::all;
      auto p = optimal_partition(pre, c);
      if (p.feasible) return p.ends;
      return {n};
    }
    default: {
      std::vector<std::size_t> ends(n);
      std::iota(ends.begin(), ends.end(), std::size_t{1});
      return ends;
    }
  }
}

/// The smallest and largest binned value of each class: whether a threshold separates the
/// goods from the bads (every good below every bad, or above). The optimal binning cannot keep
/// a bin without goods or bads, so such a column would otherwise look useless (one bin, IV 0)
/// instead of too good. An accumulator: rows of zero weight are left out by the caller.
struct class_extremes {
  double good_lo = std::numeric_limits<double>::infinity(), good_hi = -std::numeric_limits<double>::infinity();
  double bad_lo = std::numeric_limits<double>::infinity(), bad_hi = -std::numeric_limits<double>::infinity();

  void operator()(double v, bool bad) noexcept {
    if (bad) bad_lo = std::min(bad_lo, v), bad_hi = std::max(bad_hi, v);
    else good_lo = std::min(good_lo, v), good_hi = std::max(good_hi, v);
  }
  class_extremes& operator+=(const class_extremes& o) noexcept {
    good_lo = std::min(good_lo, o.good_lo), good_hi = std::max(good_hi, o.good_hi);
    bad_lo = std::min(bad_lo, o.bad_lo), bad_hi = std::max(bad_hi, o.bad_hi);
    return *this;
  }
  friend bool operator==(const class_extremes&, const class_extremes&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(good_lo, good_hi, bad_lo, bad_hi);
  }

  /// How a threshold separates the classes, or "" when none does (or a class has no row).
  std::string separation() const {
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (good_lo == inf || bad_lo == inf) return {};
    char how[160];
    if (good_hi < bad_lo)
      std::snprintf(how, sizeof how, "every good is at most %.6g and every bad at least %.6g", good_hi, bad_lo);
    else if (bad_hi < good_lo)
      std::snprintf(how, sizeof how, "every bad is at most %.6g and every good at least %.6g", bad_hi, good_lo);
    else
      return {};
    return how;
  }
};

/// The pre-bin slot of a numeric value: 0..m the intervals of the m cuts, then one per
/// special value, then missing (NaN).
class numeric_slots {
public:
  numeric_slots(const std::vector<double>& cuts, const std::vector<double>& specials)
      : find_(cuts), specials_(specials), m_(cuts.size()) {}
  std::size_t count() const noexcept { return m_ + specials_.size() + 2; }
  std::size_t special_index(double v) const noexcept {
    for (std::size_t i = 0; i < specials_.size(); ++i)
      if (specials_[i] == v) return i;
    return specials_.size();
  }
  /// Whether a value is binned by the cuts (neither missing nor special).
  bool binned(double v) const noexcept { return !std::isnan(v) && special_index(v) == specials_.size(); }
  std::size_t operator()(double v) const noexcept {
    if (std::isnan(v)) return count() - 1;
    if (!specials_.empty())
      if (const auto s = special_index(v); s < specials_.size()) return m_ + 1 + s;
    return find_(v);
  }

private:
  interval_finder find_;
  std::vector<double> specials_;
  std::size_t m_;
};

/// The rest of numeric binning once the pre-bins are counted, shared by the in-memory and the
/// streamed binning: `all` holds the slots of numeric_slots(cuts, specials); G and B the
/// column's weighted goods and bads. Merges small pre-bins, groups them by the method, and
/// builds the table (flagged when `extremes` separate the classes).
inline binning_table finish_numeric(const std::string& column_name, std::vector<double> cuts,
                                    const std::vector<prebin>& all, double G, double B, const binning_options& o,
                                    const class_extremes& extremes) {
  const auto& specials = o.special_values;
  const std::size_t m = cuts.size();
  std::vector<prebin> pre(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(m + 1));
  std::vector<prebin> special(all.begin() + static_cast<std::ptrdiff_t>(m + 1), all.end() - 1);
  const prebin missing = all.back();
  std::vector<std::size_t> ends;
  if (o.method == binning_method::fixed || o.method == binning_method::distinct) {
    ends.resize(pre.size());
    std::iota(ends.begin(), ends.end(), std::size_t{1});
  } else {
    std::uint64_t n = 0;
    for (const auto& p : pre) n += p.rows;
    merge_small(pre, &cuts, nullptr,
                static_cast<std::uint64_t>(std::floor(o.min_prebin_size * static_cast<double>(n))),
                pre.size());
    ends = group_prebins(pre, o, o.trend, G, B);
  }
  std::vector<double> final_cuts;
  for (std::size_t j = 0; j + 1 < ends.size(); ++j) final_cuts.push_back(cuts[ends[j] - 1]);
  auto b = bins::numeric(std::move(final_cuts), specials, column_name);
  bin_counts counts(b.size());
  std::size_t start = 0;
  for (std::size_t j = 0; j < ends.size(); ++j) {
    for (std::size_t i = start; i < ends[j]; ++i) counts.add(j, pre[i].goods, pre[i].bads, pre[i].rows);
    start = ends[j];
  }
  for (std::size_t s = 0; s < special.size(); ++s)
    counts.add(b.special_bin(s), special[s].goods, special[s].bads, special[s].rows);
  counts.add(b.missing_bin(), missing.goods, missing.bads, missing.rows);
  binning_table table(column_name, std::move(b), counts, o.zero_cells);
  if (auto how = extremes.separation(); !how.empty()) table.set_separation(how);
  return table;
}

/// Bins numeric column `name`: values x (NaN = missing), target y (1 = bad), weights w
/// (empty: 1 per row), all checked by the caller. Value is float or double; every value is
/// converted to double exactly, so float values give the bins their doubles would. The
/// working copy of the binned values is double (8 bytes a row while the column is binned).
template <class Value>
binning_table bin_numeric(std::string_view name, std::span<const Value> x, std::span<const std::uint8_t> y,
                          std::span<const double> w, const binning_options& o) {
  static_assert(std::is_same_v<Value, float> || std::is_same_v<Value, double>,
                "credo::binning: numeric values must be float or double");
  const std::string column_name(name);
  const auto& specials = o.special_values;
  auto special_index = [&](double v) -> std::size_t {
    for (std::size_t i = 0; i < specials.size(); ++i)
      if (specials[i] == v) return i;
    return specials.size();
  };
  std::vector<double> cuts;
  if (o.method == binning_method::fixed) {
    cuts = o.cuts;
    (void)bins::numeric(cuts, specials, column_name);  // validates cuts and specials first
  } else {
    (void)bins::numeric({}, specials, column_name);
  }
  if (o.method != binning_method::fixed) {
    std::vector<double> binned;
    binned.reserve(x.size());
    for (const double v : x)
      if (!std::isnan(v) && (specials.empty() || special_index(v) == specials.size())) binned.push_back(v);
    if (o.method == binning_method::distinct) {
      std::sort(binned.begin(), binned.end());
      binned.erase(std::unique(binned.begin(), binned.end()), binned.end());
      if (binned.size() < 2) constant_column(column_name);
      cuts.assign(binned.begin() + 1, binned.end());
    } else {
      cuts = numeric_prebin_cuts(binned, o.max_n_prebins, column_name);
    }
  } else {
    bool seen = false, two = false;
    double first = 0;
    for (const double v : x)
      if (!std::isnan(v) && special_index(v) == specials.size()) {
        if (!seen) first = v, seen = true;
        else if (v != first) { two = true; break; }
      }
    if (!two) constant_column(column_name);
  }
  // Count pre-bins (or the fixed bins), special values and missing.
  const numeric_slots slot_of(cuts, specials);
  const std::size_t slots = slot_of.count();
  std::vector<prebin> all(slots);
  class_extremes extremes;
  if (w.empty()) {
    std::vector<std::uint64_t> n(2 * slots, 0);  // (slot, bad) row counts
    for (std::size_t r = 0; r < x.size(); ++r) ++n[2 * slot_of(x[r]) + (y[r] ? 1 : 0)];
    for (std::size_t k = 0; k < slots; ++k)
      all[k] = {static_cast<double>(n[2 * k]), static_cast<double>(n[2 * k + 1]), n[2 * k] + n[2 * k + 1]};
  } else {
    for (std::size_t r = 0; r < x.size(); ++r) {
      prebin& p = all[slot_of(x[r])];
      (y[r] ? p.bads : p.goods) += w[r];
      ++p.rows;
    }
  }
  for (std::size_t r = 0; r < x.size(); ++r)
    if (slot_of.binned(x[r]) && (w.empty() || w[r] > 0)) extremes(x[r], y[r] != 0);
  double G = 0, B = 0;
  total_weights(y, w, G, B);
  return finish_numeric(column_name, std::move(cuts), all, G, B, o, extremes);
}

/// The rest of categorical binning once each category is counted, shared by the in-memory and
/// the streamed binning: `cat[k]` counts label `dict[k]` (dictionary order breaks ties of the
/// event-rate order), `missing` the missing cells; G and B the column's weighted goods and bads.
inline binning_table finish_categorical(const std::string& name, const std::vector<std::string>& dict,
                                        const std::vector<prebin>& cat, const prebin& missing, double G, double B,
                                        const binning_options& o) {
  std::vector<std::size_t> present;
  std::uint64_t n = 0;
  for (std::size_t k = 0; k < cat.size(); ++k)
    if (cat[k].rows > 0) {
      present.push_back(k);
      n += cat[k].rows;
    }
  if (present.size() < 2) constant_column(name);

  std::vector<prebin> pre;
  std::vector<std::vector<std::size_t>> members;
  std::vector<std::size_t> ends;
  if (o.method == binning_method::distinct) {
    for (auto k : present) {
      pre.push_back(cat[k]);
      members.push_back({k});
    }
    ends.resize(pre.size());
    std::iota(ends.begin(), ends.end(), std::size_t{1});
  } else {
    const double cutoff = o.min_category_share * static_cast<double>(n);
    prebin other;
    std::vector<std::size_t> other_members;
    for (auto k : present) {
      if (static_cast<double>(cat[k].rows) < cutoff) {
        other += cat[k];
        other_members.push_back(k);
      } else {
        pre.push_back(cat[k]);
        members.push_back({k});
      }
    }
    if (!other_members.empty()) {
      pre.push_back(other);
      members.push_back(other_members);
    }
    auto rate = [](const prebin& p) { return p.weight() > 0 ? p.bads / p.weight() : 0.0; };
    std::vector<std::size_t> order(pre.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rate(pre[a]) < rate(pre[b]); });
    std::vector<prebin> sorted_pre;
    std::vector<std::vector<std::size_t>> sorted_members;
    for (auto i : order) {
      sorted_pre.push_back(pre[i]);
      sorted_members.push_back(members[i]);
    }
    pre = std::move(sorted_pre);
    members = std::move(sorted_members);
    merge_small(pre, nullptr, &members, 0, o.max_n_prebins);
    const auto trend =
        o.trend == monotonic_trend::none ? monotonic_trend::none : monotonic_trend::ascending;
    ends = group_prebins(pre, o, trend, G, B);
  }
  std::vector<std::vector<std::string>> groups;
  std::vector<prebin> group_counts;
  std::size_t start = 0;
  for (auto e : ends) {
    std::vector<std::string> labels;
    prebin sum;
    for (std::size_t i = start; i < e; ++i) {
      for (auto k : members[i]) labels.push_back(dict[k]);
      sum += pre[i];
    }
    groups.push_back(std::move(labels));
    group_counts.push_back(sum);
    start = e;
  }
  auto b = bins::categorical(std::move(groups), o.unseen, name);
  bin_counts counts(b.size());
  for (std::size_t j = 0; j < group_counts.size(); ++j)
    counts.add(j, group_counts[j].goods, group_counts[j].bads, group_counts[j].rows);
  counts.add(b.missing_bin(), missing.goods, missing.bads, missing.rows);
  binning_table table(name, std::move(b), counts, o.zero_cells);
  // Every category holding only goods or only bads: the categories name the outcome.
  bool pure = true, goods = false, bads = false;
  for (auto k : present) {
    pure = pure && (cat[k].goods == 0 || cat[k].bads == 0);
    goods = goods || cat[k].goods > 0;
    bads = bads || cat[k].bads > 0;
  }
  if (pure && goods && bads) table.set_separation("each category holds only goods or only bads");
  return table;
}


/// Throws credo.binning.wrong_kind for options that need a numeric column.
inline void check_categorical_options(std::string_view name, const binning_options& o) {
  if (o.method == binning_method::fixed)
    CREDO_THROW(invalid_input, "credo.binning.wrong_kind",
                "column " + credo::detail::quoted(name) +
                    " is categorical; fixed cut points need a numeric column");
  if (!o.special_values.empty())
    CREDO_THROW(invalid_input, "credo.binning.wrong_kind",
                "column " + credo::detail::quoted(name) +
                    " is categorical; special values apply to numeric columns only");
}

inline binning_table bin_categorical(const table& t, const column& c, const binning_options& o) {
  check_categorical_options(c.name(), o);
  const auto codes = c.codes();
  const auto y = t.target();
  const auto w = t.weights();
  std::vector<prebin> cat(c.dictionary().size());
  prebin missing;
  for (std::size_t r = 0; r < codes.size(); ++r) {
    prebin& p = codes[r] == column::missing_code ? missing : cat[static_cast<std::size_t>(codes[r])];
    const double wr = w.empty() ? 1.0 : w[r];
    (y[r] ? p.bads : p.goods) += wr;
    ++p.rows;
  }
  double G = 0, B = 0;
  total_weights(y, w, G, B);
  return finish_categorical(c.name(), c.dictionary(), cat, missing, G, B, o);
}

}  // namespace detail

/// Bins column `name` of `t` as `options` say (method, trend, constraints; see options.hpp).
/// Throws the errors of checked_column, credo.binning.bad_option, credo.binning.bad_cut,
/// credo.binning.cuts_not_increasing, credo.binning.constant_column, credo.binning.wrong_kind.
inline binning_table fit(const table& t, std::string_view name, const binning_options& options = {}) {
  detail::validate(options, name);
  const column& c = detail::checked_column(t, name);
  if (c.is_numeric()) return detail::bin_numeric(name, c.values(), t.target(), t.weights(), options);
  return detail::bin_categorical(t, c, options);
}

/// Bins a numeric column given as a view, without a table: `values` (float or double, NaN =
/// missing), `target` (1 = bad) and `weights` (empty: every row weighs 1), all of one length.
/// The bins, counts, WoE and IV are those fit(t, name, options) gives for a table holding the
/// same values as doubles (each float converts to double exactly), so a float column is binned
/// without a double copy of it: only the binned rows' working copy (8 bytes a row) lives while
/// the column is binned. For large data held column by column, e.g. 30 float columns of 20M rows.
/// Throws what the table path throws, with the same ids: credo.binning.bad_option,
/// credo.table.length_mismatch, credo.binning.empty_table, credo.table.target_not_binary,
/// credo.table.bad_weight, credo.binning.no_events, credo.binning.no_non_events,
/// credo.binning.bad_cut, credo.binning.cuts_not_increasing, credo.binning.bad_special,
/// credo.binning.duplicate_special, credo.binning.constant_column.
template <class Value>
  requires std::is_same_v<Value, float> || std::is_same_v<Value, double>
binning_table fit(std::string_view name, std::span<const Value> values, std::span<const std::uint8_t> target,
                  std::span<const double> weights = {}, const binning_options& options = {}) {
  detail::validate(options, name);
  detail::check_column_view(name, values.size(), target, weights);
  return detail::bin_numeric(name, values, target, weights, options);
}

/// The user's cut points: bins (-inf, c1), [c1, c2), ..., [ck, inf), plus special and missing.
inline binning_table fixed_cuts(const table& t, std::string_view name, std::vector<double> cuts,
                                binning_options options = {}) {
  options.method = binning_method::fixed;
  options.cuts = std::move(cuts);
  return fit(t, name, options);
}

/// One bin per distinct value (numeric) or per category (categorical, dictionary order).
inline binning_table distinct(const table& t, std::string_view name, binning_options options = {}) {
  options.method = binning_method::distinct;
  return fit(t, name, options);
}

/// The pre-bins as bins: equal-frequency quantiles (numeric), rate-ordered categories.
inline binning_table equal_frequency(const table& t, std::string_view name, binning_options options = {}) {
  options.method = binning_method::equal_frequency;
  return fit(t, name, options);
}

/// ChiMerge of the pre-bins (chimerge.hpp).
inline binning_table chimerge(const table& t, std::string_view name, binning_options options = {}) {
  options.method = binning_method::chimerge;
  return fit(t, name, options);
}

/// The exact IV-maximising binning of the pre-bins under the options' constraints (optimal.hpp).
inline binning_table optimal(const table& t, std::string_view name, binning_options options = {}) {
  options.method = binning_method::optimal;
  return fit(t, name, options);
}

}  // namespace credo::binning
