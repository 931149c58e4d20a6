// The band of a value among increasing cut-offs: shared by the metrics (gains, calibration and
// PSI bands) and the fairness counts (score bands per group).
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace credo::detail {

/// The band of x: the number of cut-offs c with !(x < c), which is std::upper_bound's
/// position in increasing cut-offs (NaN is past them all). A few cut-offs (deciles: nine) are
/// counted without a branch, a binary search mispredicts about every other step.
template <class X, class Cutoffs>
std::size_t cutoff_band(X x, const Cutoffs& cutoffs) {
  if (std::size(cutoffs) > 32)
    return static_cast<std::size_t>(std::upper_bound(std::begin(cutoffs), std::end(cutoffs), x) - std::begin(cutoffs));
  std::size_t n = 0;
  for (const auto c : cutoffs) n += !(x < c);
  return n;
}

}  // namespace credo::detail
