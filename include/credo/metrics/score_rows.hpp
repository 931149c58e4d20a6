// credo::metrics::score_rows: the exact, mergeable store behind every rank metric.
//
// It keeps each row's score (as an order-preserving radix key, metrics/detail/radix_sort.hpp)
// in one array per class, and the weights only once a weight other than 1 arrives. Merging
// appends; value-time sorts each class once (radix sort, O(n)) and walks both sorted arrays
// together over the distinct scores. Memory: sizeof(Real) bytes per row with unit weights,
// 2·sizeof(Real) with weights, plus one scratch buffer of the larger class while sorting.
//
// Sorting happens inside const accessors (the stored multiset does not change, only its
// order), so a const score_rows must not be read from two threads at once.
#pragma once

#include <credo/fwd.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/detail/radix_sort.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace credo::metrics {

template <class Real>
class score_rows {
public:
  static_assert(std::is_floating_point_v<Real>, "score_rows<Real>: Real is float or double");
  using real_type = Real;

  /// Adds one row; throws credo.metrics.nan_score or credo.metrics.bad_weight.
  void operator()(Real score, bool bad, Real weight = 1) {
    detail::check_row("score_rows", score, weight);
    push(score, bad ? 1 : 0, weight);
  }

  /// Adds many rows; all are checked before any is added (nothing half-written). An empty
  /// weight span means weight 1; bad values other than 0/1 throw credo.metrics.bad_target.
  void fill(std::span<const Real> score, std::span<const std::uint8_t> bad, std::span<const Real> weight = {}) {
    detail::check_lengths("score_rows", score.size(), bad.size(), weight.size());
    std::size_t add[2] = {0, 0};
    for (std::size_t i = 0; i < score.size(); ++i) {
      if (bad[i] > 1)
        CREDO_THROW(invalid_input, "credo.metrics.bad_target",
                    "score_rows, row " + std::to_string(i) + ": target " + std::to_string(bad[i]) + " is not 0 or 1");
      if (std::isnan(score[i]))
        CREDO_THROW(invalid_input, "credo.metrics.nan_score", "score_rows, row " + std::to_string(i) + ": the score is NaN");
      if (!weight.empty()) detail::check_row("score_rows", score[i], weight[i]);
      ++add[bad[i]];
    }
    // The range of keys of each class (the sort skips the bits they share). Kept in locals so
    // that a throw above leaves the accumulator untouched.
    key_type lo[2] = {lo_[0], lo_[1]}, hi[2] = {hi_[0], hi_[1]};
    for (std::size_t i = 0; i < score.size(); ++i) {
      const key_type k = detail::to_key(score[i]);
      const int c = bad[i];
      lo[c] = k < lo[c] ? k : lo[c];
      hi[c] = k > hi[c] ? k : hi[c];
    }
    for (int c = 0; c < 2; ++c) {
      lo_[c] = lo[c];
      hi_[c] = hi[c];
    }
    for (int c = 0; c < 2; ++c) keys_[c].reserve(keys_[c].size() + add[c]);
    if (weight.empty() && !weighted_[0] && !weighted_[1]) {  // the common case: no weights at all
      for (std::size_t i = 0; i < score.size(); ++i) keys_[bad[i]].push_back(detail::to_key(score[i]));
      for (int c = 0; c < 2; ++c) {
        total_[c] += static_cast<double>(add[c]);
        sorted_[c] = sorted_[c] && add[c] == 0;
      }
      return;
    }
    for (std::size_t i = 0; i < score.size(); ++i) push(score[i], bad[i], weight.empty() ? Real(1) : weight[i]);
  }

  score_rows& operator+=(const score_rows& other) {
    for (int c = 0; c < 2; ++c) {
      if (other.keys_[c].empty()) continue;
      if (other.weighted_[c]) make_weighted(c);
      keys_[c].insert(keys_[c].end(), other.keys_[c].begin(), other.keys_[c].end());
      if (weighted_[c]) {
        if (other.weighted_[c])
          weights_[c].insert(weights_[c].end(), other.weights_[c].begin(), other.weights_[c].end());
        else
          weights_[c].resize(keys_[c].size(), Real(1));
      }
      total_[c] += other.total_[c];
      lo_[c] = std::min(lo_[c], other.lo_[c]);
      hi_[c] = std::max(hi_[c], other.hi_[c]);
      sorted_[c] = false;
    }
    return *this;
  }

  /// Equal when every distinct score carries the same weight of bads and of goods (exact
  /// for integer weights; sums of other weights may differ in the last bit by merge order).
  bool operator==(const score_rows& other) const {
    if (rows() != other.rows()) return false;
    std::vector<double> a, b;
    auto collect = [](std::vector<double>& v) {
      return [&v](Real s, double wb, double wg, std::size_t, std::size_t) {
        v.push_back(static_cast<double>(s));
        v.push_back(wb);
        v.push_back(wg);
      };
    };
    for_each_distinct(collect(a));
    other.for_each_distinct(collect(b));
    return a == b;
  }

  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    // Written sorted (a stable sort): the bytes do not depend on whether a value was read,
    // and a merge of sorted parts sorts to the same rows as a merge of the unsorted ones.
    if constexpr (!Archive::loading) sort();
    ar(keys_, weighted_, sorted_, total_, lo_, hi_, weights_);
    for (int c = 0; c < 2; ++c)
      ar.check(weighted_[c] ? weights_[c].size() == keys_[c].size() : weights_[c].empty(),
               "score_rows: weights and scores of unequal lengths");
  }

  std::size_t rows() const noexcept { return keys_[0].size() + keys_[1].size(); }
  std::size_t bad_rows() const noexcept { return keys_[1].size(); }
  std::size_t good_rows() const noexcept { return keys_[0].size(); }
  double bad_weight() const noexcept { return total_[1]; }
  double good_weight() const noexcept { return total_[0]; }
  bool empty() const noexcept { return rows() == 0; }

  /// Calls f(score, bad weight, good weight, bad rows, good rows) once per distinct score,
  /// in ascending order of score.
  template <class F>
  void for_each_distinct(F&& f) const {
    sort();
    const auto& kb = keys_[1];
    const auto& kg = keys_[0];
    const auto& wbv = weights_[1];
    const auto& wgv = weights_[0];
    const std::size_t nb = kb.size(), ng = kg.size();
    std::size_t i = 0, j = 0;
    while (i < nb || j < ng) {
      key_type k;
      if (i < nb && j < ng)
        k = kb[i] < kg[j] ? kb[i] : kg[j];
      else
        k = i < nb ? kb[i] : kg[j];
      double wb = 0, wg = 0;
      const std::size_t i0 = i, j0 = j;
      if (!weighted_[1]) {
        while (i < nb && kb[i] == k) ++i;
        wb = static_cast<double>(i - i0);
      } else {
        for (; i < nb && kb[i] == k; ++i) wb += wbv[i];
      }
      if (!weighted_[0]) {
        while (j < ng && kg[j] == k) ++j;
        wg = static_cast<double>(j - j0);
      } else {
        for (; j < ng && kg[j] == k; ++j) wg += wgv[j];
      }
      f(detail::from_key<Real>(k), wb, wg, i - i0, j - j0);
    }
  }

  /// Every row of one class (bad = true or false) in ascending order of score: f(score, weight).
  template <class F>
  void for_each_row(bool bad, F&& f) const {
    const int c = bad ? 1 : 0;
    sort();
    for (std::size_t i = 0; i < keys_[c].size(); ++i)
      f(detail::from_key<Real>(keys_[c][i]), weighted_[c] ? weights_[c][i] : Real(1));
  }

  /// Bytes held by the rows (not counting the sort's temporary scratch buffer).
  std::size_t memory_bytes() const noexcept {
    std::size_t b = 0;
    for (int c = 0; c < 2; ++c) b += keys_[c].capacity() * sizeof(key_type) + weights_[c].capacity() * sizeof(Real);
    return b;
  }

  void reserve(std::size_t bads, std::size_t goods) {
    keys_[1].reserve(bads);
    keys_[0].reserve(goods);
  }

private:
  using key_type = detail::radix_key_t<Real>;

  void push(Real score, int c, Real weight) {
    if (weight != Real(1)) make_weighted(c);
    const key_type k = detail::to_key(score);
    keys_[c].push_back(k);
    lo_[c] = std::min(lo_[c], k);
    hi_[c] = std::max(hi_[c], k);
    if (weighted_[c]) weights_[c].push_back(weight);
    total_[c] += static_cast<double>(weight);
    sorted_[c] = false;
  }

  void make_weighted(int c) {
    if (weighted_[c]) return;
    weights_[c].assign(keys_[c].size(), Real(1));
    weighted_[c] = true;
  }

  void sort() const {
    for (int c = 0; c < 2; ++c) {
      if (sorted_[c]) continue;
      detail::radix_sort(keys_[c], weighted_[c] ? &weights_[c] : nullptr, &lo_[c], &hi_[c]);
      sorted_[c] = true;
    }
  }

  mutable detail::big_vector<key_type> keys_[2];  // [0] goods, [1] bads
  mutable detail::big_vector<Real> weights_[2];   // used once a weight other than 1 arrives
  bool weighted_[2] = {false, false};
  mutable bool sorted_[2] = {true, true};
  double total_[2] = {0, 0};
  key_type lo_[2] = {~key_type{0}, ~key_type{0}};  // smallest and largest key of each class
  key_type hi_[2] = {0, 0};
};

}  // namespace credo::metrics
