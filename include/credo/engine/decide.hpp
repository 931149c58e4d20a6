// What the embeddable engine decides for one applicant, and the decision policies that turn
// a score into a verdict.
//
// A decision policy is a const function object checked by credo::engine::decision_policy:
//   verdict decide(const decision_input&) const noexcept   the verdict for a scored applicant
//   std::string_view name() const                           for reports
// optionally
//   std::size_t segments() const    how many segments it knows; an applicant whose segment
//                                   is not below it gets status invalid_input (bad_segment)
// It sees scored applicants only: a person the coverage rule cannot score, or whose input is
// invalid, gets verdict::refer from the engine itself, with the status saying why, never a
// made-up score (DESIGN.md: the scoring path never throws per row).
//
// Approval is at or above the cut-off (higher score = safer; DESIGN.md, fairness conventions).
#pragma once

#include <credo/core/error.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/fwd.hpp>
#include <credo/features/record_check.hpp>
#include <credo/features/records.hpp>
#include <credo/model/reason_codes.hpp>

#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <ranges>
#include <type_traits>
#include <utility>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace credo::engine {

/// The verdict on an application.
enum class verdict : std::uint8_t {
  approve,
  decline,
  refer,  ///< to a person: not scored (see decision_status) or inside a policy's refer band
};

/// Whether the applicant was scored, and if not, why.
enum class decision_status : std::uint8_t {
  scored,         ///< score, PD and reasons are set
  not_scoreable,  ///< the coverage rule does not hold on the file (or there is no file)
  invalid_input,  ///< the input is malformed; `problem` says how
};

/// Why an input is invalid (decision_status::invalid_input); none otherwise.
enum class input_problem : std::uint8_t {
  none,
  bad_as_of,      ///< as_of before 1900-01-01
  bad_dates,      ///< a tradeline opened after its last report or closed before it opened
  bad_history,    ///< a payment-history character that is not a Metro 2 status
  bad_amount,     ///< a negative or infinite balance or credit limit
  bad_segment,    ///< a segment the decision policy does not know
  bad_group,      ///< a group a monitor does not know
  missing_value,  ///< the model cannot score a missing feature (e.g. missing_action::error)
  bad_code,       ///< the model rejected a bin code or a value
};

}  // namespace credo::engine

template <>
struct credo::detail::enum_names<credo::engine::verdict> {
  using e = credo::engine::verdict;
  static constexpr enum_name<e> table[] = {
      {e::approve, "approve"}, {e::decline, "decline"}, {e::refer, "refer"}};
};
template <>
struct credo::detail::enum_names<credo::engine::decision_status> {
  using e = credo::engine::decision_status;
  static constexpr enum_name<e> table[] = {
      {e::scored, "scored"}, {e::not_scoreable, "not_scoreable"}, {e::invalid_input, "invalid_input"}};
};
template <>
struct credo::detail::enum_names<credo::engine::input_problem> {
  using e = credo::engine::input_problem;
  static constexpr enum_name<e> table[] = {
      {e::none, "none"},           {e::bad_as_of, "bad_as_of"},     {e::bad_dates, "bad_dates"},
      {e::bad_history, "bad_history"}, {e::bad_amount, "bad_amount"}, {e::bad_segment, "bad_segment"},
      {e::bad_group, "bad_group"}, {e::missing_value, "missing_value"}, {e::bad_code, "bad_code"}};
};

namespace credo::engine {

inline const char* to_string(verdict v) noexcept { return credo::detail::name_of(v); }
inline const char* to_string(decision_status s) noexcept { return credo::detail::name_of(s); }
inline const char* to_string(input_problem p) noexcept { return credo::detail::name_of(p); }

/// The input_problem of a tradeline's record_problem (features/record_check.hpp): the same
/// name, so the reader's refusal and the engine's status say the same thing.
constexpr input_problem input_problem_of(features::record_problem p) noexcept {
  switch (p) {
    case features::record_problem::none: return input_problem::none;
    case features::record_problem::bad_dates: return input_problem::bad_dates;
    case features::record_problem::bad_history: return input_problem::bad_history;
    case features::record_problem::bad_amount: return input_problem::bad_amount;
  }
  return input_problem::none;
}

/// At most this many reason codes per decision (Regulation B practice, 12 CFR 1002.9).
inline constexpr std::size_t max_reasons = 4;

/// The decision on one applicant. Plain data, no allocation.
struct decision {
  decision_status status = decision_status::invalid_input;
  input_problem problem = input_problem::none;
  coverage::file_status file = coverage::file_status::invisible;  ///< under the coverage rule
  verdict outcome = verdict::refer;
  double score = std::numeric_limits<double>::quiet_NaN();  ///< NaN unless scored
  double pd = std::numeric_limits<double>::quiet_NaN();     ///< probability of bad; NaN unless scored
  std::uint32_t segment = 0;
  std::uint32_t reason_count = 0;
  std::array<model::reason_code, max_reasons> reason_codes{};

  bool scored() const noexcept { return status == decision_status::scored; }
  bool approved() const noexcept { return outcome == verdict::approve; }
  /// The reason codes, largest points below the baseline first.
  std::span<const model::reason_code> reasons() const noexcept {
    return {reason_codes.data(), reason_count};
  }
};

/// An applicant in the canonical shape: the date of the application and spans over the
/// lender's own tradeline and inquiry structs (any types the features concepts accept), a
/// segment for cut-off tables, a group for monitors and, when known, the outcome observed
/// later (back-testing, delayed-outcome monitoring). The engine accepts any type with the
/// members as_of, accounts and inquiries (see credo::engine::applicant_like); segment, group
/// and outcome are read when present. The defaults (tradeline_record, inquiry_record) are
/// declared in credo/fwd.hpp.
template <class T, class Q>
struct applicant {
  static_assert(features::tradeline<T>, "applicant: T must model credo::features::tradeline");
  static_assert(features::inquiry<Q>, "applicant: Q must model credo::features::inquiry");
  features::date as_of;
  std::span<const T> accounts;
  std::span<const Q> inquiries;
  std::uint32_t segment = 0;
  std::uint32_t group = 0;
  std::int8_t outcome = -1;  ///< 1 bad, 0 good, -1 not (yet) known
};

/// A type the engine decides on: as_of (a date) and ranges of tradelines and inquiries.
template <class A>
concept applicant_like = requires(const A& a) {
  { a.as_of } -> std::convertible_to<features::date>;
  { *std::ranges::begin(a.accounts) };
  { *std::ranges::begin(a.inquiries) };
} && features::tradeline<std::remove_cvref_t<std::ranges::range_reference_t<decltype((std::declval<const A&>().accounts))>>>
  && features::inquiry<std::remove_cvref_t<std::ranges::range_reference_t<decltype((std::declval<const A&>().inquiries))>>>;

/// The applicant's segment (0 when the type has none) and outcome (-1 when it has none).
template <class A>
std::size_t segment_of(const A& a) noexcept {
  if constexpr (requires { a.segment; }) return static_cast<std::size_t>(a.segment);
  else return 0;
}
template <class A>
int outcome_of(const A& a) noexcept {
  if constexpr (requires { a.outcome; }) return static_cast<int>(a.outcome);
  else return -1;
}

/// What a decision policy sees of a scored applicant.
struct decision_input {
  double score = 0;
  double pd = 0;
  std::size_t segment = 0;
};

/// What the engine needs of a decision policy (see the top of this file).
template <class D>
concept decision_policy = std::copy_constructible<D> && requires(const D& d, const decision_input& in) {
  { d.decide(in) } -> std::same_as<verdict>;
  { d.name() } -> std::convertible_to<std::string_view>;
};

namespace detail {
template <class D>
std::size_t policy_segments(const D& d) noexcept {
  if constexpr (requires { { d.segments() } -> std::convertible_to<std::size_t>; })
    return d.segments();
  else
    return std::numeric_limits<std::size_t>::max();
}
}  // namespace detail

namespace decide {

/// One score cut-off: approve at or above `approve_at`; with a refer band, refer scores in
/// [refer_from, approve_at) and decline below refer_from. Default: no refer band
/// (refer_from = approve_at).
struct cutoff {
  double approve_at = 600;
  double refer_from = std::numeric_limits<double>::quiet_NaN();  // NaN: = approve_at

  cutoff() = default;
  /// Throws credo.engine.bad_cutoff for a NaN or infinite cut-off or refer_from > approve_at.
  explicit cutoff(double approve, double refer = std::numeric_limits<double>::quiet_NaN())
      : approve_at(approve), refer_from(refer) {
    check(0);
  }

  std::string_view name() const noexcept { return "cutoff"; }
  verdict decide(const decision_input& in) const noexcept {
    if (in.score >= approve_at) return verdict::approve;
    const double r = std::isnan(refer_from) ? approve_at : refer_from;
    return in.score >= r ? verdict::refer : verdict::decline;
  }

  void check(std::size_t segment) const {
    const std::string where = "segment " + std::to_string(segment) + ": ";
    if (!std::isfinite(approve_at))
      CREDO_THROW(invalid_input, "credo.engine.bad_cutoff", where + "the cut-off is not a finite number");
    if (!std::isnan(refer_from) && !(std::isfinite(refer_from) && refer_from <= approve_at))
      CREDO_THROW(invalid_input, "credo.engine.bad_cutoff",
                  where + "refer_from must be finite and at most the cut-off");
  }
};

/// A cut-off per segment (a product, channel or region): the applicant's segment (an index)
/// picks the row. An applicant with a segment past the table is invalid input (bad_segment).
struct cutoff_table {
  std::vector<cutoff> by_segment;

  cutoff_table() = default;
  /// Throws credo.engine.bad_cutoff (see cutoff) and credo.engine.empty_table.
  cutoff_table(std::initializer_list<cutoff> rows) : cutoff_table(std::vector<cutoff>(rows)) {}
  explicit cutoff_table(std::vector<cutoff> rows) : by_segment(std::move(rows)) {
    if (by_segment.empty())
      CREDO_THROW(invalid_input, "credo.engine.empty_table", "a cut-off table needs at least one segment");
    for (std::size_t s = 0; s < by_segment.size(); ++s) by_segment[s].check(s);
  }

  std::string_view name() const noexcept { return "cutoff_table"; }
  std::size_t segments() const noexcept { return by_segment.size(); }
  verdict decide(const decision_input& in) const noexcept { return by_segment[in.segment].decide(in); }
};

/// A PD ceiling: approve when the probability of bad is at most `max_pd`.
struct max_pd {
  double ceiling = 0.05;
  std::string_view name() const noexcept { return "max_pd"; }
  verdict decide(const decision_input& in) const noexcept {
    return in.pd <= ceiling ? verdict::approve : verdict::decline;
  }
};

}  // namespace decide
}  // namespace credo::engine

namespace credo {
/// Short names: credo::decide::cutoff, credo::decision_policy<D>.
namespace decide = engine::decide;
using engine::decision_policy;
}  // namespace credo
