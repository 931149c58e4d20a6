// The library's one family of number formatters and its one CSV quoter.
//
// Two audiences, two forms:
// - a value written to a file (CSV, records, JSON text, SQL) or named in an error that must
//   identify it exactly: format_shortest, the shortest text that reads back as the same double
//   (std::to_chars without a format, which is round-trip exact by [charconv.to.chars]);
// - a value printed for people (summaries, reports, fit diagnostics): format_general, C's %.6g
//   (six significant digits, the form R and Python print), or format_fixed, C's %.*f, for
//   columns of aligned figures.
// Every formatter of the library is one of these, so the same value reads the same everywhere.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

namespace credo::detail {

/// Shortest text that reads back as the same double ("1400", "0.5", "-999"); "nan", "inf",
/// "-inf" for the values that have no digits.
inline std::string format_shortest(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// Appends format_shortest(v) to out without a temporary string (the hot loop of a writer).
inline void append_shortest(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += format_shortest(v);
    return;
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

/// C's %.<precision>g: `precision` significant digits, trailing zeros dropped, exponent form
/// for very large or small magnitudes ("0.123457", "1e+06").
inline std::string format_general(double v, int precision = 6) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", precision, v);
  return buf;
}

/// C's %.<decimals>f: a fixed number of decimals ("0.1235" for 4).
inline std::string format_fixed(double v, int decimals) {
  char buf[512];  // %f of the largest double has 309 digits before the point
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// At most `decimals` decimals, trailing zeros and a bare point dropped ("12.5", "3", "0.125"
/// for 3; "-0" stays): short labels, coordinates and figures in messages.
inline std::string format_fixed_trimmed(double v, int decimals) {
  char buf[512];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string s(buf, r.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

/// Appends one CSV field to out, quoted as RFC 4180 §2 rules 6-7 ask: inside double quotes
/// when it holds the delimiter, a quote or a line break, a quote written twice. Any other
/// field is written as it is, so the common case costs no copy.
inline void append_csv_field(std::string& out, std::string_view field, char delimiter = ',') {
  const char special[] = {delimiter, '"', '\r', '\n', '\0'};
  if (field.find_first_of(std::string_view(special, 4)) == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

/// One CSV field as append_csv_field writes it.
inline std::string csv_field(std::string_view field, char delimiter = ',') {
  std::string s;
  append_csv_field(s, field, delimiter);
  return s;
}

}  // namespace credo::detail
