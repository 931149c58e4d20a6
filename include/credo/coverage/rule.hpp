// Scoreability rules: when a person's file (the merge of the records of the sources in use)
// holds enough to be scored.
//
// A rule is a policy with a per-person `state`, fed the seen accounts of the file:
//   add(state&, const account_view&, const person_context&)     one seen account
//   scoreable(const state&, const person_context&) -> bool
// optionally
//   start(state&, const person_context&)    once per person before the first account
//   merge(state&, const state&)              state of the union of two disjoint sets of
//                                            accounts; lets source_analysis evaluate the
//                                            2^|sources| sub-files of a person from one
//                                            state per source instead of re-adding accounts.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/features/records.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>

namespace credo::coverage {

using features::account_view;
using features::date;
using features::person_context;
using features::source_mask;

template <class R>
concept scoreability_rule =
    std::default_initializable<typename R::state> && std::copy_constructible<R> &&
    requires(const R& r, typename R::state& s, const typename R::state& cs, const account_view& a,
             const person_context& c) {
      r.add(s, a, c);
      { r.scoreable(cs, c) } -> std::convertible_to<bool>;
    };

/// A rule whose states of disjoint account sets merge into the state of their union.
template <class R>
concept mergeable_rule = scoreability_rule<R> && requires(const R& r, typename R::state& s,
                                                          const typename R::state& o) {
  r.merge(s, o);
};

/// A rule in condition form: scoreable exactly when each of `conditions` (at most 3)
/// conditions is met by at least one account of the file, each condition a property of a
/// single account ("reported in the last 6 months", "opened 6 months ago or more").
/// condition_bits(state) says which conditions the accounts added to `state` meet; merging
/// ORs them. Such a rule's game over sources is an AND of "any of X_j" games, whose Shapley
/// value has a closed form (see sources.hpp), so source_analysis needs only the masks X_j
/// of each person, not a 2^n truth table.
template <class R>
concept condition_rule = mergeable_rule<R> && requires(const R& r, const typename R::state& s) {
  { R::conditions } -> std::convertible_to<std::size_t>;
  { r.condition_bits(s) } -> std::convertible_to<std::uint32_t>;
} && (R::conditions >= 1 && R::conditions <= 3);

/// Readies a rule's state for the person at c: calls r.start(s, c) when the rule has one (a
/// rule whose state depends on as_of, such as the default rule's date windows), else nothing.
/// Every walk over a person's records (coverage, the engine) calls it before the first add.
template <class R>
void start_state(const R& r, typename R::state& s, const person_context& c) {
  if constexpr (requires { r.start(s, c); }) r.start(s, c);
}

/// The bureau's usual rule (DESIGN.md): at least one account reported in the `recent_months`
/// up to as_of (last_reported >= as_of − recent_months calendar months, inclusive) and at
/// least one account opened `seasoned_months` or more before as_of (opened <= as_of −
/// seasoned_months, inclusive). The two may be different accounts, so two sources can make
/// a file scoreable that neither makes alone. Defaults 6 and 6.
struct recent_and_seasoned {
  int recent_months = 6;
  int seasoned_months = 6;

  struct state {
    date recent_from, seasoned_until;
    bool recent = false, seasoned = false;
  };
  void start(state& s, const person_context& c) const {
    s.recent_from = c.months_before(recent_months);
    // the usual rule has one length for both: one calendar move instead of two
    s.seasoned_until = seasoned_months == recent_months ? s.recent_from : c.months_before(seasoned_months);
  }
  void add(state& s, const account_view& a, const person_context&) const {
    s.recent = s.recent | (a.last_reported >= s.recent_from);  // no short circuit: no branch per account
    s.seasoned = s.seasoned | (a.opened <= s.seasoned_until);
  }
  void merge(state& s, const state& o) const {
    s.recent = s.recent || o.recent;
    s.seasoned = s.seasoned || o.seasoned;
  }
  bool scoreable(const state& s, const person_context&) const { return s.recent && s.seasoned; }
  /// Condition form: bit 0 recent, bit 1 seasoned.
  static constexpr std::size_t conditions = 2;
  std::uint32_t condition_bits(const state& s) const { return (s.recent ? 1u : 0u) | (s.seasoned ? 2u : 0u); }
};

/// Thin-file rule: at least `min_accounts` seen accounts (default 1), whatever their age.
struct min_accounts {
  std::size_t minimum = 1;

  struct state { std::size_t n = 0; };
  void add(state& s, const account_view&, const person_context&) const { ++s.n; }
  void merge(state& s, const state& o) const { s.n += o.n; }
  bool scoreable(const state& s, const person_context&) const { return s.n >= minimum; }
};

/// What a person's file is under a rule: no seen record at all (invisible to the bureau),
/// records but not scoreable, or scoreable.
enum class file_status : std::uint8_t { invisible, unscoreable, scoreable };

}  // namespace credo::coverage

template <>
struct credo::detail::enum_names<credo::coverage::file_status> {
  using e = credo::coverage::file_status;
  static constexpr enum_name<e> table[] = {
      {e::invisible, "invisible"}, {e::unscoreable, "unscoreable"}, {e::scoreable, "scoreable"}};
};

namespace credo::coverage {

inline const char* to_string(file_status s) noexcept { return credo::detail::name_of(s); }

/// The status of person p of a population, with the records of `sources` only.
template <scoreability_rule Rule, class T, class Q>
file_status status_of(const features::population<T, Q>& pop, std::size_t p, const Rule& rule,
                      source_mask sources = features::all_sources) {
  typename Rule::state s{};
  bool started = false;
  const auto c = pop.visit(
      p, sources,
      [&](const account_view& a, const person_context& cc) {
        if (!started) {
          start_state(rule, s, cc);
          started = true;
        }
        rule.add(s, a, cc);
      },
      [](const features::inquiry_view&, const person_context&) {}, false);
  if (!c.has_file()) return file_status::invisible;
  if (!started) start_state(rule, s, c);
  return rule.scoreable(s, c) ? file_status::scoreable : file_status::unscoreable;
}

}  // namespace credo::coverage
