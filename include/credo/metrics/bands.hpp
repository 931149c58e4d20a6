// Score bands shared by gains tables, calibration tables, Hosmer–Lemeshow and PSI.
//
// Quantile bands keep ties together: walking the distinct values in order, a value of weight
// w preceded by weight C (of total W) goes to band ⌊g·(C + w/2)/W⌋ (clamped to g − 1), i.e.
// the band holding the midpoint of its weight. With heavy ties a band can stay empty; the
// tables then show it with zero weight (nothing is dropped silently).
// Cut-off bands are lower-inclusive: cut-offs c_1 < … < c_k make bands (−∞, c_1), [c_1, c_2),
// …, [c_k, +∞).
#pragma once

#include <credo/detail/bands.hpp>
#include <credo/metrics/common.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <span>
#include <string>
#include <vector>

namespace credo::metrics {

/// How to cut scores into bands: `count` quantile bands (default 10: deciles) or, when
/// `cutoffs` is not empty, the bands between those increasing cut-offs.
struct band_options {
  std::size_t count = 10;
  std::vector<double> cutoffs;
};

namespace detail {

inline std::size_t quantile_band(double before, double w, double total, std::size_t g) {
  const double at = std::floor(static_cast<double>(g) * (before + 0.5 * w) / total);
  return at <= 0 ? 0 : std::min(g - 1, static_cast<std::size_t>(at));
}

/// Cut-offs must be finite and strictly increasing; a quantile banding needs count >= 1.
inline void check_bands(const char* what, const band_options& o) {
  if (o.cutoffs.empty()) {
    if (o.count == 0)
      CREDO_THROW(invalid_input, "credo.metrics.bad_bands", std::string(what) + ": the number of bands is 0");
    return;
  }
  for (std::size_t i = 0; i < o.cutoffs.size(); ++i) {
    if (!std::isfinite(o.cutoffs[i]) || (i > 0 && !(o.cutoffs[i] > o.cutoffs[i - 1])))
      CREDO_THROW(invalid_input, "credo.metrics.bad_bands",
                  std::string(what) + ": cut-off " + std::to_string(i) + " (" + num(o.cutoffs[i]) +
                      ") is not finite and above the previous one");
  }
}

inline std::size_t band_count(const band_options& o) { return o.cutoffs.empty() ? o.count : o.cutoffs.size() + 1; }

}  // namespace detail
}  // namespace credo::metrics
