// Kernel: one applicant of a plain card (every characteristic numeric with cut points only:
// no special value, a missing bin that scores points), the cards the engine scores. The
// fast form bins four characteristics at once (cut_lanes) and offers reasons in bulk
// (reason_ranker::offer_all); beside it the plain reference with the same signature: one
// characteristic after another, its bin the count of its cut points ≤ x, one offer() each.
// Both give the same bits and the same reasons (tests/detail compares them); the batch
// scorer's general loop gives them too (tests/engine). Timings: docs/performance.md.
#pragma once

#include <credo/detail/kernels/cut_lanes.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

namespace credo::detail::kernels {

/// One characteristic of a plain card, as the builder gives it: cut points (double, and the
/// float at or above each: for a float x, x ≥ c ⇔ x ≥ that float), bins (cuts + 2: the
/// regular ones and the missing bin last), the place of its first point among all points,
/// and its reason baseline.
struct plain_term {
  std::span<const double> cuts_d;
  std::span<const float> cuts_f;
  std::size_t n_bins = 0;
  std::size_t point_begin = 0;
  double baseline = 0;
};

template <class Real>
class plain_card {
public:
  plain_card() = default;

  /// Whether a card of `points` points in all fits the lanes (places in 32-bit lanes for float).
  static bool fits(std::size_t points) noexcept {
    return points < static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  }

  /// From the terms and all their points (term j's at points[point_begin_j ...]). Each
  /// point's points-below as a double, baseline_j − points_j(b), the same subtraction as
  /// the general loop's, then one −∞, the points-below of a lane past the last term. A NaN
  /// points-below is kept as −∞: neither is ever a reason (offer() takes only d > 0), and
  /// the lanes' maxima need no NaN.
  plain_card(std::span<const plain_term> terms, std::span<const Real> points) : points_(points.begin(), points.end()) {
    constexpr double lowest = -std::numeric_limits<double>::infinity();
    for (const plain_term& t : terms) {
      first_.push_back(static_cast<std::uint32_t>(t.point_begin));
      missing_.push_back(static_cast<std::uint32_t>(t.n_bins - 1));
      cut_begin_.push_back(cuts_d_.size());
      cuts_d_.insert(cuts_d_.end(), t.cuts_d.begin(), t.cuts_d.end());
      cuts_f_.insert(cuts_f_.end(), t.cuts_f.begin(), t.cuts_f.end());
      for (std::size_t b = 0; b < t.n_bins; ++b) {
        const double d = t.baseline - static_cast<double>(points_[t.point_begin + b]);
        below_.push_back(d != d ? lowest : d);
      }
    }
    cut_begin_.push_back(cuts_d_.size());
    below_.push_back(lowest);
    add_groups(terms, lanes_d_, [](const plain_term& t) { return t.cuts_d; });
    add_groups(terms, lanes_f_, [](const plain_term& t) { return t.cuts_f; });
  }

  std::size_t size() const noexcept { return first_.size(); }
  /// size() rounded up to whole lane groups (4 characteristics).
  std::size_t padded_size() const noexcept { return (size() + 3) / 4 * 4; }

  /// base + Σ_j points_j(x_j) in card order, x_j = value(j) (NaN is missing), and the
  /// reasons offered to `rank` (a model::reason_ranker) in card order. Padded: value(j) may be
  /// read up to padded_size(); otherwise the last group's lanes past the last term read the
  /// last term's value. Either way they have no cut point and no points, and their
  /// points-below is −∞.
  ///
  /// Reference: one characteristic after another.
  template <class T, bool Padded, class Value, class Ranker>
  Real score_reference(const Value& value, Real base, Ranker& rank) const noexcept {
    Real s = base;
    for (std::size_t j = 0; j < size(); ++j) {
      const T x = value(j);
      const T* c = cuts_of<T>() + cut_begin_[j];
      std::size_t b = 0;
      for (std::size_t k = 0, n = cut_begin_[j + 1] - cut_begin_[j]; k < n; ++k) b += x >= c[k];
      if (x != x) b = missing_[j];
      s += points_[first_[j] + b];
      rank.offer(static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(b), below_[first_[j] + b]);
    }
    return s;
  }

  /// The same, lane group by lane group (cut_lanes::places), chunk by chunk of `chunk`
  /// terms: each group's points added to the sum as soon as they are known, in card order,
  /// s = base + v_0 + v_1 + ..., and their points-below kept, with the maximum of each lane
  /// (of the terms i ≡ 0, 1, 2, 3 mod 4 of the chunk); at the end of a chunk its
  /// points-below are offered in card order (reason_ranker::offer_all, which leaves out those
  /// below the least of the four maxima). The same bins (cut_lanes' places are the
  /// reference's counts), the same sums in the same order, and offer_all keeps the reasons of
  /// one offer() per value: the same bits and reasons.
  template <class T, bool Padded, class Value, class Ranker>
  Real score(const Value& value, Real base, Ranker& rank) const noexcept {
    using lanes_type = cut_lanes<T>;
    using place = typename lanes_type::place;
    constexpr std::size_t w = lanes_type::width;
    const std::size_t m = size();
    Real s = base;
    alignas(16) place at[chunk];  // the place of term c0 + i's point
    alignas(16) double below[chunk];
    for (std::size_t c0 = 0; c0 < m; c0 += chunk) {
      const std::size_t n = std::min(chunk, m - c0);
      const typename lanes_type::group* group = lanes_of<T>().groups.data() + c0 / w;
      lane_maxima most;
      std::size_t j = 0;
      for (; Padded ? j < n : j + w <= n; j += w, ++group)
        s = add_group<T>(*group, [&](std::size_t l) { return value(c0 + j + l); }, std::min(w, n - j), s, at + j,
                         below + j, most);
      if (!Padded && j < n) {  // the last group: its lanes past the last term read the last value
        T x[w];
        for (std::size_t l = 0; l < w; ++l) x[l] = value(std::min(c0 + j + l, m - 1));
        s = add_group<T>(*group, [&](std::size_t l) { return x[l]; }, n - j, s, at + j, below + j, most);
        j += w;
      }
      double group_max[w];
      most.get(group_max);
      const auto bin = [&](std::size_t i) { return static_cast<std::uint32_t>(at[i] - first_[c0 + i]); };
      // below[n, j), of the last group's lanes past the last term, is −∞: never offered
      rank.offer_all(static_cast<std::uint32_t>(c0), std::span<const double>(below, j), bin, group_max);
    }
    return s;
  }

private:
  /// Terms binned before their reasons are offered: the places and points-below of this many
  /// terms are kept on the stack (a multiple of every lane width).
  static constexpr std::size_t chunk = 64;

  template <class T, class Cuts>
  void add_groups(std::span<const plain_term> terms, cut_lanes<T>& lanes, const Cuts& cuts_of_term) const {
    constexpr std::size_t w = cut_lanes<T>::width;
    for (std::size_t j0 = 0; j0 < terms.size(); j0 += w) {
      std::span<const T> cuts[w];
      std::uint32_t missing[w], first[w];
      const std::size_t n = std::min(w, terms.size() - j0);
      for (std::size_t l = 0; l < n; ++l) {
        cuts[l] = cuts_of_term(terms[j0 + l]);
        missing[l] = missing_[j0 + l];
        first[l] = first_[j0 + l];
      }
      lanes.add_group(std::span<const std::span<const T>>(cuts, n), std::span<const std::uint32_t>(missing, n),
                      std::span<const std::uint32_t>(first, n), static_cast<std::uint32_t>(points_.size()));
    }
  }

  /// Lane group r of the values x(0), ..., x(3) (places to at[0, 4)): returns s + the points
  /// of its first `used` lanes, in order (the others are past the last term), and keeps the
  /// points-below of all four (−∞ past the last term).
  template <class T, class Get, class Place>
  [[gnu::always_inline]] Real add_group(const typename cut_lanes<T>::group& r, const Get& x, std::size_t used, Real s,
                                        Place* at, double* below, lane_maxima& most) const noexcept {
    lanes_of<T>().places(r, x, at);
    const Real* points = points_.data();
    if (used == 4) [[likely]] {
      s += points[at[0]];
      s += points[at[1]];
      s += points[at[2]];
      s += points[at[3]];
    } else {
      s += points[at[0]];
      if (used > 1) s += points[at[1]];
      if (used > 2) s += points[at[2]];
    }
    most.keep(below_.data(), at, below);
    return s;
  }

  template <class T>
  const cut_lanes<T>& lanes_of() const noexcept {
    if constexpr (std::is_same_v<T, float>) return lanes_f_;
    else return lanes_d_;
  }
  template <class T>
  const T* cuts_of() const noexcept {
    if constexpr (std::is_same_v<T, float>) return cuts_f_.data();
    else return cuts_d_.data();
  }

  std::vector<Real> points_;              // every term's points, then none: a padded lane's place is its size
  std::vector<std::uint32_t> first_;      // per term: its first point
  std::vector<std::uint32_t> missing_;    // per term: its missing bin
  std::vector<std::size_t> cut_begin_;    // per term: its first cut point; then the end
  std::vector<double> cuts_d_;
  std::vector<float> cuts_f_;
  std::vector<double> below_;             // per point: baseline − points; then −∞
  cut_lanes<double> lanes_d_;
  cut_lanes<float> lanes_f_;
};

}  // namespace credo::detail::kernels
