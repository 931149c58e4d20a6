// ChiMerge (Kerber 1992, "ChiMerge: discretization of numeric attributes", AAAI-92):
// bottom-up merging of adjacent pre-bins while they do not differ significantly.
//
// For two adjacent bins i = 1, 2 and the classes j ∈ {good, bad}, with weighted counts A_ij,
// row sums R_i, column sums C_j and N = ΣR_i:
//     χ² = Σ_i Σ_j (A_ij − E_ij)² / E_ij,   E_ij = R_i·C_j / N,
// where E_ij = 0 is replaced by 0.1 (Kerber's rule). The pair with the smallest χ² is merged
// while that χ² is below the (1 − α) quantile of χ² with 1 degree of freedom (classes − 1),
// or while there are more bins than allowed. Then, so that every bin has a finite WoE, a bin
// without goods or without bads is merged with the neighbour it is least different from.
#pragma once

#include <credo/binning/optimal.hpp>
#include <credo/fwd.hpp>

#include <boost/math/distributions/chi_squared.hpp>

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace credo::binning {

/// Kerber's χ² of two adjacent bins (see above).
inline double chi_square(const prebin& a, const prebin& b) noexcept {
  const double A[2][2] = {{a.goods, a.bads}, {b.goods, b.bads}};
  const double R[2] = {a.goods + a.bads, b.goods + b.bads};
  const double C[2] = {a.goods + b.goods, a.bads + b.bads};
  const double N = R[0] + R[1];
  if (!(N > 0)) return 0.0;
  double chi = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      double E = R[i] * C[j] / N;
      if (!(E > 0)) E = 0.1;
      const double d = A[i][j] - E;
      chi += d * d / E;
    }
  return chi;
}

/// The χ² threshold at significance `alpha` for two classes (1 degree of freedom).
inline double chimerge_threshold(double alpha) {
  return boost::math::quantile(boost::math::chi_squared_distribution<double>(1.0), 1.0 - alpha);
}

/// ChiMerge of `pre` (in order); returns the groups as exclusive end indices (last = n).
/// `max_bins` = 0 means no limit.
inline std::vector<std::size_t> chimerge_partition(std::span<const prebin> pre, double threshold,
                                                   std::size_t max_bins = 0) {
  std::vector<prebin> g(pre.begin(), pre.end());
  std::vector<std::size_t> ends;
  for (std::size_t i = 0; i < pre.size(); ++i) ends.push_back(i + 1);
  auto merge = [&](std::size_t i) {  // group i absorbs group i + 1
    g[i] += g[i + 1];
    ends[i] = ends[i + 1];
    g.erase(g.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    ends.erase(ends.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  };
  while (g.size() > 1) {
    std::size_t best = 0;
    double best_chi = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i + 1 < g.size(); ++i) {
      const double chi = chi_square(g[i], g[i + 1]);
      if (chi < best_chi) {
        best_chi = chi;
        best = i;
      }
    }
    if (best_chi < threshold || (max_bins != 0 && g.size() > max_bins)) merge(best);
    else break;
  }
  while (g.size() > 1) {
    std::size_t bad = g.size();
    for (std::size_t i = 0; i < g.size() && bad == g.size(); ++i)
      if (!(g[i].goods > 0 && g[i].bads > 0)) bad = i;
    if (bad == g.size()) break;
    if (bad == 0) merge(0);
    else if (bad + 1 == g.size()) merge(bad - 1);
    else if (chi_square(g[bad - 1], g[bad]) <= chi_square(g[bad], g[bad + 1])) merge(bad - 1);
    else merge(bad);
  }
  return ends;
}

}  // namespace credo::binning
