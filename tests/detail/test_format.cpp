// The shared number formatters and CSV quoter (detail/text.hpp).
#include <credo/detail/text.hpp>

#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

using namespace credo::detail;

TEST_CASE("format_shortest reads back as the same double") {
  CHECK(format_shortest(1400) == "1400");
  CHECK(format_shortest(0.5) == "0.5");
  CHECK(format_shortest(-999) == "-999");
  CHECK(format_shortest(0.1) == "0.1");
  CHECK(format_shortest(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_shortest(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(format_shortest(std::nan("")) == "nan");
  std::mt19937_64 rng(16);
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) continue;
    const std::string s = format_shortest(v);
    double back = 0;
    std::from_chars(s.data(), s.data() + s.size(), back);
    REQUIRE(std::memcmp(&back, &v, sizeof v) == 0);
    std::string appended = "x";
    append_shortest(appended, v);
    CHECK(appended == "x" + s);
  }
}

TEST_CASE("format_general and format_fixed are C's %g and %f") {
  CHECK(format_general(0.123456789) == "0.123457");
  CHECK(format_general(1e6) == "1e+06");
  CHECK(format_general(20) == "20");
  CHECK(format_general(3.14159, 3) == "3.14");
  CHECK(format_fixed(0.12345, 4) == "0.1235");
  CHECK(format_fixed(2, 0) == "2");
  CHECK(format_fixed(-1.5, 2) == "-1.50");
  CHECK(format_fixed_trimmed(12.5, 2) == "12.5");
  CHECK(format_fixed_trimmed(3.0, 2) == "3");
  CHECK(format_fixed_trimmed(-0.001, 2) == "-0");
  CHECK(format_fixed_trimmed(1.0 / 3, 6) == std::to_string(1.0 / 3));
  CHECK(format_fixed_trimmed(0.125, 3) == "0.125");
  CHECK(format_fixed_trimmed(120, 0) == "120");
}

TEST_CASE("CSV fields are quoted only when RFC 4180 asks") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
  CHECK(csv_field("a;b", ';') == "\"a;b\"");
  CHECK(csv_field("a,b", ';') == "a,b");
  std::string out = "x,";
  append_csv_field(out, "p,2");
  CHECK(out == "x,\"p,2\"");
}
