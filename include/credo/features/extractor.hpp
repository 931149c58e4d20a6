// The extractor concept: what a feature needs to take part in feature_set's single pass.
//
// An extractor is a small const function object with a per-person `state`:
//   names()                 the column names it fills (their number is its width)
//   add(state&, const account_view&, const person_context&)   one seen tradeline  } at least
//   add(state&, const inquiry_view&, const person_context&)   one seen inquiry    } one of them
//   finish(const state&, const person_context&, std::span<double> out)  writes width values
// feature_set walks a person's records once and hands every record to every extractor, so
// k extractors cost one pass, not k. "No record" is NaN (missing), never 0: finish sees in
// the context how many records were seen and writes NaN where the feature is undefined.
#pragma once

#include <credo/features/records.hpp>

#include <concepts>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace credo::features {

inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();

template <class E>
concept extractor =
    std::default_initializable<typename E::state> && std::copy_constructible<E> &&
    requires(const E& e, typename E::state& s, const typename E::state& cs, const account_view& a,
             const inquiry_view& q, const person_context& c, std::span<double> out) {
      { e.names() } -> std::convertible_to<std::vector<std::string>>;
      e.finish(cs, c, out);
    } &&
    (requires(const E& e, typename E::state& s, const account_view& a, const person_context& c) {
      e.add(s, a, c);
    } || requires(const E& e, typename E::state& s, const inquiry_view& q, const person_context& c) {
      e.add(s, q, c);
    });

namespace detail {
template <class E>
inline constexpr bool takes_accounts =
    requires(const E& e, typename E::state& s, const account_view& a, const person_context& c) {
      e.add(s, a, c);
    };
template <class E>
inline constexpr bool takes_inquiries =
    requires(const E& e, typename E::state& s, const inquiry_view& q, const person_context& c) {
      e.add(s, q, c);
    };
}  // namespace detail

}  // namespace credo::features
