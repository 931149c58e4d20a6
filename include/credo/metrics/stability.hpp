// Population and characteristic stability: PSI and CSI.
//
//   PSI = Σ_i (A_i − E_i)·ln(A_i/E_i)
// over bands i, with E_i the reference (expected, development) share and A_i the current
// (actual) share of band i (Siddiqi 2017, ch. 12; Yurdakul 2018, "Statistical properties of
// the population stability index"). CSI is the same sum over the bins of one characteristic.
// Customary reading: < 0.1 stable, 0.1–0.25 some shift, > 0.25 major shift.
//
// A band with a zero share makes the sum infinite. What to do is a policy, never a silent
// drop: empty_band::fail throws credo.metrics.empty_band; empty_band::add_epsilon replaces
// each zero share by ε (default 1e-4) and the result states ε and the bands it touched.
// One of the zero-denominator family (docs/concepts.md, "Zero denominators").
#pragma once

#include <credo/detail/bands.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/fwd.hpp>
#include <credo/metrics/bands.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/detail/radix_sort.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace credo::metrics {

namespace empty_band {

/// Refuses a band with a zero share (credo.metrics.empty_band).
struct fail {
  double replace(std::string_view what, std::size_t band, std::string_view side) const {
    CREDO_THROW(numeric_error, "credo.metrics.empty_band",
                std::string(what) + ": band " + std::to_string(band) + " has no " + std::string(side) +
                    " weight; the index is infinite (use empty_band::add_epsilon to smooth)");
  }
};

/// Replaces a zero share by epsilon (stated in the result).
struct add_epsilon {
  double epsilon = 1e-4;
  double replace(std::string_view, std::size_t, std::string_view) const { return epsilon; }
};

/// What an empty-band policy provides: the share to use in place of a zero share (or a throw).
template <class P>
concept policy = requires(const P& p, std::string_view what, std::size_t band, std::string_view side) {
  { p.replace(what, band, side) } -> std::convertible_to<double>;
};

}  // namespace empty_band

enum class stability_verdict { stable, some_shift, major_shift };

}  // namespace credo::metrics

template <>
struct credo::detail::enum_names<credo::metrics::stability_verdict> {
  using e = credo::metrics::stability_verdict;
  static constexpr enum_name<e> table[] = {
      {e::stable, "stable"}, {e::some_shift, "some shift"}, {e::major_shift, "major shift"}};
};

namespace credo::metrics {

inline const char* to_string(stability_verdict v) noexcept { return credo::detail::name_of(v); }

/// < 0.1 stable; 0.1 to 0.25 some shift; > 0.25 major shift.
inline stability_verdict verdict(double index) noexcept {
  return index < 0.1 ? stability_verdict::stable
                     : (index <= 0.25 ? stability_verdict::some_shift : stability_verdict::major_shift);
}

struct stability_result {
  double value = 0;
  std::vector<double> expected_share, actual_share;  // after any epsilon
  std::vector<double> contribution;                  // (A_i − E_i)·ln(A_i/E_i)
  stability_verdict verdict = stability_verdict::stable;
  double epsilon = 0;                                // 0 when no share was replaced
  std::vector<std::size_t> smoothed_bands;           // bands where a zero share was replaced
};

/// PSI (or CSI) from per-band counts, weights or shares of the reference (expected) and the
/// current (actual) distribution; each side is normalised to shares first.
template <empty_band::policy Policy = empty_band::fail>
stability_result psi(std::span<const double> expected, std::span<const double> actual, const Policy& policy = {},
                     std::string_view what = "psi") {
  const std::string w(what);
  if (expected.size() != actual.size() || expected.empty())
    CREDO_THROW(invalid_input, "credo.metrics.length_mismatch",
                w + ": " + std::to_string(expected.size()) + " expected bands and " + std::to_string(actual.size()) +
                    " actual bands");
  double te = 0, ta = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (!(expected[i] >= 0) || !(actual[i] >= 0) || std::isinf(expected[i]) || std::isinf(actual[i]))
      CREDO_THROW(invalid_input, "credo.metrics.bad_weight",
                  w + ", band " + std::to_string(i) + ": a count is negative or not finite");
    te += expected[i];
    ta += actual[i];
  }
  if (!(te > 0) || !(ta > 0))
    CREDO_THROW(numeric_error, "credo.metrics.empty",
                w + ": the " + std::string(te > 0 ? "actual" : "expected") + " distribution has no weight");
  stability_result r;
  r.expected_share.resize(expected.size());
  r.actual_share.resize(expected.size());
  r.contribution.resize(expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double e0 = expected[i] / te, a0 = actual[i] / ta;
    const double e = e0 > 0 ? e0 : policy.replace(w, i, "expected");
    const double a = a0 > 0 ? a0 : policy.replace(w, i, "actual");
    if (!(e0 > 0) || !(a0 > 0)) {
      r.smoothed_bands.push_back(i);
      r.epsilon = e0 > 0 ? a : e;
    }
    r.expected_share[i] = e;
    r.actual_share[i] = a;
    r.contribution[i] = (a - e) * std::log(a / e);
    r.value += r.contribution[i];
  }
  r.verdict = verdict(r.value);
  return r;
}

/// One characteristic's bins for CSI: counts (or shares) per bin, reference and current.
struct characteristic_bins {
  std::string name;
  std::vector<double> expected, actual;
};

struct characteristic_stability {
  std::string name;
  stability_result result;
};

/// CSI of every characteristic (same formula as PSI over its bins; independent of binning).
template <empty_band::policy Policy = empty_band::fail>
std::vector<characteristic_stability> csi(std::span<const characteristic_bins> characteristics, const Policy& policy = {}) {
  std::vector<characteristic_stability> out;
  out.reserve(characteristics.size());
  for (const auto& c : characteristics)
    out.push_back({c.name, psi(c.expected, c.actual, policy, "csi of characteristic " + credo::detail::quoted(c.name))});
  return out;
}

/// Weighted counts of scores over lower-inclusive cut-off bands (see bands.hpp); mergeable.
template <class Real>
class band_counts {
public:
  explicit band_counts(std::vector<double> cutoffs) : cutoffs_(std::move(cutoffs)) {
    band_options o;
    o.cutoffs = cutoffs_;
    if (!cutoffs_.empty()) detail::check_bands("band_counts", o);
    weight_.assign(cutoffs_.size() + 1, 0.0);
    rows_.assign(cutoffs_.size() + 1, 0);
  }
  void operator()(Real score, Real weight = 1) {
    detail::check_row("band_counts", score, weight);
    const std::size_t b = credo::detail::cutoff_band(static_cast<double>(score), cutoffs_);
    weight_[b] += static_cast<double>(weight);
    ++rows_[b];
  }
  void fill(std::span<const Real> score, std::span<const Real> weight = {}) {
    detail::check_lengths("band_counts", score.size(), score.size(), weight.size());
    for (std::size_t i = 0; i < score.size(); ++i) detail::check_row("band_counts", score[i], weight.empty() ? Real(1) : weight[i]);
    for (std::size_t i = 0; i < score.size(); ++i) (*this)(score[i], weight.empty() ? Real(1) : weight[i]);
  }
  /// Merges counts over the same cut-offs (credo.metrics.band_mismatch otherwise).
  band_counts& operator+=(const band_counts& o) {
    if (o.cutoffs_ != cutoffs_)
      CREDO_THROW(invalid_input, "credo.metrics.band_mismatch", "band_counts: cannot merge counts over different cut-offs");
    for (std::size_t i = 0; i < weight_.size(); ++i) {
      weight_[i] += o.weight_[i];
      rows_[i] += o.rows_[i];
    }
    return *this;
  }
  bool operator==(const band_counts&) const = default;
  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(cutoffs_, weight_, rows_);
    ar.check(weight_.size() == cutoffs_.size() + 1 && rows_.size() == weight_.size(),
             "band_counts: not one weight and one row count per band");
  }
  /// Counts kept elsewhere (a saved monitor state): one weight and one row count per band,
  /// weights finite and >= 0 (credo.metrics.bad_counts otherwise).
  static band_counts from_counts(std::vector<double> cutoffs, std::vector<double> weights,
                                 std::vector<std::size_t> rows) {
    band_counts c(std::move(cutoffs));
    if (weights.size() != c.weight_.size() || rows.size() != c.rows_.size())
      CREDO_THROW(invalid_input, "credo.metrics.bad_counts",
                  "band_counts: " + std::to_string(c.weight_.size()) + " bands need as many weights and row counts, got " +
                      std::to_string(weights.size()) + " and " + std::to_string(rows.size()));
    for (double w : weights)
      if (!(std::isfinite(w) && w >= 0))
        CREDO_THROW(invalid_input, "credo.metrics.bad_counts", "band_counts: a band's weight is not a finite number >= 0");
    c.weight_ = std::move(weights);
    c.rows_ = std::move(rows);
    return c;
  }
  const std::vector<double>& cutoffs() const noexcept { return cutoffs_; }
  const std::vector<double>& weights() const noexcept { return weight_; }
  const std::vector<std::size_t>& rows() const noexcept { return rows_; }

private:
  friend struct credo::archive_access;
  band_counts() = default;  // to be read from bytes

  std::vector<double> cutoffs_;
  std::vector<double> weight_;
  std::vector<std::size_t> rows_;
};

/// Cut-offs of `bands` weighted quantile bands of reference scores (ties kept together, see
/// bands.hpp): each cut-off is the lowest score of a band. Fewer cut-offs come back when ties
/// leave a band empty (the bands that remain are the non-empty ones).
template <class Real>
std::vector<double> reference_cutoffs(std::span<const Real> score, std::span<const Real> weight, std::size_t bands = 10) {
  detail::check_lengths("reference_cutoffs", score.size(), score.size(), weight.size());
  if (bands == 0) CREDO_THROW(invalid_input, "credo.metrics.bad_bands", "reference_cutoffs: the number of bands is 0");
  std::vector<std::pair<double, double>> v(score.size());
  double W = 0;
  for (std::size_t i = 0; i < score.size(); ++i) {
    const Real w = weight.empty() ? Real(1) : weight[i];
    detail::check_row("reference_cutoffs", score[i], w);
    v[i] = {static_cast<double>(score[i]) + 0.0, static_cast<double>(w)};
    W += v[i].second;
  }
  if (!(W > 0)) CREDO_THROW(numeric_error, "credo.metrics.empty", "reference_cutoffs: no reference row with positive weight");
  std::sort(v.begin(), v.end());
  std::vector<double> cut;
  double before = 0;
  std::size_t last_band = 0;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    double w = 0;
    for (; j < v.size() && v[j].first == v[i].first; ++j) w += v[j].second;
    const std::size_t b = detail::quantile_band(before, w, W, bands);
    if (b != last_band && before > 0) cut.push_back(v[i].first);
    last_band = b;
    before += w;
    i = j;
  }
  return cut;
}

/// PSI of current scores against reference scores over the reference's quantile bands.
template <class Real, empty_band::policy Policy = empty_band::fail>
stability_result psi_from_scores(std::span<const Real> reference, std::span<const Real> current,
                                 std::size_t bands = 10, const Policy& policy = {}) {
  band_counts<Real> e(reference_cutoffs<Real>(reference, {}, bands)), a(e.cutoffs());
  e.fill(reference);
  a.fill(current);
  return psi(std::span<const double>(e.weights()), std::span<const double>(a.weights()), policy);
}

/// PSI between two band_counts over the same cut-offs.
template <class Real, empty_band::policy Policy = empty_band::fail>
stability_result psi(const band_counts<Real>& expected, const band_counts<Real>& actual, const Policy& policy = {}) {
  if (expected.cutoffs() != actual.cutoffs())
    CREDO_THROW(invalid_input, "credo.metrics.band_mismatch", "psi: the two distributions use different cut-offs");
  return psi(std::span<const double>(expected.weights()), std::span<const double>(actual.weights()), policy);
}

}  // namespace credo::metrics
