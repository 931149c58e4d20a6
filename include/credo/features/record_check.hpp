// The one check of a bureau tradeline's fields, shared by the record reader (io/records.hpp,
// which throws an error naming file, line and column) and the engine (engine/engine.hpp, which
// gives the decision status invalid_input and never throws). Both refuse the same records for
// the same reasons, so a file the reader accepts is never refused by the engine for its
// fields.
//
// A tradeline is valid when
// - its dates are in order: opened ≤ last_reported, and closed (if any) ≥ opened;
// - every payment-history character is a Metro 2 status (valid_status: 0-6, B, D, E);
// - its balance and credit limit are ≥ 0 or missing (NaN); −0 counts as 0, ±inf is refused.
// The checks run in that order and the first failing one is reported.
#pragma once

#include <credo/detail/enum_names.hpp>
#include <credo/detail/kernels/amount.hpp>
#include <credo/features/date.hpp>
#include <credo/features/records.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace credo::features {

/// What is wrong with a tradeline's fields; the engine reports it as the input_problem of
/// the same name.
enum class record_problem : std::uint8_t {
  none,
  bad_dates,    ///< opened after its last report, or closed before it opened
  bad_history,  ///< a payment-history character that is not a Metro 2 status
  bad_amount,   ///< a negative or infinite balance or credit limit
};

/// The field a record_problem is about (the reader names its column).
enum class record_field : std::uint8_t { none, closed, last_reported, payment_history, credit_limit, balance };

}  // namespace credo::features

template <>
struct credo::detail::enum_names<credo::features::record_problem> {
  using e = credo::features::record_problem;
  static constexpr enum_name<e> table[] = {
      {e::none, "none"}, {e::bad_dates, "bad_dates"}, {e::bad_history, "bad_history"}, {e::bad_amount, "bad_amount"}};
};

namespace credo::features {

inline const char* to_string(record_problem p) noexcept { return credo::detail::name_of(p); }

/// The first problem of a tradeline's fields, the field it is in and, for bad_history, the
/// 0-based position of the first invalid character.
struct record_fault {
  record_problem problem = record_problem::none;
  record_field field = record_field::none;
  std::size_t position = 0;
  explicit operator bool() const noexcept { return problem != record_problem::none; }
};

/// A balance or credit limit no record can have: negative (−inf too) or +inf. NaN (missing)
/// and −0 are allowed.
constexpr bool impossible_amount(double x) noexcept { return credo::detail::kernels::impossible_amount(x); }

/// The position of the first character of `history` that is not a Metro 2 status, or
/// std::string_view::npos.
constexpr std::size_t first_invalid_status(std::string_view history) noexcept {
  for (std::size_t i = 0; i < history.size(); ++i)
    if (!valid_status(history[i])) return i;
  return std::string_view::npos;
}

/// Checks a tradeline's fields (the rules at the top of this file). `closed_or_opened` is the
/// closing date, or the opening date for an open account (closed.value_or(opened): an open
/// account is never closed before it opened). A caller that already knows the history to be
/// valid (the engine, from a history digest without unknown months) passes an empty history.
constexpr record_fault check_tradeline(date opened, date closed_or_opened, date last_reported, double credit_limit,
                                       double balance, std::string_view history) noexcept {
  if (last_reported < opened) return {record_problem::bad_dates, record_field::last_reported, 0};
  if (closed_or_opened < opened) return {record_problem::bad_dates, record_field::closed, 0};
  if (const std::size_t i = first_invalid_status(history); i != std::string_view::npos)
    return {record_problem::bad_history, record_field::payment_history, i};
  if (impossible_amount(credit_limit)) return {record_problem::bad_amount, record_field::credit_limit, 0};
  if (impossible_amount(balance)) return {record_problem::bad_amount, record_field::balance, 0};
  return {};
}

/// check_tradeline on any tradeline type with tradeline_traits.
template <tradeline T>
record_fault check_tradeline(const T& t) {
  using tr = tradeline_traits<T>;
  const date opened = tr::opened(t);
  return check_tradeline(opened, tr::closed(t).value_or(opened), tr::last_reported(t), tr::credit_limit(t),
                         tr::balance(t), tr::payment_history(t));
}

}  // namespace credo::features
