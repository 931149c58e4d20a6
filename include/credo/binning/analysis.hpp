// credo::binning::analyze: the statistics optbinning's BinningTable.analysis() reports for a
// binary target, on a credo binning table (optbinning/binning/metrics.py and
// binning_statistics.py, Navas-Palencia 2020). With p_i = bads_i / B and q_i = goods_i / G the
// bad and good shares of bin i (weighted), over the bins holding both goods and bads (the mask
// optbinning applies: the other bins' terms are infinite or undefined), natural logarithms:
//   IV (Jeffrey)       Σ (p_i − q_i) · ln(p_i / q_i)
//   Jensen–Shannon     Σ ½ [p_i ln(p_i / m_i) + q_i ln(q_i / m_i)],  m_i = (p_i + q_i) / 2  (≤ ln 2)
//   Hellinger          Σ ½ (√p_i − √q_i)²
//   triangular (LeCam) Σ (p_i − q_i)² / (p_i + q_i)
// Over every bin of the table (n = size(), special and missing bins included), with
// s_i = (goods_i + bads_i) / (G + B):
//   HHI                Σ s_i²,   normalised (HHI − 1/n) / (1 − 1/n)  (1 when n = 1)
// Over the regular bins with rows (optbinning's "n_metric" bins: special and missing left out):
//   Cramér's V         √(χ² / N) of the 2 × k table of goods and bads (χ² without continuity
//                      correction, as scipy.stats.chi2_contingency(correction=False); N its total)
//   z-tests            between consecutive such bins a, b: the two-proportion test with pooled
//                      rate r = (bads_a + bads_b) / (n_a + n_b), n = goods + bads:
//                      z = (rate_b − rate_a) / √(r (1 − r) (1/n_a + 1/n_b)), p = 2·(1 − Φ(|z|));
//                      z² is the 2 × 2 χ² without correction, so p is also optbinning's default
//                      chi2 p-value (z = 0, p = 1 when r is 0 or 1)
//   quality score      optbinning's binning_quality_score: with c = 0.39573882184806863,
//                      [IV · exp(½ (1 − (IV / c)²)) / c] · Π (1 − p_j) · (1 − HHI_normalised)
// Differences from optbinning's tables: optbinning always has one "Special" row (empty when no
// special codes are given), so its n for the HHI is one more than credo's with no special
// values; credo leaves empty regular bins (possible with fixed cuts) out of the tests and of
// Cramér's V, where optbinning would divide by zero.
#pragma once

#include <credo/binning/binning_table.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace credo::binning {

/// The two-proportion z-test between two bins (weights a_goods, a_bads and b_goods, b_bads);
/// see the file comment. Returns {z, p}.
struct z_test_result {
  double z = 0;
  double p_value = 1;
};

inline z_test_result two_proportion_test(double a_goods, double a_bads, double b_goods, double b_bads) noexcept {
  const double na = a_goods + a_bads, nb = b_goods + b_bads;
  const double ra = a_bads / na, rb = b_bads / nb, r = (a_bads + b_bads) / (na + nb);
  const double var = r * (1 - r) * (1 / na + 1 / nb);
  if (!(var > 0)) return {};
  const double z = (rb - ra) / std::sqrt(var);
  return {z, std::erfc(std::abs(z) / std::sqrt(2.0))};  // 2·(1 − Φ(|z|))
}

/// A z-test between consecutive regular bins `bin_a` < `bin_b` (indices into the table).
struct adjacent_test {
  std::size_t bin_a = 0, bin_b = 0;
  double z = 0;        ///< (rate_b − rate_a) / standard error; z² is the 2 × 2 χ²
  double p_value = 1;  ///< two-sided
};

/// optbinning's binning-table analysis of one column (see the file comment).
struct binning_analysis {
  double iv = 0;  ///< Jeffrey's divergence over the bins with goods and bads (the quality score's IV)
  double jensen_shannon = 0;
  double hellinger = 0;
  double triangular = 0;
  double hhi = 0;
  double hhi_normalized = 0;
  double cramers_v = 0;  ///< 0 with fewer than two regular bins; NaN when they lack goods or bads
  double quality_score = 0;
  std::vector<adjacent_test> tests;  ///< consecutive regular bins with rows
};

/// The analysis of `t` (see the file comment).
inline binning_analysis analyze(const binning_table& t) {
  binning_analysis a;
  const double G = t.total_goods(), B = t.total_bads(), N = G + B;
  const std::size_t n = t.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = t[i];
    const double s = (r.goods + r.bads) / N;
    a.hhi += s * s;
    if (!(r.goods > 0 && r.bads > 0)) continue;
    const double p = r.bads / B, q = r.goods / G, m = (p + q) / 2;
    a.iv += (p - q) * std::log(p / q);
    a.jensen_shannon += 0.5 * (p * std::log(p / m) + q * std::log(q / m));
    a.hellinger += 0.5 * (std::sqrt(p) - std::sqrt(q)) * (std::sqrt(p) - std::sqrt(q));
    a.triangular += (p - q) * (p - q) / (p + q);
  }
  a.hhi_normalized = n == 1 ? 1.0 : (a.hhi - 1.0 / static_cast<double>(n)) / (1.0 - 1.0 / static_cast<double>(n));

  std::vector<std::size_t> regular;
  for (std::size_t i = 0; i < t.bins().regular(); ++i)
    if (!t[i].empty) regular.push_back(i);
  for (std::size_t k = 0; k + 1 < regular.size(); ++k) {
    const auto &x = t[regular[k]], &y = t[regular[k + 1]];
    const auto z = two_proportion_test(x.goods, x.bads, y.goods, y.bads);
    a.tests.push_back({regular[k], regular[k + 1], z.z, z.p_value});
  }
  if (regular.size() >= 2) {
    double g = 0, b = 0;
    for (auto i : regular) g += t[i].goods, b += t[i].bads;
    const double total = g + b;
    if (g > 0 && b > 0) {
      double chi2 = 0;
      for (auto i : regular) {
        const double w = t[i].goods + t[i].bads;
        const double eg = w * g / total, eb = w * b / total;
        chi2 += (t[i].goods - eg) * (t[i].goods - eg) / eg + (t[i].bads - eb) * (t[i].bads - eb) / eb;
      }
      a.cramers_v = std::sqrt(chi2 / total);
    } else {
      a.cramers_v = std::numeric_limits<double>::quiet_NaN();
    }
  }
  constexpr double c = 0.39573882184806863;
  double significance = 1;
  for (const auto& x : a.tests) significance *= 1 - x.p_value;
  a.quality_score = a.iv * std::exp(0.5 * (1 - (a.iv / c) * (a.iv / c))) / c * significance * (1 - a.hhi_normalized);
  return a;
}

}  // namespace credo::binning
