// Shared vocabulary of credo::metrics: the score direction, row checks, intervals.
//
// A metric takes rows (score, bad, weight): bad = 1 is the event (DESIGN.md), weights are
// frequency weights (a row of weight 2 counts as two identical rows) and must be finite
// and >= 0. Scores are stored as Real (float halves the memory of the exact accumulators);
// every statistic is computed and returned in double.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/text.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>

namespace credo::metrics {

/// Which way a score ranks risk. Scorecard points rank safety (higher = safer, the default
/// of credo); a probability of default ranks risk (higher = riskier, as sklearn's
/// roc_auc_score(y = bad, score)). AUC, Gini, CAP and gains tables read the score in the
/// stated direction; KS is a largest absolute gap and does not depend on it.
enum class direction { higher_is_safer, higher_is_riskier };

/// The alternative hypothesis of a test, in R's words (fisher.test, roc.test, ks.test) and
/// scipy's: two_sided, or `less` / `greater` for the first quantity below / above the second
/// (an odds ratio below / above 1, AUC1 below / above AUC2, as each test states).
enum class alternative { two_sided, less, greater };

}  // namespace credo::metrics

template <>
struct credo::detail::enum_names<credo::metrics::direction> {
  using e = credo::metrics::direction;
  static constexpr enum_name<e> table[] = {
      {e::higher_is_safer, "higher_is_safer"}, {e::higher_is_riskier, "higher_is_riskier"}};
};

template <>
struct credo::detail::enum_names<credo::metrics::alternative> {
  using e = credo::metrics::alternative;
  static constexpr enum_name<e> table[] = {
      {e::two_sided, "two_sided"}, {e::less, "less"}, {e::greater, "greater"}};
};

namespace credo::metrics {

inline const char* to_string(direction d) noexcept { return credo::detail::name_of(d); }
inline const char* to_string(alternative a) noexcept { return credo::detail::name_of(a); }

/// A two-sided confidence interval around an estimate.
struct interval {
  double estimate = 0;
  double lower = 0;
  double upper = 0;
  double level = 0.95;
  friend bool operator==(const interval&, const interval&) = default;
};

namespace detail {

/// A figure in a message: six decimals at most, trailing zeros dropped (std::to_string's
/// %f, trimmed), so simple values read the same on every platform.
inline std::string num(double x) { return credo::detail::format_fixed_trimmed(x, 6); }

/// Whether C's elements lie one after the other (an Eigen expression states its inner stride;
/// a row of a column-major matrix does not qualify).
template <class C>
constexpr bool unit_stride() {
  if constexpr (requires { C::InnerStrideAtCompileTime; }) return C::InnerStrideAtCompileTime == 1;
  else return true;
}

/// A contiguous run of Real in a container that is not already a span — std::array, an
/// Eigen::VectorX<Real> as model::logistic_regression::predict_proba returns it, an Eigen::Map
/// — read in place by every metric's fill(), so predictions need no copy into a std::vector.
template <class C, class Real>
concept contiguous_of = !std::is_convertible_v<const C&, std::span<const Real>> && unit_stride<C>() &&
                        requires(const C& c) {
                          { c.data() } -> std::convertible_to<const Real*>;
                          { c.size() } -> std::convertible_to<std::size_t>;
                        };

template <class Real, class C>
std::span<const Real> span_of(const C& c) {
  return {c.data(), static_cast<std::size_t>(c.size())};
}

/// Refuses a NaN score and a negative, NaN or infinite weight (ids credo.metrics.nan_score,
/// credo.metrics.bad_weight). `what` names the metric in the message.
template <class Real>
inline void check_row(const char* what, Real score, Real weight) {
  if (std::isnan(score))
    CREDO_THROW(invalid_input, "credo.metrics.nan_score", std::string(what) + ": the score is NaN");
  if (!(weight >= 0) || std::isinf(weight))
    CREDO_THROW(invalid_input, "credo.metrics.bad_weight",
                std::string(what) + ": weight " + num(static_cast<double>(weight)) +
                    " is not a finite number >= 0");
}

/// Refuses columns of different lengths (credo.metrics.length_mismatch); an empty weight
/// span means weight 1 for every row.
inline void check_lengths(const char* what, std::size_t scores, std::size_t bads, std::size_t weights) {
  if (bads != scores || (weights != 0 && weights != scores))
    CREDO_THROW(invalid_input, "credo.metrics.length_mismatch",
                std::string(what) + ": " + std::to_string(scores) + " scores, " + std::to_string(bads) +
                    " targets and " + std::to_string(weights) + " weights");
}

/// Both classes must carry positive weight for a rank statistic (ids credo.metrics.no_bads,
/// credo.metrics.no_goods).
inline void check_classes(const char* what, double bad_weight, double good_weight) {
  if (!(bad_weight > 0))
    CREDO_THROW(numeric_error, "credo.metrics.no_bads", std::string(what) + ": no bad with positive weight");
  if (!(good_weight > 0))
    CREDO_THROW(numeric_error, "credo.metrics.no_goods", std::string(what) + ": no good with positive weight");
}

inline void check_level(const char* what, double level) {
  if (!(level > 0 && level < 1))
    CREDO_THROW(invalid_input, "credo.metrics.bad_level",
                std::string(what) + ": confidence level " + num(level) + " is not in (0, 1)");
}

}  // namespace detail
}  // namespace credo::metrics
