// What a fairness measure does when its denominator is zero: a policy, never a silent 0.
//
// A rate over an empty set (the approval rate among goods of a group with no goods), a ratio
// against a reference rate of 0, a test whose variance is 0: each calls the policy's
// on_zero(what), where `what` names the quantity, and uses the value it returns.
//
// One of the library's three zero-denominator policies, with metrics::empty_band (PSI) and
// binning::zero_cell_rule (WoE); docs/concepts.md, "Zero denominators", sets them side by side.
#pragma once

#include <credo/core/error.hpp>

#include <concepts>
#include <limits>
#include <string>
#include <string_view>

namespace credo::fairness {

namespace zero_division {

/// Throws credo.fairness.zero_division naming the quantity.
struct raise {
  template <class Real>
  Real on_zero(std::string_view what) const {
    CREDO_THROW(numeric_error, "credo.fairness.zero_division",
                std::string(what) + ": the denominator is zero");
  }
};

/// Returns NaN, which propagates to every measure built on the quantity (the default).
struct nan {
  template <class Real>
  Real on_zero(std::string_view) const {
    return std::numeric_limits<Real>::quiet_NaN();
  }
};

/// Returns a stated value (e.g. 1 for a ratio of two empty rates, as a regulator may ask).
struct value {
  double v = 0;
  template <class Real>
  Real on_zero(std::string_view) const {
    return static_cast<Real>(v);
  }
};

}  // namespace zero_division

/// What a zero-division policy must provide: on_zero<Real>(what) returning the value to use.
template <class P>
concept zero_division_policy = requires(const P& p, std::string_view what) {
  { p.template on_zero<double>(what) } -> std::convertible_to<double>;
  { p.template on_zero<float>(what) } -> std::convertible_to<float>;
};

namespace detail {
/// num/den, or the policy's value when den is 0.
template <class Real, zero_division_policy Z>
Real divide(Real num, Real den, const Z& z, std::string_view what) {
  if (den == 0) return z.template on_zero<Real>(what);
  return num / den;
}
}  // namespace detail

}  // namespace credo::fairness
