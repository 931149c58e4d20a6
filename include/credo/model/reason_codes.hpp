// Reason codes: which characteristics cost an applicant the most points.
//
// Following PMML 4.4's Scorecard (reasonCodeAlgorithm="pointsBelow"): for each characteristic
// j, the points below the baseline are d_j = baseline_j − points_j(applicant's bin). The
// reasons are the characteristics with d_j > 0, ranked by d_j descending, ties broken by the
// characteristic's order in the card (stable), at most max_reasons of them (4 by default:
// Regulation B, 12 CFR 1002.9(b)(2), Official Interpretation 9(b)(2)-1: more than four
// principal reasons are "not likely to be helpful to the applicant").
// A characteristic at or above its baseline is never a reason.
#pragma once

#include <credo/detail/kernels/reason_filter.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

namespace credo::model {

/// One reason: the characteristic (its index in the card), the applicant's bin in it, and
/// how many points below the baseline that bin scores (> 0).
struct reason_code {
  std::uint32_t characteristic = 0;
  std::uint32_t bin = 0;
  double points_below = 0;

  friend bool operator==(const reason_code&, const reason_code&) = default;
};

/// Keeps the k largest points-below offered so far, sorted descending, in a caller's buffer:
/// no allocation, O(k) per offer. Offer characteristics in card order: an equal d_j then
/// stays behind the earlier characteristic.
class reason_ranker {
public:
  reason_ranker(std::span<reason_code> out, std::size_t k) noexcept
      : out_(out.data()), k_(k < out.size() ? k : out.size()), bar_(k_ ? 0.0 : infinity) {}

  void offer(std::uint32_t characteristic, std::uint32_t bin, double below) noexcept {
    // One test for most offers: a reason must be > 0 and, once k are kept, beat the last.
    if (!(below > bar_)) return;
    // From the first free place (or the k-th, whose code is pushed out), move each smaller
    // code one place down until the new one's place is found. Strict: ties stay behind.
    std::size_t pos = n_ < k_ ? n_ : k_ - 1;
    for (; pos > 0 && out_[pos - 1].points_below < below; --pos) out_[pos] = out_[pos - 1];
    out_[pos] = reason_code{characteristic, bin, below};
    if (n_ < k_) ++n_;
    if (n_ == k_) bar_ = out_[k_ - 1].points_below;
  }

  /// Offers characteristics first, first + 1, ..., first + n − 1, with points-below below[i]
  /// and bin bin(i), in that order: the same reasons as n calls of offer(), with fewer
  /// calls. A value that is not > 0 is never a reason. And for k ≤ 4, take from each of the
  /// four interleaved groups i ≡ 0, 1, 2, 3 (mod 4) one value, group_max[0..3] (its maximum
  /// filters best; −∞ for a group with no value): they are four different characteristics,
  /// each at least m = the least of them, so a value below m has four larger ones, is never
  /// among the k largest, and is not offered. A typical applicant then offers few more than
  /// k values, and few are inserted only to be pushed out later. (The caller that writes
  /// below[] can keep the maxima on the way, as score_plain does.)
  template <class Bin>
  void offer_all(std::uint32_t first, std::span<const double> below, const Bin& bin,
                 const double (&group_max)[4]) noexcept {
    const std::size_t n = below.size();
    if (k_ == 0) return;
    // Offers below `least` are left out. x ≥ denorm_min ⇔ x > 0 (and where denormals count
    // as 0, it lets more through, which offer() then turns down).
    double least = std::numeric_limits<double>::denorm_min();
    if (k_ <= 4) {
      const double m01 = group_max[0] < group_max[1] ? group_max[0] : group_max[1];
      const double m23 = group_max[2] < group_max[3] ? group_max[2] : group_max[3];
      const double m = m01 < m23 ? m01 : m23;
      least = m > least ? m : least;
    }
    // Which values to offer, as the bits of a mask per 64 (no branch per value), then offered
    // in order.
    const double* b = below.data();
    for (std::size_t c0 = 0; c0 < n; c0 += 64) {
      const std::size_t c1 = n - c0 < 64 ? n : c0 + 64;
      std::uint64_t take = credo::detail::kernels::at_least_mask(b + c0, c1 - c0, least);  // bit i − c0: offer value i
      for (; take != 0; take &= take - 1) {
        const std::size_t t = c0 + static_cast<std::size_t>(std::countr_zero(take));
        offer(first + static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(bin(t)), b[t]);
      }
    }
  }

  /// The same with bins[i] and the groups' maxima taken here.
  void offer_all(std::uint32_t first, std::span<const double> below, std::span<const std::uint32_t> bins) noexcept {
    const std::size_t n = below.size() < bins.size() ? below.size() : bins.size();
    // Only `>` replaces a maximum, so each is −∞ or some value of its group (never NaN).
    double group_max[4] = {-infinity, -infinity, -infinity, -infinity};
    for (std::size_t i = 0; i < n; ++i) group_max[i % 4] = below[i] > group_max[i % 4] ? below[i] : group_max[i % 4];
    offer_all(first, below.first(n), [bins](std::size_t i) { return bins[i]; }, group_max);
  }

  std::size_t size() const noexcept { return n_; }

private:
  static constexpr double infinity = std::numeric_limits<double>::infinity();

  reason_code* out_;
  std::size_t k_;
  std::size_t n_ = 0;
  double bar_;  // what an offer must exceed: 0, or the k-th kept once k are kept (∞ when k = 0)
};

}  // namespace credo::model
