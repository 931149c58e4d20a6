// Credit-bureau records: tradelines (accounts), inquiries and the persons they belong to.
//
// A user's own record structs are read in place through a traits class: specialise
// tradeline_traits<T> / inquiry_traits<T> (static accessors), or derive the specialisation
// from tradeline_members<...> / inquiry_members<...>, which project members (or any
// invocable) onto the canonical fields. Nothing is copied: extractors see an account_view
// built on the fly from the traits. The canonical structs tradeline_record and
// inquiry_record (what io/records.hpp reads) work without any specialisation.
//
// Point in time (no look-ahead): for a person scored at `as_of`, an account opened after
// as_of or last reported after as_of is unseen (its balance and status describe the
// future), an inquiry dated after as_of is unseen, a closing date after as_of is read as
// "still open", and payment-history months after the month of as_of are ignored.
//
// Payment history (Metro 2 style): one character per month, most recent first; the first
// character is the month of last_reported, the next the month before, and so on.
//   '0' current, '1' 30-59 days past due, '2' 60-89, '3' 90-119, '4' 120-149, '5' 150-179,
//   '6' 180+, 'B' no history for the month, 'D' no data for the month, 'E' zero balance and
//   current. status_level maps '0' and 'E' to 0, '1'..'6' to 1..6, 'B' and 'D' to -1 (unknown).
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/kernels/history.hpp>
#include <credo/features/date.hpp>
#include <credo/fwd.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace credo::features {

/// The kinds of account a bureau reports; their CSV spellings are the enumerator names.
enum class account_type : std::uint8_t { revolving, installment, mortgage, open, other };
inline constexpr std::size_t account_type_count = 5;

}  // namespace credo::features

template <>
struct credo::detail::enum_names<credo::features::account_type> {
  using e = credo::features::account_type;
  static constexpr enum_name<e> table[] = {
      {e::revolving, "revolving"}, {e::installment, "installment"}, {e::mortgage, "mortgage"},
      {e::open, "open"},           {e::other, "other"}};
};

namespace credo::features {

static_assert(std::size(credo::detail::enum_names<account_type>::table) == account_type_count);

inline constexpr const char* to_string(account_type t) noexcept { return credo::detail::name_of(t); }
/// The account type named s (the enumerator names), or nullopt.
inline constexpr std::optional<account_type> parse_account_type(std::string_view s) noexcept {
  return credo::detail::enum_from_name<account_type>(s);
}

/// Delinquency level of one payment-history character: 0 current ('0', 'E'), 1..6 for
/// 30-59 .. 180+ days past due, -1 for a month without information ('B', 'D'), -2 for a
/// character that is not a Metro 2 status.
inline constexpr int status_level(char c) noexcept { return credo::detail::kernels::status_level(c); }
inline constexpr bool valid_status(char c) noexcept { return status_level(c) != -2; }

// --- canonical records ---------------------------------------------------------------------

/// A tradeline as io/records.hpp reads it. `person` and `source` are indices into the
/// person table and the source dictionary; `payment_history` views memory owned by the
/// record set that holds the tradeline.
struct tradeline_record {
  std::uint32_t person = 0;
  std::uint16_t source = 0;
  account_type type = account_type::other;
  date opened;
  std::optional<date> closed;
  date last_reported;
  double credit_limit = std::numeric_limits<double>::quiet_NaN();
  double balance = std::numeric_limits<double>::quiet_NaN();
  std::string_view payment_history;
};

/// An inquiry (a lender asking the bureau for the person's file).
struct inquiry_record {
  std::uint32_t person = 0;
  std::uint16_t source = 0;
  date when;
};

// --- traits --------------------------------------------------------------------------------

/// How credo reads a tradeline type T: specialise it for your layout. A type with the
/// canonical member names (those of tradeline_record) works without a specialisation.
template <class T>
struct tradeline_traits {};

template <class T>
concept has_tradeline_members = requires(const T& t) {
  t.person;
  t.source;
  t.type;
  t.opened;
  t.closed;
  t.last_reported;
  t.credit_limit;
  t.balance;
  t.payment_history;
};
template <class T>
concept has_inquiry_members = requires(const T& t) {
  t.person;
  t.source;
  t.when;
};

template <has_tradeline_members T>
struct tradeline_traits<T> {
  static std::size_t person(const T& t) { return t.person; }
  static std::size_t source(const T& t) { return t.source; }
  static account_type type(const T& t) { return t.type; }
  static date opened(const T& t) { return t.opened; }
  static std::optional<date> closed(const T& t) { return t.closed; }
  static date last_reported(const T& t) { return t.last_reported; }
  static double credit_limit(const T& t) { return t.credit_limit; }
  static double balance(const T& t) { return t.balance; }
  static std::string_view payment_history(const T& t) { return t.payment_history; }
};

/// How credo reads an inquiry type T: specialise it for your layout. A type with members
/// person, source and when works without a specialisation.
template <class T>
struct inquiry_traits {};

template <has_inquiry_members T>
struct inquiry_traits<T> {
  static std::size_t person(const T& t) { return t.person; }
  static std::size_t source(const T& t) { return t.source; }
  static date when(const T& t) { return t.when; }
};

/// Traits from projections: each parameter is a member pointer or a captureless lambda
/// applied with std::invoke, e.g.
///   template <> struct credo::features::tradeline_traits<my_account>
///       : credo::features::tradeline_members<&my_account::customer, &my_account::lender, ...> {};
template <auto Person, auto Source, auto Type, auto Opened, auto Closed, auto LastReported,
          auto CreditLimit, auto Balance, auto PaymentHistory>
struct tradeline_members {
  template <class T> static std::size_t person(const T& t) { return std::invoke(Person, t); }
  template <class T> static std::size_t source(const T& t) { return std::invoke(Source, t); }
  template <class T> static account_type type(const T& t) { return std::invoke(Type, t); }
  template <class T> static date opened(const T& t) { return std::invoke(Opened, t); }
  template <class T> static std::optional<date> closed(const T& t) { return std::invoke(Closed, t); }
  template <class T> static date last_reported(const T& t) { return std::invoke(LastReported, t); }
  template <class T> static double credit_limit(const T& t) { return std::invoke(CreditLimit, t); }
  template <class T> static double balance(const T& t) { return std::invoke(Balance, t); }
  template <class T> static std::string_view payment_history(const T& t) {
    return std::invoke(PaymentHistory, t);
  }
};

template <auto Person, auto Source, auto When>
struct inquiry_members {
  template <class T> static std::size_t person(const T& t) { return std::invoke(Person, t); }
  template <class T> static std::size_t source(const T& t) { return std::invoke(Source, t); }
  template <class T> static date when(const T& t) { return std::invoke(When, t); }
};

/// A type credo reads as a tradeline through tradeline_traits<T>.
template <class T>
concept tradeline = requires(const T& t) {
  { tradeline_traits<T>::person(t) } -> std::convertible_to<std::size_t>;
  { tradeline_traits<T>::source(t) } -> std::convertible_to<std::size_t>;
  { tradeline_traits<T>::type(t) } -> std::convertible_to<account_type>;
  { tradeline_traits<T>::opened(t) } -> std::convertible_to<date>;
  { tradeline_traits<T>::closed(t) } -> std::convertible_to<std::optional<date>>;
  { tradeline_traits<T>::last_reported(t) } -> std::convertible_to<date>;
  { tradeline_traits<T>::credit_limit(t) } -> std::convertible_to<double>;
  { tradeline_traits<T>::balance(t) } -> std::convertible_to<double>;
  { tradeline_traits<T>::payment_history(t) } -> std::convertible_to<std::string_view>;
};

/// A type credo reads as an inquiry through inquiry_traits<T>.
template <class T>
concept inquiry = requires(const T& t) {
  { inquiry_traits<T>::person(t) } -> std::convertible_to<std::size_t>;
  { inquiry_traits<T>::source(t) } -> std::convertible_to<std::size_t>;
  { inquiry_traits<T>::when(t) } -> std::convertible_to<date>;
};

// --- what an extractor sees ------------------------------------------------------------------

/// The person being scored: the cut-off date and, once the pass is over, how many records
/// of each kind were seen (both 0 means "no file").
struct person_context {
  date as_of;
  std::int32_t as_of_month = 0;  // as_of.month_index()
  std::size_t accounts = 0;      // seen tradelines (filled before finish)
  std::size_t inquiries = 0;     // seen inquiries (filled before finish)
  civil_date as_of_civil;        // as_of.civil(): month arithmetic once per person, not per record

  static person_context at(date d) {
    const civil_date cd = d.civil();
    return {d, cd.year * 12 + cd.month - 1, 0, 0, cd};
  }
  bool has_file() const noexcept { return accounts + inquiries > 0; }
  /// as_of.add_months(-n) and date::months_between(from, as_of) without converting as_of again.
  date months_before(int n) const noexcept { return date::months_after(as_of_civil, -n); }
  int months_since(date from) const noexcept { return date::months_between(from, as_of_civil); }
  /// d.month_index() for a date d <= as_of; a date in as_of's own month (most last reports)
  /// needs no calendar conversion.
  std::int32_t month_of(date d) const noexcept {
    return d.days() > as_of.days() - as_of_civil.day ? as_of_month : d.month_index();
  }
};

/// One seen tradeline as the extractors see it, already cut at the person's as_of.
struct account_view {
  std::size_t source = 0;
  account_type type = account_type::other;
  date opened;
  std::optional<date> closed;  // nullopt: open at as_of (a closing after as_of is unseen)
  date last_reported;
  std::int32_t reported_month = 0;  // last_reported.month_index()
  std::int32_t lag = 0;             // as_of's month − reported_month: history[i] is lag + i months back
  double credit_limit = 0;
  double balance = 0;
  std::string_view payment_history;

  /// Digest of the payment history, filled by view_at in one pass so that extractors can
  /// skip the month walk for the usual clean file: the worst level (0 when no month is
  /// past due), whether some month is unknown ('B', 'D' or not a status) and whether some
  /// month is known (level >= 0), over the whole history.
  int worst_level = 0;
  bool has_unknown = false;
  bool any_known = false;

  /// Month masks, filled by view_at with the digest, so that a window's worst level or count
  /// of late months is a mask and a popcount instead of a walk per extractor: bit k stands for
  /// the history month k months before as_of's month (k < 64). known_months: the month's level
  /// is >= 0; late_months[L − 1]: its level is >= L (L = 1..6). months_fit: no history month
  /// lies 64 or more months back, so the masks hold the whole history (see masks_cover).
  std::uint64_t known_months = 0;
  std::array<std::uint64_t, 6> late_months{};
  bool months_fit = true;

  bool open() const noexcept { return !closed.has_value(); }
  /// True when every history month is known and none is past due.
  bool clean() const noexcept { return worst_level == 0 && !has_unknown; }

  /// The mask bits of the last `window` months (window 0: no limit).
  static constexpr std::uint64_t window_bits(int window) noexcept {
    return window <= 0 || window >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << window) - 1;
  }
  /// True when the masks hold every history month of the last `window` months (window 0: no
  /// limit); otherwise for_each_month must walk the history.
  bool masks_cover(int window) const noexcept { return (window > 0 && window <= 64) || months_fit; }

  /// Calls f(months_ago, level) for the history months within the last `window` months
  /// up to as_of's month (months_ago 0 is as_of's month; window 0 means no limit), most
  /// recent first; `level` is status_level of the month's character.
  template <class F>
  void for_each_month(const person_context& c, int window, F&& f) const {
    const int lag = c.as_of_month - reported_month;  // months between as_of and history[0]
    const std::size_t n = payment_history.size();
    // history[i] is months_ago lag + i; months after as_of (lag + i < 0) are ignored.
    std::size_t i = lag < 0 ? static_cast<std::size_t>(-lag) : 0;
    for (; i < n; ++i) {
      const int ago = lag + static_cast<int>(i);
      if (window > 0 && ago >= window) break;
      f(ago, status_level(payment_history[i]));
    }
  }
  /// How many history months lie in the last `window` months (window > 0), for a view that
  /// view_at filled (its lag is >= 0): months_in_window(c, window) without the context.
  int months_within(int window) const noexcept {
    return std::max(0, std::min(static_cast<int>(payment_history.size()), window - lag));
  }
  /// How many history months for_each_month(c, window, ...) visits.
  int months_in_window(const person_context& c, int window) const noexcept {
    const int lag = c.as_of_month - reported_month;
    const int n = static_cast<int>(payment_history.size());
    const int first = lag < 0 ? -lag : 0;
    const int last = window > 0 ? std::min(n, window - lag) : n;  // one past
    return std::max(0, last - first);
  }
};

struct inquiry_view {
  std::size_t source = 0;
  date when;
};

/// Fills `a` with the view of tradeline t for a person at `c` and returns true, or returns
/// false when t is unseen then (`a` is left partly written). `digest` = false skips the
/// history digest (worst_level, has_unknown and the month masks are left empty) for callers
/// that never read the history, such as scoreability rules. A pass reuses one view for all
/// of a person's accounts: the view is large and filling it in place costs less than
/// building and copying a fresh one per account.
template <tradeline T>
bool view_at(const T& t, const person_context& c, account_view& a, bool digest = true) {
  using tr = tradeline_traits<T>;
  a.opened = tr::opened(t);
  a.last_reported = tr::last_reported(t);
  if (a.opened > c.as_of || a.last_reported > c.as_of) return false;
  a.source = tr::source(t);
  a.type = tr::type(t);
  a.closed = tr::closed(t);
  if (a.closed.value_or(c.as_of) > c.as_of) a.closed.reset();  // a closing after as_of is unseen
  a.reported_month = c.month_of(a.last_reported);
  a.lag = c.as_of_month - a.reported_month;
  a.credit_limit = tr::credit_limit(t);
  a.balance = tr::balance(t);
  a.payment_history = tr::payment_history(t);
  a.late_months = {};
  if (!digest) {
    a.worst_level = 0;
    a.has_unknown = false;
    a.any_known = false;
    a.known_months = 0;
    a.months_fit = true;
    return true;
  }
  // history[i] is the month lag + i months back (lag >= 0 for a seen account); those less
  // than 64 months back have a bit in the masks: the n bits from bit lag, cut at bit 63.
  const char* h = a.payment_history.data();
  const std::size_t n = a.payment_history.size();
  const int lag = a.lag;
  const std::uint64_t from_lag = lag >= 64 ? 0 : ~std::uint64_t{0} << lag;  // bits lag .. 63
  const std::size_t end = static_cast<std::size_t>(lag) + n;                   // one past the history
  const std::uint64_t months = from_lag & (end >= 64 ? ~std::uint64_t{0} : ~(~std::uint64_t{0} << end));
  a.months_fit = end <= 64;
  // Most histories are '0' and 'E' only (the usual clean file): one test of the whole history
  // settles the digest, every month known and none past due.
  if (credo::detail::kernels::history_current(h, n)) {
    a.worst_level = 0;
    a.has_unknown = false;
    a.any_known = n > 0;
    a.known_months = months;
    return true;
  }
  // Some month is late or unknown: levels of 16 months at a time, as masks (bit k = history
  // month i + k of the block at i).
  const credo::detail::kernels::history_blocks blocks(h, n);
  int worst = 0;
  std::uint32_t known_any = 0, unknown_any = 0;
  std::uint64_t unknown_months = 0;
  blocks.for_each([&](std::size_t i, const credo::detail::kernels::history_levels& b) {
    known_any |= b.known;
    unknown_any |= b.unknown;
    int block_worst = 0;  // the late masks nest: the worst level is the number of non-empty ones
    for (std::size_t l = 0; l < 6; ++l) block_worst += b.late[l] != 0;
    worst = std::max(worst, block_worst);
    const std::size_t at = static_cast<std::size_t>(lag) + i;  // the block's first month, months back
    if (at >= 64) return;
    unknown_months |= std::uint64_t{b.unknown} << at;  // months 64 or more back fall off the masks
    for (std::size_t l = 0; l < 6; ++l) a.late_months[l] |= std::uint64_t{b.late[l]} << at;
  });
  a.worst_level = worst;
  a.has_unknown = unknown_any != 0;
  a.any_known = known_any != 0;
  a.known_months = months & ~unknown_months;
  return true;
}

/// The account_view of tradeline t for a person at `c`, or nullopt when t is unseen then.
template <tradeline T>
std::optional<account_view> view_at(const T& t, const person_context& c, bool digest = true) {
  account_view a;
  if (!view_at(t, c, a, digest)) return std::nullopt;
  return a;
}

template <inquiry Q>
std::optional<inquiry_view> view_at(const Q& q, const person_context& c) {
  using tr = inquiry_traits<Q>;
  inquiry_view v{tr::source(q), tr::when(q)};
  if (v.when > c.as_of) return std::nullopt;
  return v;
}

// --- persons -------------------------------------------------------------------------------

/// The persons of a population: an id, the scoring date as_of, optionally the outcome `bad`
/// observed after as_of (1 bad, 0 good, -1 unknown) and categorical segment columns (e.g.
/// region, a protected attribute).
struct person_table {
  std::vector<std::string> id;
  std::vector<date> as_of;
  std::vector<std::int8_t> bad;  // empty when the population has no outcome
  std::vector<column> segments;  // categorical, one entry per person each

  std::size_t size() const noexcept { return as_of.size(); }
  bool has_bad() const noexcept { return !bad.empty(); }
  /// The segment column called `name`; throws credo.records.unknown_segment.
  const column& segment(std::string_view name) const {
    for (const auto& c : segments)
      if (c.name() == name) return c;
    std::string known;
    for (const auto& c : segments) known += (known.empty() ? "" : ", ") + c.name();
    CREDO_THROW(invalid_input, "credo.records.unknown_segment",
                "no segment column " + credo::detail::quoted(name) + " (segments: " + known + ")");
  }
};

/// Records grouped by person without moving them: the records of person p are
/// order()[offsets()[p] .. offsets()[p+1]). Built by one counting sort (stable).
class record_index {
public:
  record_index() = default;

  /// Groups `records` by person; `what` names the record kind in the error for a person
  /// index outside [0, persons).
  template <class R, class PersonOf>
  static record_index build(std::span<const R> records, std::size_t persons, PersonOf person_of,
                            std::string_view what) {
    record_index ix;
    ix.offsets_.assign(persons + 1, 0);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const std::size_t p = person_of(records[i]);
      if (p >= persons)
        CREDO_THROW(invalid_input, "credo.records.unknown_person",
                    std::string(what) + " " + std::to_string(i) + ": person index " +
                        std::to_string(p) + " is not among the " + std::to_string(persons) +
                        " persons");
      ++ix.offsets_[p + 1];
    }
    for (std::size_t p = 0; p < persons; ++p) ix.offsets_[p + 1] += ix.offsets_[p];
    ix.order_.resize(records.size());
    std::vector<std::uint32_t> next(ix.offsets_.begin(), ix.offsets_.end() - 1);
    for (std::size_t i = 0; i < records.size(); ++i)
      ix.order_[next[person_of(records[i])]++] = static_cast<std::uint32_t>(i);
    return ix;
  }
  template <tradeline T>
  static record_index of_tradelines(std::span<const T> r, std::size_t persons) {
    return build(r, persons, [](const T& t) { return std::size_t(tradeline_traits<T>::person(t)); },
                 "tradeline");
  }
  template <inquiry Q>
  static record_index of_inquiries(std::span<const Q> r, std::size_t persons) {
    return build(r, persons, [](const Q& q) { return std::size_t(inquiry_traits<Q>::person(q)); },
                 "inquiry");
  }

  std::size_t persons() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  /// Indices of person p's records, in their original order.
  std::span<const std::uint32_t> of(std::size_t p) const noexcept {
    return {order_.data() + offsets_[p], order_.data() + offsets_[p + 1]};
  }

private:
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint32_t> order_;
};

/// Which sources are in use: bit s set = source s's records are part of the file. Sources
/// are numbered 0..63 when a mask is used.
using source_mask = std::uint64_t;
inline constexpr source_mask all_sources = ~source_mask{0};
inline constexpr std::size_t max_sources = 64;

inline constexpr bool in_mask(source_mask m, std::size_t source) noexcept {
  return source < max_sources && ((m >> source) & 1u);
}

/// A population's records: the persons and spans over the user's own tradelines and
/// inquiries, grouped once by person. The spans must outlive the population.
/// (Defaults T = tradeline_record, Q = inquiry_record are in credo/fwd.hpp.)
template <class T, class Q>
class population {
  static_assert(tradeline<T>, "T must model credo::features::tradeline: specialise "
                              "credo::features::tradeline_traits<T> (see features/records.hpp)");
  static_assert(inquiry<Q>, "Q must model credo::features::inquiry: specialise "
                            "credo::features::inquiry_traits<Q> (see features/records.hpp)");

public:
  population(const person_table& persons, std::span<const T> accounts, std::span<const Q> inquiries)
      : persons_(&persons),
        accounts_(accounts),
        inquiries_(inquiries),
        account_index_(record_index::of_tradelines(accounts, persons.size())),
        inquiry_index_(record_index::of_inquiries(inquiries, persons.size())) {
    for (std::size_t i = 0; i < accounts.size(); ++i)
      check_source(tradeline_traits<T>::source(accounts[i]), "tradeline", i);
    for (std::size_t i = 0; i < inquiries.size(); ++i)
      check_source(inquiry_traits<Q>::source(inquiries[i]), "inquiry", i);
  }

  const person_table& persons() const noexcept { return *persons_; }
  std::size_t size() const noexcept { return persons_->size(); }
  std::span<const T> accounts() const noexcept { return accounts_; }
  std::span<const Q> inquiries() const noexcept { return inquiries_; }

  /// Calls on_account(account_view) and on_inquiry(inquiry_view) for each record of person p
  /// seen at its as_of from the sources in `sources`; returns the context with the counts.
  /// `digest` as in view_at.
  template <class OnAccount, class OnInquiry>
  person_context visit(std::size_t p, source_mask sources, OnAccount&& on_account,
                       OnInquiry&& on_inquiry, bool digest = true) const {
    auto c = person_context::at(persons_->as_of[p]);
    account_view a;
    for (auto i : account_index_.of(p)) {
      const T& t = accounts_[i];
      if (!in_mask(sources, tradeline_traits<T>::source(t))) continue;
      if (view_at(t, c, a, digest)) {
        ++c.accounts;
        on_account(a, c);
      }
    }
    for (auto i : inquiry_index_.of(p)) {
      const Q& q = inquiries_[i];
      if (!in_mask(sources, inquiry_traits<Q>::source(q))) continue;
      if (auto v = view_at(q, c)) {
        ++c.inquiries;
        on_inquiry(*v, c);
      }
    }
    return c;
  }

private:
  static void check_source(std::size_t s, const char* what, std::size_t i) {
    if (s >= max_sources)
      CREDO_THROW(invalid_input, "credo.records.too_many_sources",
                  std::string(what) + " " + std::to_string(i) + ": source index " +
                      std::to_string(s) + " is past the " + std::to_string(max_sources) +
                      " sources a population supports");
  }

  const person_table* persons_;
  std::span<const T> accounts_;
  std::span<const Q> inquiries_;
  record_index account_index_;
  record_index inquiry_index_;
};

template <class T, class Q>
population(const person_table&, std::span<const T>, std::span<const Q>) -> population<T, Q>;
template <class T, class Q>
population(const person_table&, const std::vector<T>&, const std::vector<Q>&) -> population<T, Q>;

}  // namespace credo::features
