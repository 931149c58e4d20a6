// What each source is worth to a bureau's coverage.
//
// With sources S in use, a person's file is the merge of the records of S. Let v(S) be the
// (weighted) number of persons scoreable from S. Coverage is not a union: under the default
// rule one source may supply the recent account and another the seasoned one, so v is not
// additive and each source's worth is a cooperative-game question. source_analysis reports
//   alone(s)          v({s})
//   leave_one_out(s)  v(all) − v(all \ {s})   (persons lost when s withholds its records)
//   shapley()         φ_s = Σ_{S ⊆ N\{s}} |S|!(n−|S|−1)!/n! · (v(S ∪ {s}) − v(S))
//                     (Shapley 1953; exact), and shapley_monte_carlo(): the mean marginal
//                     contribution over random orderings of the sources with its standard
//                     error (Castro, Gómez & Tejada 2009)
//   overlap()         persons with records from both s and t
// How it stays fast: person i's scoreability depends on S only through S ∩ P_i, P_i the
// sources present in i's file. One pass evaluates each person's rule on the 2^|P_i| subsets
// of P_i (merging one rule state per source when the rule is mergeable) and counts persons
// per distinct pattern (P_i, truth table). v(S) is then a sum over patterns, and since the
// Shapley value is linear in the game and sources outside P_i are null players, the exact
// φ is the count-weighted sum of each pattern's own |P_i|-player Shapley values. The cost
// is O(persons · 2^|P_i|) plus O(patterns · |P_i| · 2^|P_i|), whatever the number of
// sources; persons with more than `exact_limit` sources in their file are kept aside and
// evaluated directly (v(S) and Monte Carlo work; shapley() then throws).
#pragma once

#include <credo/core/error.hpp>
#include <credo/coverage/report.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/features/records.hpp>
#include <credo/fwd.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace credo::coverage {

/// Persons counted by (present sources, truth table of scoreability over the subsets of the
/// present sources). Bit j of the table is the value of the local subset j, whose bit b
/// stands for the b-th lowest set bit of `present`. An accumulator: merge with +=.
class source_patterns {
public:
  using table_words = std::vector<std::uint64_t>;

  /// Adds `weight` persons with this pattern; `table` has max(1, 2^n / 64) words, n = popcount(present).
  void operator()(source_mask present, std::span<const std::uint64_t> table, double weight = 1) {
    if (table.size() == 1) small_[{present, table[0]}] += weight;
    else big_[{present, table_words(table.begin(), table.end())}] += weight;
  }
  source_patterns& operator+=(const source_patterns& o) {
    for (const auto& [k, w] : o.small_) small_[k] += w;
    for (const auto& [k, w] : o.big_) big_[k] += w;
    return *this;
  }
  friend bool operator==(const source_patterns& a, const source_patterns& b) {
    return a.small_ == b.small_ && a.big_ == b.big_;
  }
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(small_, big_);  // in key order: equal patterns give equal bytes
  }

  std::size_t size() const noexcept { return small_.size() + big_.size(); }
  /// The patterns with source s renumbered to[s] (a one-to-one map): masks move their bits
  /// and each truth table is permuted to the new order of the present sources.
  source_patterns remapped(const std::vector<std::size_t>& to) const;
  /// f(present, table words, count) for every pattern.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [k, w] : small_) {
      const std::uint64_t word = k.second;
      f(k.first, std::span<const std::uint64_t>(&word, 1), w);
    }
    for (const auto& [k, w] : big_) f(k.first, std::span<const std::uint64_t>(k.second), w);
  }
  /// for_each in the order of the patterns, not of the hash table: a sum over the patterns is
  /// then the same however the counts were filled and merged (any shards, blocks, threads).
  template <class F>
  void for_each_sorted(F&& f) const {
    std::vector<std::pair<std::pair<std::uint64_t, std::uint64_t>, double>> v(small_.begin(), small_.end());
    std::sort(v.begin(), v.end());
    for (const auto& [k, w] : v) {
      const std::uint64_t word = k.second;
      f(k.first, std::span<const std::uint64_t>(&word, 1), w);
    }
    for (const auto& [k, w] : big_) f(k.first, std::span<const std::uint64_t>(k.second), w);
  }

private:
  struct pair_hash {
    std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const noexcept {
      // splitmix64-style mixing of both words
      std::uint64_t x = p.first * 0x9E3779B97F4A7C15ull ^ (p.second + 0x632BE59BD9B4E019ull);
      x ^= x >> 31;
      x *= 0xBF58476D1CE4E5B9ull;
      x ^= x >> 29;
      return static_cast<std::size_t>(x);
    }
  };
  std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, double, pair_hash> small_;
  std::map<std::pair<std::uint64_t, table_words>, double> big_;
};

/// Persons counted by (present sources, X_0, X_1, X_2): for a rule in condition form,
/// X_j is the mask of sources whose accounts meet condition j. An accumulator: merge with +=.
class condition_patterns {
public:
  using key = std::array<std::uint64_t, 4>;
  void operator()(const key& k, double weight = 1) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    insert(k, weight);
  }
  condition_patterns& operator+=(const condition_patterns& o) {
    o.for_each([&](const key& k, double w) { (*this)(k, w); });
    return *this;
  }
  friend bool operator==(const condition_patterns& a, const condition_patterns& b) {
    if (a.size_ != b.size_) return false;
    bool same = true;
    a.for_each([&](const key& k, double w) {
      const slot* s = b.find(k);
      same = same && s && s->count == w;
    });
    return same;
  }
  /// Writes or reads the patterns in key order (credo/core/archive.hpp): equal patterns give
  /// equal bytes whatever the order they were counted in.
  template <class Archive>
  void serialize(Archive& ar) {
    std::vector<std::pair<key, double>> entries;
    if constexpr (!Archive::loading) {
      for_each([&](const key& k, double w) { entries.emplace_back(k, w); });
      std::sort(entries.begin(), entries.end());
    }
    ar(entries);
    if constexpr (Archive::loading) {
      slots_.clear();
      size_ = 0;
      for (std::size_t i = 0; i < entries.size(); ++i) {
        ar.check(i == 0 || entries[i - 1].first < entries[i].first, "condition_patterns: keys not in increasing order");
        (*this)(entries[i].first, entries[i].second);
      }
    }
  }

  std::size_t size() const noexcept { return size_; }
  /// The patterns with source s renumbered to[s] (a one-to-one map).
  condition_patterns remapped(const std::vector<std::size_t>& to) const {
    condition_patterns out;
    for_each([&](const key& k, double w) {
      key m{};
      for (std::size_t j = 0; j < k.size(); ++j)
        for (source_mask b = k[j]; b; b &= b - 1) m[j] |= source_mask{1} << to[static_cast<std::size_t>(std::countr_zero(b))];
      out(m, w);
    });
    return out;
  }
  /// f(key, count) for every pattern.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& s : slots_)
      if (s.used) f(s.k, s.count);
  }
  /// for_each in key order (see source_patterns::for_each_sorted).
  template <class F>
  void for_each_sorted(F&& f) const {
    std::vector<const slot*> v;
    v.reserve(size_);
    for (const auto& s : slots_)
      if (s.used) v.push_back(&s);
    std::sort(v.begin(), v.end(), [](const slot* a, const slot* b) { return a->k < b->k; });
    for (const slot* s : v) f(s->k, s->count);
  }

private:
  // Open addressing with linear probing: one pass over a million persons inserts a million
  // times, and a node-based map spends most of that time in the allocator.
  struct slot {
    key k{};
    double count = 0;
    bool used = false;
  };
  static std::size_t hash(const key& k) noexcept {
    std::uint64_t h = 0x632BE59BD9B4E019ull;
    for (auto x : k) {
      h = (h ^ x) * 0x9E3779B97F4A7C15ull;
      h ^= h >> 32;
    }
    return static_cast<std::size_t>(h);
  }
  const slot* find(const key& k) const noexcept {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(k) & mask;; i = (i + 1) & mask) {
      if (!slots_[i].used) return nullptr;
      if (slots_[i].k == k) return &slots_[i];
    }
  }
  void insert(const key& k, double w) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(k) & mask;; i = (i + 1) & mask) {
      slot& s = slots_[i];
      if (!s.used) {
        s.k = k;
        s.count = w;
        s.used = true;
        ++size_;
        return;
      }
      if (s.k == k) {
        s.count += w;
        return;
      }
    }
  }
  void grow() {
    std::vector<slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, slot{});
    size_ = 0;
    for (const auto& s : old)
      if (s.used) insert(s.k, s.count);
  }

  std::vector<slot> slots_;
  std::size_t size_ = 0;
};

namespace detail {
/// The local subset of `present` that global mask `s` selects: bit b is set when the b-th
/// lowest set bit of present is in s.
inline std::uint64_t compress(source_mask s, source_mask present) noexcept {
  std::uint64_t out = 0;
  int b = 0;
  for (source_mask m = present; m; m &= m - 1, ++b)
    if (s & m & (~m + 1)) out |= std::uint64_t{1} << b;
  return out;
}
inline bool bit(std::span<const std::uint64_t> table, std::uint64_t j) noexcept {
  return (table[j >> 6] >> (j & 63)) & 1u;
}
}  // namespace detail

inline source_patterns source_patterns::remapped(const std::vector<std::size_t>& to) const {
  source_patterns out;
  table_words moved;
  for_each([&](source_mask present, std::span<const std::uint64_t> table, double w) {
    source_mask p = 0;
    for (source_mask b = present; b; b &= b - 1) p |= source_mask{1} << to[static_cast<std::size_t>(std::countr_zero(b))];
    // local bit i (the i-th lowest source of `present`) becomes local bit at[i] of p
    const int n = std::popcount(present);
    int at[64];
    {
      int i = 0;
      for (source_mask b = present; b; b &= b - 1, ++i)
        at[i] = std::popcount(p & ((source_mask{1} << to[static_cast<std::size_t>(std::countr_zero(b))]) - 1));
    }
    moved.assign(table.size(), 0);
    for (std::uint64_t sub = 0; sub < (std::uint64_t{1} << n); ++sub) {
      if (!detail::bit(table, sub)) continue;
      std::uint64_t m = 0;
      for (int i = 0; i < n; ++i)
        if ((sub >> i) & 1u) m |= std::uint64_t{1} << at[i];
      moved[m >> 6] |= std::uint64_t{1} << (m & 63);
    }
    out(p, moved, w);
  });
  return out;
}

/// The part of a source_analysis that merges across shards and ranks: its patterns with the
/// names of the sources their masks number, so that parts whose files number the sources
/// differently merge by name. The order the sources are shown in is read_records' numbering
/// of the whole input: sources in the order the tradelines first name them, then those only
/// inquiries name, in the order the inquiries first name them; merging parts in file order
/// keeps it. An accumulator: merge with +=.
class source_summary {
public:
  std::vector<std::string> names;  // source index → name (the patterns' numbering)
  source_patterns patterns;
  condition_patterns conditions;
  std::vector<std::size_t> tradeline_order;  // sources named by tradelines, first named first
  std::vector<std::size_t> inquiry_order;    // sources named by inquiries only, first named first

  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(names, patterns, conditions, tradeline_order, inquiry_order);
  }

  source_summary& operator+=(const source_summary& o) {
    if (names.empty() && patterns.size() == 0 && conditions.size() == 0) return *this = o;
    std::vector<std::size_t> to(o.names.size());
    for (std::size_t s = 0; s < o.names.size(); ++s) to[s] = index_of(o.names[s]);
    if (names.size() > features::max_sources)
      CREDO_THROW(invalid_input, "credo.coverage.too_many_sources",
                  "the merged parts name " + std::to_string(names.size()) + " sources, past " +
                      std::to_string(features::max_sources));
    patterns += o.patterns.remapped(to);
    conditions += o.conditions.remapped(to);
    auto has = [](const std::vector<std::size_t>& v, std::size_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    for (auto s : o.tradeline_order)
      if (!has(tradeline_order, to[s])) {
        tradeline_order.push_back(to[s]);
        inquiry_order.erase(std::remove(inquiry_order.begin(), inquiry_order.end(), to[s]), inquiry_order.end());
      }
    for (auto s : o.inquiry_order)
      if (!has(tradeline_order, to[s]) && !has(inquiry_order, to[s])) inquiry_order.push_back(to[s]);
    return *this;
  }
  friend bool operator==(const source_summary&, const source_summary&) = default;

  /// The same summary numbered in the shown order (tradeline_order, then inquiry_order).
  source_summary ordered() const {
    std::vector<std::size_t> to(names.size());
    source_summary out;
    std::size_t next = 0;
    for (auto s : tradeline_order) to[s] = next++;
    for (auto s : inquiry_order) to[s] = next++;
    out.names.resize(names.size());
    for (std::size_t s = 0; s < names.size(); ++s) out.names[to[s]] = names[s];
    out.patterns = patterns.remapped(to);
    out.conditions = conditions.remapped(to);
    for (std::size_t s = 0; s < tradeline_order.size(); ++s) out.tradeline_order.push_back(s);
    for (std::size_t s = 0; s < inquiry_order.size(); ++s) out.inquiry_order.push_back(tradeline_order.size() + s);
    return out;
  }

private:
  std::size_t index_of(const std::string& name) {
    for (std::size_t s = 0; s < names.size(); ++s)
      if (names[s] == name) return s;
    names.push_back(name);
    return names.size() - 1;
  }
};

struct source_options {
  /// Number of sources (source indices 0..sources−1); 0: one past the largest index seen.
  std::size_t sources = 0;
  /// Persons with more sources than this in their file are evaluated directly instead of
  /// through a 2^n truth table (at most 20).
  int exact_limit = 16;
  /// Worker threads for the pass over persons; 0 = hardware_concurrency. The result does
  /// not depend on it.
  unsigned threads = 0;
};

/// A Shapley estimate for one source: the value and its standard error (0 when exact).
struct shapley_estimate {
  double value = 0;
  double std_error = 0;
};

/// (Defaults T = tradeline_record, Q = inquiry_record, Rule = recent_and_seasoned are in
/// credo/fwd.hpp.)
template <class T, class Q, class Rule>
class source_analysis {
  static_assert(scoreability_rule<Rule>,
                "Rule must model credo::coverage::scoreability_rule: a state type, add(state&, "
                "account_view, person_context) and scoreable(state, person_context) -> bool");

public:
  source_analysis(const features::population<T, Q>& pop, Rule rule = {}, source_options options = {})
      : pop_(&pop), rule_(std::move(rule)), options_(options) {
    if (options_.exact_limit < 0 || options_.exact_limit > 20)
      CREDO_THROW(invalid_input, "credo.coverage.bad_exact_limit",
                  "source_options::exact_limit " + std::to_string(options_.exact_limit) +
                      " is outside [0, 20]");
    if (options_.sources > features::max_sources)
      CREDO_THROW(invalid_input, "credo.coverage.too_many_sources",
                  "source_options::sources " + std::to_string(options_.sources) + " is past " +
                      std::to_string(features::max_sources));
    build();
  }

  /// The analysis of the persons a summary counts (merged from shards, say): every figure but
  /// those that need the persons themselves, which a summary never holds (see summary()).
  explicit source_analysis(const source_summary& summary, Rule rule = {}, source_options options = {})
      : pop_(nullptr), rule_(std::move(rule)), options_(options), patterns_(summary.patterns),
        conditions_(summary.conditions), k_(summary.names.size()) {}

  /// The mergeable summary of this analysis; `names` names the sources by index (at least
  /// sources() of them), `tradeline_sources` marks those some tradeline names (the others
  /// come from inquiries only), each list in the order of first naming. Throws
  /// credo.coverage.too_many_sources when some person's file has more than exact_limit
  /// sources: such persons are evaluated directly, which a summary cannot hold.
  source_summary summary(std::vector<std::string> names, std::vector<std::size_t> tradeline_order,
                         std::vector<std::size_t> inquiry_order) const {
    if (!heavy_.empty())
      CREDO_THROW(invalid_input, "credo.coverage.too_many_sources",
                  std::to_string(heavy_.size()) + " persons have records from more than " +
                      std::to_string(options_.exact_limit) +
                      " sources (source_options::exact_limit); a summary holds no such person");
    return {std::move(names), patterns_, conditions_, std::move(tradeline_order), std::move(inquiry_order)};
  }

  /// Number of sources (players).
  std::size_t sources() const noexcept { return k_; }
  source_mask all() const noexcept {
    return k_ >= 64 ? features::all_sources : (source_mask{1} << k_) - 1;
  }
  /// Truth-table patterns (rules not in condition form) and condition patterns (rules in
  /// condition form); one of the two is empty.
  const source_patterns& patterns() const noexcept { return patterns_; }
  const condition_patterns& conditions() const noexcept { return conditions_; }

  /// v(S): persons scoreable with the sources in S.
  double value(source_mask s) const { return coverage(s).scoreable; }

  /// Coverage counts with the sources in S.
  coverage_counts coverage(source_mask s) const {
    coverage_counts c;
    conditions_.for_each([&](const condition_patterns::key& k, double w) {
      if (!(k[0] & s)) {
        c(file_status::invisible, w);
        return;
      }
      bool ok = true;
      for (std::size_t j = 0; j < n_conditions; ++j) ok = ok && (k[j + 1] & s);
      c(ok ? file_status::scoreable : file_status::unscoreable, w);
    });
    patterns_.for_each([&](source_mask present, std::span<const std::uint64_t> table, double w) {
      if (!(present & s)) c(file_status::invisible, w);
      else c(detail::bit(table, detail::compress(s, present)) ? file_status::scoreable
                                                              : file_status::unscoreable,
             w);
    });
    for (auto p : heavy_) c(status_of(*pop_, p, rule_, s));
    return c;
  }

  /// v({s}) for each source.
  std::vector<double> alone() const {
    std::vector<double> v(k_);
    for (std::size_t s = 0; s < k_; ++s) v[s] = value(source_mask{1} << s);
    return v;
  }
  /// v(all) − v(all \ {s}) for each source.
  std::vector<double> leave_one_out() const {
    std::vector<double> v(k_);
    const double full = value(all());
    for (std::size_t s = 0; s < k_; ++s) v[s] = full - value(all() & ~(source_mask{1} << s));
    return v;
  }
  /// Persons with at least one seen record from s and from t (diagonal: from s).
  std::vector<std::vector<double>> overlap() const {
    std::vector<std::vector<double>> m(k_, std::vector<double>(k_, 0.0));
    auto add = [&](source_mask present, double w) {
      for (source_mask a = present; a; a &= a - 1)
        for (source_mask b = present; b; b &= b - 1)
          m[std::countr_zero(a)][std::countr_zero(b)] += w;
    };
    patterns_.for_each([&](source_mask present, std::span<const std::uint64_t>, double w) { add(present, w); });
    conditions_.for_each([&](const condition_patterns::key& k, double w) { add(k[0], w); });
    for (std::size_t i = 0; i < heavy_.size(); ++i) add(heavy_present_[i], 1);
    return m;
  }

  /// Exact Shapley value of each source to v; Σ φ = v(all) − v(∅), summed over the patterns
  /// in their order, so the same for any way the persons were read and merged. Throws
  /// credo.coverage.too_many_sources when some person's file holds more than exact_limit
  /// sources (use shapley_monte_carlo then).
  std::vector<double> shapley() const {
    if (!heavy_.empty())
      CREDO_THROW(invalid_input, "credo.coverage.too_many_sources",
                  std::to_string(heavy_.size()) + " persons have records from more than " +
                      std::to_string(options_.exact_limit) +
                      " sources (source_options::exact_limit); use shapley_monte_carlo");
    std::vector<double> phi(k_, 0.0);
    // Condition form: v_i(S) = Π_j [S ∩ X_j ≠ ∅] = Σ_{∅≠T⊆conditions} (−1)^{|T|+1} u_{U_T}(S), with
    // U_T = ∪_{j∈T} X_j and u_U(S) = [S ∩ U ≠ ∅] (inclusion–exclusion). The Shapley value of
    // u_U gives 1/|U| to each member of U (symmetry and efficiency; the others are null), and
    // the Shapley value is linear, so φ_s = Σ_T (−1)^{|T|+1} [s ∈ U_T] / |U_T|. For the default
    // rule: φ_s = [s∈R]/|R| + [s∈O]/|O| − [s∈R∪O]/|R∪O|.
    conditions_.for_each_sorted([&](const condition_patterns::key& k, double w) {
      for (std::uint32_t t = 1; t < (1u << n_conditions); ++t) {
        source_mask u = 0;
        for (std::size_t j = 0; j < n_conditions; ++j)
          if ((t >> j) & 1u) u |= k[j + 1];
        if (!u) continue;
        const double share = (std::popcount(t) % 2 ? w : -w) / std::popcount(u);
        for (source_mask m = u; m; m &= m - 1) phi[static_cast<std::size_t>(std::countr_zero(m))] += share;
      }
    });
    std::vector<double> local;
    patterns_.for_each_sorted([&](source_mask present, std::span<const std::uint64_t> table, double w) {
      const int n = std::popcount(present);
      if (n == 0) return;
      local.assign(static_cast<std::size_t>(n), 0.0);
      // weight of a coalition of size s not holding i: s!(n−s−1)!/n! = 1 / (n·C(n−1, s))
      double weight[21];
      for (int s = 0; s < n; ++s) {
        double c = 1;  // C(n−1, s)
        for (int j = 1; j <= s; ++j) c = c * (n - 1 - s + j) / j;
        weight[s] = 1.0 / (n * c);
      }
      const std::uint64_t subsets = std::uint64_t{1} << n;
      for (int i = 0; i < n; ++i) {
        const std::uint64_t bi = std::uint64_t{1} << i;
        double sum = 0;
        for (std::uint64_t sub = 0; sub < subsets; ++sub) {
          if (sub & bi) continue;
          const int d = int(detail::bit(table, sub | bi)) - int(detail::bit(table, sub));
          if (d) sum += d * weight[std::popcount(sub)];
        }
        local[static_cast<std::size_t>(i)] = sum;
      }
      int i = 0;
      for (source_mask m = present; m; m &= m - 1, ++i)
        phi[static_cast<std::size_t>(std::countr_zero(m))] += w * local[static_cast<std::size_t>(i)];
    });
    return phi;
  }

  /// Monte Carlo Shapley values: the mean marginal contribution of each source over
  /// `permutations` random orderings (seeded std::mt19937_64), with the standard error
  /// sd/√permutations of that mean.
  std::vector<shapley_estimate> shapley_monte_carlo(std::size_t permutations, std::uint64_t seed = 1) const {
    if (permutations < 2)
      CREDO_THROW(invalid_input, "credo.coverage.too_few_permutations",
                  "shapley_monte_carlo needs at least 2 permutations, got " + std::to_string(permutations));
    std::mt19937_64 rng(seed);
    std::vector<std::size_t> order(k_);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<double> sum(k_, 0.0), sum2(k_, 0.0);
    const double empty = value(0);
    for (std::size_t r = 0; r < permutations; ++r) {
      std::shuffle(order.begin(), order.end(), rng);
      source_mask s = 0;
      double prev = empty;
      for (auto src : order) {
        s |= source_mask{1} << src;
        const double cur = value(s);
        const double d = cur - prev;
        sum[src] += d;
        sum2[src] += d * d;
        prev = cur;
      }
    }
    std::vector<shapley_estimate> out(k_);
    const double m = static_cast<double>(permutations);
    for (std::size_t s = 0; s < k_; ++s) {
      const double mean = sum[s] / m;
      const double var = std::max(0.0, (sum2[s] - m * mean * mean) / (m - 1));
      out[s] = {mean, std::sqrt(var / m)};
    }
    return out;
  }

private:
  static constexpr std::size_t n_conditions = [] {
    if constexpr (condition_rule<Rule>) return std::size_t{Rule::conditions};
    else return std::size_t{0};
  }();

  struct worker {
    source_patterns patterns;
    condition_patterns conditions;
    std::vector<std::size_t> heavy;
    std::vector<source_mask> heavy_present;
    source_mask seen = 0;
  };

  void build() {
    const std::size_t n = pop_->size();
    const unsigned threads = credo::detail::thread_count(options_.threads, n);
    std::vector<worker> parts(threads);
    credo::detail::run_parts(n, threads, [&](unsigned t, std::size_t lo, std::size_t hi) { scan(lo, hi, parts[t]); });
    source_mask seen = 0;
    for (auto& w : parts) {  // merged in thread order: heavy persons stay in person order
      patterns_ += w.patterns;
      conditions_ += w.conditions;
      heavy_.insert(heavy_.end(), w.heavy.begin(), w.heavy.end());
      heavy_present_.insert(heavy_present_.end(), w.heavy_present.begin(), w.heavy_present.end());
      seen |= w.seen;
    }
    k_ = options_.sources ? options_.sources
                          : (seen ? static_cast<std::size_t>(64 - std::countl_zero(seen)) : 0);
    if (options_.sources > 0 && options_.sources < 64 && (seen >> options_.sources) != 0)
      CREDO_THROW(invalid_input, "credo.coverage.too_many_sources",
                  "records come from source index " + std::to_string(63 - std::countl_zero(seen)) +
                      ", past source_options::sources = " + std::to_string(options_.sources));
  }

  void scan(std::size_t lo, std::size_t hi, worker& w) const {
    using state = typename Rule::state;
    std::vector<std::pair<int, account_view>> accounts;  // (local source index, view)
    std::vector<state> single, merged;
    std::vector<std::uint64_t> table;
    std::int8_t local_of[features::max_sources];
    std::fill(std::begin(local_of), std::end(local_of), std::int8_t{-1});
    std::vector<int> touched;
    for (std::size_t p = lo; p < hi; ++p) {
      accounts.clear();
      source_mask present = 0;
      const auto c = pop_->visit(
          p, features::all_sources,
          [&](const account_view& a, const person_context&) {
            present |= source_mask{1} << a.source;
            accounts.emplace_back(static_cast<int>(a.source), a);
          },
          [&](const features::inquiry_view& q, const person_context&) {
            present |= source_mask{1} << q.source;
          },
          false);
      w.seen |= present;
      const int n = std::popcount(present);
      if constexpr (condition_rule<Rule>) {
        // one rule state per source, then the masks X_j of sources meeting condition j
        state empty{};
        start_state(rule_, empty, c);
        if (single.size() != features::max_sources) single.resize(features::max_sources);
        source_mask with_accounts = 0;
        for (const auto& [src, a] : accounts) {
          const source_mask b = source_mask{1} << src;
          if (!(with_accounts & b)) single[static_cast<std::size_t>(src)] = empty;
          with_accounts |= b;
          rule_.add(single[static_cast<std::size_t>(src)], a, c);
        }
        condition_patterns::key key{present, 0, 0, 0};
        for (source_mask m = with_accounts; m; m &= m - 1) {
          const int src = std::countr_zero(m);
          const std::uint32_t bits = rule_.condition_bits(single[static_cast<std::size_t>(src)]);
          for (std::size_t j = 0; j < n_conditions; ++j)
            if ((bits >> j) & 1u) key[j + 1] |= source_mask{1} << src;
        }
        w.conditions(key);
        continue;
      }
      if (n > options_.exact_limit) {
        w.heavy.push_back(p);
        w.heavy_present.push_back(present);
        continue;
      }
      {  // global source → local bit
        int b = 0;
        for (source_mask m = present; m; m &= m - 1, ++b)
          local_of[std::countr_zero(m)] = static_cast<std::int8_t>(b);
      }
      for (auto& [src, a] : accounts) src = local_of[src];
      const std::uint64_t subsets = std::uint64_t{1} << n;
      table.assign(std::max<std::uint64_t>(1, subsets / 64), 0);
      state empty{};
      start_state(rule_, empty, c);
      if constexpr (mergeable_rule<Rule>) {
        single.assign(static_cast<std::size_t>(n), empty);
        for (const auto& [b, a] : accounts) rule_.add(single[static_cast<std::size_t>(b)], a, c);
        merged.resize(subsets);
        merged[0] = empty;
        if (rule_.scoreable(merged[0], c)) table[0] |= 1;
        for (std::uint64_t sub = 1; sub < subsets; ++sub) {
          const std::uint64_t low = sub & (~sub + 1);
          merged[sub] = merged[sub ^ low];
          rule_.merge(merged[sub], single[static_cast<std::size_t>(std::countr_zero(low))]);
          if (rule_.scoreable(merged[sub], c)) table[sub >> 6] |= std::uint64_t{1} << (sub & 63);
        }
      } else {
        for (std::uint64_t sub = 0; sub < subsets; ++sub) {
          state s = empty;
          for (const auto& [b, a] : accounts)
            if ((sub >> b) & 1u) rule_.add(s, a, c);
          if (rule_.scoreable(s, c)) table[sub >> 6] |= std::uint64_t{1} << (sub & 63);
        }
      }
      w.patterns(present, table);
    }
  }

  const features::population<T, Q>* pop_;
  Rule rule_;
  source_options options_;
  source_patterns patterns_;
  condition_patterns conditions_;
  std::vector<std::size_t> heavy_;
  std::vector<source_mask> heavy_present_;
  std::size_t k_ = 0;
};

}  // namespace credo::coverage
