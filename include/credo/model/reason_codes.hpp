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
    std::size_t pos = n_;
    while (pos > 0 && out_[pos - 1].points_below < below) --pos;  // strict: ties stay behind
    const std::size_t last = n_ < k_ ? n_ : k_ - 1;
    for (std::size_t i = last; i > pos; --i) out_[i] = out_[i - 1];
    out_[pos] = reason_code{characteristic, bin, below};
    if (n_ < k_) ++n_;
    if (n_ == k_) bar_ = out_[k_ - 1].points_below;
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
