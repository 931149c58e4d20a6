// credo::features::date: a calendar date stored as days since 1970-01-01.
//
// Records carry dates as `YYYY-MM-DD`. Feature windows are counted in calendar months, so the
// type offers month arithmetic: add_months moves the calendar month and clamps the day to the
// end of the target month (2024-01-31 plus one month is 2024-02-29; 2024-03-31 minus one
// month is 2024-02-29), and months_between counts whole months (the largest n with
// from.add_months(n) <= to, so 2024-01-31 to 2024-02-29 is one month). The conversions are
// Neri and Schneider's (see civil()) for years −10000 to 29999 and Howard Hinnant's
// days_from_civil / civil_from_days outside (proleptic Gregorian calendar,
// http://howardhinnant.github.io/date_algorithms.html); records' dates are years 1..9999.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace credo::features {

struct civil_date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

class date {
public:
  /// 1970-01-01.
  constexpr date() = default;
  /// The date `days` days after 1970-01-01 (negative: before it).
  static constexpr date from_days(std::int32_t days) noexcept {
    date d;
    d.days_ = days;
    return d;
  }
  /// The date y-m-d; the caller guarantees a valid calendar date (see valid()).
  static constexpr date from_ymd(int y, int m, int d) noexcept {
    if (y >= fast_first_year && y <= fast_last_year) [[likely]] {
      // Neri and Schneider's rata die (the paper cited at civil()): years are shifted by
      // s = 82 cycles of 400 years so that everything is unsigned, and March is month 3 of a
      // year that ends in February (J); 1461·Y/4 − C + C/4 counts the days of the years
      // before, (979·M − 2919)/32 those of the months before.
      constexpr std::uint32_t s = 82, k = 719468 + 146097 * s, l = 400 * s;
      const std::uint32_t j = m <= 2;
      const std::uint32_t year = static_cast<std::uint32_t>(y) + l - j;
      const std::uint32_t month = j ? static_cast<std::uint32_t>(m) + 12 : static_cast<std::uint32_t>(m);
      const std::uint32_t c = year / 100;
      const std::uint32_t days = 1461 * year / 4 - c + c / 4 + (979 * month - 2919) / 32 +
                                 static_cast<std::uint32_t>(d) - 1;
      return from_days(static_cast<std::int32_t>(days) - static_cast<std::int32_t>(k));
    }
    return from_ymd_hinnant(y, m, d);
  }
  /// The same by Hinnant's days_from_civil (any year that fits); from_ymd uses it outside
  /// its fast range.
  static constexpr date from_ymd_hinnant(int y, int m, int d) noexcept {
    // days_from_civil (Hinnant)
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153u * static_cast<unsigned>(m > 2 ? m - 3 : m + 9) + 2u) / 5u +
                         static_cast<unsigned>(d) - 1u;
    const unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
    return from_days(era * 146097 + static_cast<std::int32_t>(doe) - 719468);
  }
  /// True when y-m-d is a date of the calendar (years 1..9999).
  static constexpr bool valid(int y, int m, int d) noexcept {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
  }
  /// Gregorian leap year: divisible by 4, and by 16 when divisible by 100 (as by 400, since
  /// 100 = 4·25); one remainder and a mask, no branch (Neri and Schneider).
  static constexpr bool leap(int y) noexcept { return (y & (y % 100 != 0 ? 3 : 15)) == 0; }
  static constexpr int days_in_month(int y, int m) noexcept {
    constexpr int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : n[m - 1];
  }

  /// Parses exactly `YYYY-MM-DD`; nullopt for anything else or an impossible date.
  static constexpr std::optional<date> parse(std::string_view s) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t from, std::size_t n, int& out) {
      out = 0;
      for (std::size_t i = from; i < from + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
      }
      return true;
    };
    int y = 0, m = 0, d = 0;
    if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || !valid(y, m, d)) return std::nullopt;
    return from_ymd(y, m, d);
  }

  constexpr std::int32_t days() const noexcept { return days_; }

  /// The calendar date. Feature extraction converts a few dates per person (as_of, last
  /// reports of earlier months, account ages), so this uses Neri and Schneider's form of the
  /// conversion ("Euclidean affine functions and their application to calendar algorithms",
  /// Softw. Pract. Exper. 53(4), 2023): multiplications and shifts by constants instead of
  /// Hinnant's divisions, about half the work; it is exact for the days of years −10000 to
  /// 29999 (tests/features/test_date.cpp checks every one against Hinnant's civil_from_days),
  /// and any other day takes Hinnant's form.
  constexpr civil_date civil() const noexcept {
    if (days_ >= fast_first && days_ <= fast_last) [[likely]] {
      // Days are shifted by s = 82 cycles of 400 years so that every quantity is unsigned.
      constexpr std::uint32_t s = 82, k = 719468 + 146097 * s, l = 400 * s;
      const std::uint32_t n = static_cast<std::uint32_t>(days_) + k;
      const std::uint32_t n1 = 4 * n + 3;  // century
      const std::uint32_t c = n1 / 146097, nc = n1 % 146097 / 4;
      const std::uint32_t n2 = 4 * nc + 3;  // year of the century (from March)
      const std::uint64_t p2 = std::uint64_t{2939745} * n2;
      const auto z = static_cast<std::uint32_t>(p2 >> 32);
      const std::uint32_t ny = static_cast<std::uint32_t>(p2) / 2939745 / 4;  // day of the year
      const std::uint32_t n3 = 2141 * ny + 197913;  // month and day
      const std::uint32_t m = n3 >> 16, d = (n3 & 0xFFFF) / 2141;
      const std::uint32_t j = ny >= 306;  // January and February belong to the next year
      return {static_cast<int>(100 * c + z + j) - static_cast<int>(l), static_cast<int>(j ? m - 12 : m),
              static_cast<int>(d + 1)};
    }
    return civil_hinnant();
  }
  /// The same by Hinnant's civil_from_days (any day of the proleptic Gregorian calendar that
  /// fits); civil() uses it outside its fast range.
  constexpr civil_date civil_hinnant() const noexcept {
    // civil_from_days (Hinnant)
    const std::int32_t z = days_ + 719468;
    const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
    return {y, static_cast<int>(m), static_cast<int>(d)};
  }

  /// Months since year 0: year·12 + month − 1. Two dates in the same calendar month share it.
  constexpr std::int32_t month_index() const noexcept {
    const auto c = civil();
    return c.year * 12 + c.month - 1;
  }

  /// This date moved by `n` calendar months; a day past the end of the target month is
  /// clamped to its last day (2024-03-31 − 1 month = 2024-02-29).
  constexpr date add_months(int n) const noexcept { return months_after(civil(), n); }
  /// The calendar date c moved by `n` months as add_months does, for a caller that already
  /// holds c (no calendar conversion).
  static constexpr date months_after(civil_date c, int n) noexcept {
    const int idx = c.year * 12 + (c.month - 1) + n;
    const int y = idx >= 0 ? idx / 12 : (idx - 11) / 12;
    const int m = idx - y * 12 + 1;
    return from_ymd(y, m, std::min(c.day, days_in_month(y, m)));
  }

  /// Whole calendar months from `from` to `to`: the largest n with from.add_months(n) <= to
  /// (negative when `to` is before `from`).
  static constexpr int months_between(date from, date to) noexcept { return months_between(from, to.civil()); }
  /// The same for a caller that already holds to's calendar date.
  static constexpr int months_between(date from, civil_date t) noexcept {
    // n0 = difference of calendar months; from.add_months(n0) falls in to's month on day
    // min(from.day, days in to's month), so it is <= to exactly when that day <= to.day;
    // otherwise from.add_months(n0 − 1), a month earlier, is.
    const auto f = from.civil();
    const int n = (t.year * 12 + t.month) - (f.year * 12 + f.month);
    return std::min(f.day, days_in_month(t.year, t.month)) <= t.day ? n : n - 1;
  }

  std::string to_string() const {
    const auto c = civil();
    std::string s = "0000-00-00";
    auto put = [&](std::size_t at, std::size_t n, int v) {
      for (std::size_t i = 0; i < n; ++i) {
        s[at + n - 1 - i] = static_cast<char>('0' + v % 10);
        v /= 10;
      }
    };
    put(0, 4, c.year);
    put(5, 2, c.month);
    put(8, 2, c.day);
    return s;
  }

  friend constexpr auto operator<=>(date, date) noexcept = default;
  friend constexpr bool operator==(date, date) noexcept = default;

private:
  // civil()'s fast range: 10000-01-01 BC (year −10000) to 29999-12-31, as days since 1970-01-01;
  // from_ymd's: the same years.
  static constexpr std::int32_t fast_first = -4371953, fast_last = 10237746;
  static constexpr int fast_first_year = -10000, fast_last_year = 29999;

  std::int32_t days_ = 0;
};

static_assert(date::from_ymd_hinnant(-10000, 1, 1).days() == -4371953 &&
                  date::from_ymd_hinnant(29999, 12, 31).days() == 10237746,
              "civil()'s fast range: the bounds are these two dates");

}  // namespace credo::features
