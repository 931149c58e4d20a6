#include <credo/features/date.hpp>

#include <cstdint>

#include <doctest/doctest.h>

using credo::features::date;

TEST_CASE("date: parse, print and days since the epoch") {
  CHECK(date::parse("1970-01-01")->days() == 0);
  CHECK(date::parse("2000-03-01")->days() == 11017);  // date -d 2000-03-01 +%s / 86400
  CHECK(date::parse("2024-02-29")->days() == 19782);
  CHECK(date::parse("1969-12-31")->days() == -1);
  CHECK(date::parse("2024-02-29")->to_string() == "2024-02-29");
  CHECK_FALSE(date::parse("2023-02-29"));
  CHECK_FALSE(date::parse("2024-13-01"));
  CHECK_FALSE(date::parse("2024-1-01"));
  CHECK_FALSE(date::parse("2024/01/01"));
  CHECK_FALSE(date::parse(""));
  // every day of 1900..2100 survives days -> civil -> days
  for (std::int32_t d = date::from_ymd(1900, 1, 1).days(); d <= date::from_ymd(2100, 12, 31).days(); ++d) {
    const auto c = date::from_days(d).civil();
    REQUIRE(date::from_ymd(c.year, c.month, c.day).days() == d);
    REQUIRE(date::valid(c.year, c.month, c.day));
  }
}

TEST_CASE("date: calendar-month arithmetic clamps to the end of the month") {
  const auto d = [](const char* s) { return *date::parse(s); };
  CHECK(d("2024-01-31").add_months(1) == d("2024-02-29"));
  CHECK(d("2023-01-31").add_months(1) == d("2023-02-28"));
  CHECK(d("2024-03-31").add_months(-1) == d("2024-02-29"));
  CHECK(d("2024-06-30").add_months(-6) == d("2023-12-30"));
  CHECK(d("2024-08-31").add_months(-6) == d("2024-02-29"));
  CHECK(d("2024-01-15").add_months(-13) == d("2022-12-15"));
  CHECK(d("2024-01-15").add_months(24) == d("2026-01-15"));
  CHECK(d("2024-05-17").month_index() == 2024 * 12 + 4);

  CHECK(date::months_between(d("2024-01-31"), d("2024-02-29")) == 1);
  CHECK(date::months_between(d("2024-01-31"), d("2024-02-28")) == 0);
  CHECK(date::months_between(d("2023-06-30"), d("2024-06-30")) == 12);
  CHECK(date::months_between(d("2023-06-30"), d("2024-06-29")) == 11);
  CHECK(date::months_between(d("2024-06-15"), d("2024-06-15")) == 0);
  CHECK(date::months_between(d("2024-06-15"), d("2024-05-15")) == -1);
  CHECK(date::months_between(d("2024-06-15"), d("2024-05-16")) == -1);
}

TEST_CASE("date: months_between is the largest n with from.add_months(n) <= to") {
  const auto start = date::from_ymd(2023, 1, 1).days();
  for (std::int32_t a = start; a < start + 800; a += 3)
    for (std::int32_t b = start; b < start + 800; b += 7) {
      const auto from = date::from_days(a), to = date::from_days(b);
      int n = -40;
      while (from.add_months(n + 1) <= to) ++n;
      REQUIRE(date::months_between(from, to) == n);
    }
}

TEST_CASE("date: the fast calendar conversions agree with Hinnant's on every day of their range") {
  // civil() and from_ymd() take Neri and Schneider's forms from year -10000 to 29999 and
  // Hinnant's outside; both must give the same calendar date and day number on every day.
  const std::int32_t first = date::from_ymd(-10000, 1, 1).days(), last = date::from_ymd(29999, 12, 31).days();
  std::int64_t wrong = 0, wrong_days = 0;
  for (std::int32_t k = first - 1000; k <= last + 1000; ++k) {
    const auto d = date::from_days(k);
    const auto fast = d.civil(), ref = d.civil_hinnant();
    wrong += fast.year != ref.year || fast.month != ref.month || fast.day != ref.day;
    wrong_days += date::from_ymd(ref.year, ref.month, ref.day).days() != k ||
                  date::from_ymd_hinnant(ref.year, ref.month, ref.day).days() != k;
  }
  CHECK(wrong == 0);
  CHECK(wrong_days == 0);
  // leap years by the mask against the rule as it is usually written
  for (int y = -10400; y <= 30400; ++y)
    REQUIRE(date::leap(y) == ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  // the bounds of the fast range and their neighbours, one by one
  for (std::int32_t k : {first - 1, first, first + 1, last - 1, last, last + 1}) {
    const auto c = date::from_days(k).civil();
    CHECK(date::from_ymd(c.year, c.month, c.day).days() == k);
  }
  CHECK(date::from_ymd(2024, 2, 29).civil().day == 29);
  CHECK(date::from_ymd(2024, 3, 1).month_index() == 2024 * 12 + 2);
  CHECK(date::from_days(0).civil().year == 1970);
}
