// Resampling helpers shared by the bootstrap intervals of metrics and fairness.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace credo::detail {

/// An unbiased draw in [0, n): reject the lowest 2^64 mod n values, then reduce modulo n
/// (Lemire 2019, "Fast random integer generation in an interval", the rejection step).
inline std::uint64_t uniform_below(std::mt19937_64& g, std::uint64_t n) {
  const std::uint64_t threshold = (0 - n) % n;
  std::uint64_t x = g();
  while (x < threshold) x = g();
  return x % n;
}

/// The q-quantile of sorted values by linear interpolation between order statistics,
/// h = (n − 1)·q (Hyndman & Fan 1996, type 7; R's and NumPy's default).
inline double percentile(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace credo::detail
