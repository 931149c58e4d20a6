// csv_stream parses a chunk in pieces, one a thread (issue 18): whatever the thread count and
// the chunk size, the chunks, codes, bad cells and errors must be those of one thread, which
// reads in order. And parse_number's fast path must give from_chars's value, bit for bit.
#include <credo/io/csv.hpp>
#include <credo/io/csv_stream.hpp>

#include <doctest/doctest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using credo::io::csv_options;
using credo::io::csv_stream;
using credo::io::stream_options;

struct pieces_dir {
  fs::path path;
  pieces_dir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("credo_pieces_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~pieces_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

std::string bits_of(double v) { return std::to_string(std::bit_cast<std::uint64_t>(v)); }

/// A table's columns as text: numbers as their bits, categories as codes with the dictionary,
/// target and weights.
std::string dump_table(const credo::table& t, std::size_t from_row = 0) {
  std::string s;
  for (const auto& c : t) {
    s += c.name() + (c.is_numeric() ? " num:" : " cat:");
    if (c.is_numeric())
      for (std::size_t r = from_row; r < c.size(); ++r) s += " " + bits_of(c.values()[r]);
    else
      for (std::size_t r = from_row; r < c.size(); ++r) s += " " + std::to_string(c.codes()[r]);
    s += "\n";
  }
  if (t.has_target())
    for (auto v : t.target()) s += std::to_string(v) + " ";
  if (t.has_weights())
    for (auto w : t.weights()) s += bits_of(w) + " ";
  return s + "\n";
}

/// Everything a stream yields over one pass, as text: per chunk its shard, first row, columns
/// and the dictionaries it carries; then the bad cells, rows done, and the error if one is
/// thrown (its what(), which names the id, file, row or line and column).
std::string dump_stream(const std::vector<std::string>& files, const csv_options& opt, const stream_options& so) {
  std::string s;
  try {
    csv_stream in(files, opt, so);
    credo::io::csv_chunk c;
    while (in.next(c)) {
      s += "chunk " + std::to_string(c.shard) + ":" + std::to_string(c.first_row) + "\n" + dump_table(c.data);
      for (const auto& col : c.data)
        if (col.is_categorical()) {
          s += col.name() + " dict:";
          for (const auto& l : col.dictionary()) s += " [" + l + "]";
          s += "\n";
        }
    }
    for (const auto& b : in.bad_cells_found()) {
      s += "bad " + b.column + " in " + b.source + " first [" + b.first_value + "] rows";
      for (auto r : b.rows) s += " " + std::to_string(r);
      s += "\n";
    }
    s += "rows " + std::to_string(in.rows_done()) + "\n";
  } catch (const std::exception& e) {
    s += std::string("error: ") + e.what() + "\n";
  }
  return s;
}

/// The error a stream throws over one pass ("" when none).
std::string stream_error(const std::vector<std::string>& files, const csv_options& opt, const stream_options& so) {
  const std::string d = dump_stream(files, opt, so);
  const auto at = d.find("error: ");
  return at == std::string::npos ? std::string() : d.substr(at + 7, d.size() - at - 8);
}

/// One thread against two and three, on chunks of 1, 7 and 64 bytes and a whole-file chunk.
void check_threads_agree(const std::vector<std::string>& files, const csv_options& opt, stream_options so) {
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{1} << 20}) {
    CAPTURE(chunk);
    so.chunk_bytes = chunk;
    so.threads = 1;
    const std::string one = dump_stream(files, opt, so);
    for (std::size_t threads : {2, 3}) {
      CAPTURE(threads);
      so.threads = threads;
      CHECK(dump_stream(files, opt, so) == one);
    }
  }
}

// Quoted fields with commas, newlines (LF and CRLF) and doubled quotes, an empty line,
// missing tokens, out-of-range numbers, categories, a target, weights, CRLF line ends and no
// final line end. Rows 7 and 8 hold the non-numbers of issue 17 ("0x10", "1,234").
const char* rich =
    "id,name,amount,flag,y,w\r\n"
    "1,\"Smith, J\",10,a,good,1\r\n"
    "2,\"say \"\"hi\"\"\",1e400,b,bad,2\r\n"
    "3,\"two\r\nlines\",-0,NA,good,0.5\r\n"
    "\r\n"
    "4,,?,a,good,1\r\n"
    "5,\"\",-1e-400,\"b\",bad,0\r\n"
    "6,NA,4.9e-324,c,good,3\r\n"
    "7,\"q\"\"\"\"q\",0x10,\"x\ny\",good,1\r\n"
    "8,\"1,234\",\"1,234\",d,bad,1\r\n"
    "9,zz,12.5,\xC3\xA9,good,1";

csv_options rich_options(credo::io::bad_number_policy policy) {
  csv_options opt;
  opt.target = "y";
  opt.bad_value = "bad";
  opt.weight = "w";
  opt.bad_numbers = policy;
  return opt;
}

/// A file of n rows "x,k,y" whose row r (from 1) is given by cell(r).
template <class Cell>
std::string rows_file(std::size_t n, Cell cell) {
  std::string s = "x,k,y\n";
  for (std::size_t r = 1; r <= n; ++r) s += cell(r) + "\n";
  return s;
}

/// parse_number as it was before its fast path (issue 17's rules), the reference.
bool parse_number_reference(std::string_view s, double& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (p != s.data() + s.size()) return false;
  if (ec == std::errc()) return true;
  if (ec != std::errc::result_out_of_range) return false;
  const std::string copy(s);
  out = std::strtod(copy.c_str(), nullptr);
  return true;
}

}  // namespace

TEST_CASE("csv_stream pieces: quotes, CRLF, no final newline, bad numbers: any thread count gives one thread's chunks") {
  pieces_dir d;
  const auto f = d.write("rich.csv", rich);
  stream_options so;
  so.infer_rows = 3;  // amount inferred numeric from rows 1-3; rows 7 and 8 then are not numbers
  for (auto policy : {credo::io::bad_number_policy::missing, credo::io::bad_number_policy::error}) {
    CAPTURE(static_cast<int>(policy));
    check_threads_agree({f}, rich_options(policy), so);
  }
  // And one thread's reading is read_csv's: the same table, the same bad cells.
  const auto opt = rich_options(credo::io::bad_number_policy::missing);
  std::vector<credo::io::bad_cells> bad;
  const auto ref = credo::io::read_csv(f, opt, &bad);
  so.chunk_bytes = 1 << 20;
  so.threads = 3;
  csv_stream s({f}, opt, so);
  credo::io::csv_chunk c;
  REQUIRE(s.next(c));
  CHECK(dump_table(c.data) == dump_table(ref));
  CHECK(c.data["name"].dictionary() == ref["name"].dictionary());
  CHECK(c.data["name"].dictionary()[1] == "say \"hi\"");
  CHECK(c.data["name"].dictionary()[2] == "two\r\nlines");
  CHECK(c.data["name"].dictionary()[3] == "q\"\"q");
  REQUIRE(s.bad_cells_found().size() == 1);
  REQUIRE(bad.size() == 1);
  CHECK(s.bad_cells_found()[0].rows == bad[0].rows);
  CHECK(s.bad_cells_found()[0].rows == std::vector<std::size_t>{7, 8});
  CHECK(s.bad_cells_found()[0].first_value == "0x10");
  CHECK_FALSE(s.next(c));
  // Under the error policy the first of them is the error, on every thread count.
  const std::string mixed = "[credo.csv.mixed_column] '" + f +
                            "' row 7, column 'amount': '0x10' is not a number, but the first rows made the column "
                            "numeric; treat such cells as missing or declare the column categorical";
  auto err = rich_options(credo::io::bad_number_policy::error);
  for (std::size_t threads : {1, 2, 3}) {
    so.threads = threads;
    CHECK(stream_error({f}, err, so) == mixed);
  }
  err.types["amount"] = credo::column_kind::numeric;
  CHECK(stream_error({f}, err, so) ==
        "[credo.csv.bad_number] '" + f + "' row 7, column 'amount': '0x10' is not a number, and the column is declared numeric");
}

TEST_CASE("csv_stream pieces: labels new in later pieces get codes in order of first appearance") {
  pieces_dir d;
  // Thirds of 30 rows: a and b; then d before c; then c before e. One thread reads a b d c e.
  const auto f = d.write("k.csv", rows_file(30, [](std::size_t r) {
    const char* k = r <= 10 ? (r % 2 ? "a" : "b") : r <= 20 ? (r < 15 ? "d" : "c") : (r < 25 ? "c" : "e");
    return std::to_string(r) + "," + k + ",0";
  }));
  stream_options so;
  check_threads_agree({f}, {}, so);
  so.chunk_bytes = 1 << 20;
  so.threads = 3;
  csv_stream s({f}, {}, so);
  credo::io::csv_chunk c;
  REQUIRE(s.next(c));
  CHECK(c.data["k"].dictionary() == std::vector<std::string>{"a", "b", "d", "c", "e"});
  CHECK(c.data["k"].codes()[10] == 2);  // row 11: d
  CHECK(c.data["k"].codes()[29] == 4);  // row 30: e
}

TEST_CASE("csv_stream pieces: the target's good value is the stream's, across pieces") {
  pieces_dir d;
  csv_options opt;
  opt.target = "y";
  opt.bad_value = "1";
  stream_options so;
  so.chunk_bytes = 1 << 20;
  // Rows 1-10 mix 1 and 0; then only 1s; "0.0" at row 80 is good (the number 0), "2" at row
  // 90 is a third value: the message names the stream's good value '0', not the "0.0" that
  // a piece starting after row 10 meets first.
  const auto same = d.write("same.csv", rows_file(100, [](std::size_t r) {
    const char* y = r <= 10 ? (r % 2 ? "1" : "0") : r == 80 ? "0.0" : r == 90 ? "2" : "1";
    return std::to_string(r) + ",k," + y;
  }));
  const std::string third = "[credo.table.target_not_binary] '" + same +
                            "' row 90, column 'y': a third value '2' besides bad '1' and good '0'"
                            "; a target holds two values: check the bad value's spelling (compared exactly, case included)";
  // Rows 1-10 mix 1 and 0; then 1s; "2" at row 70 is the first good-side cell of a later piece
  // and a third value; the bad weight of row 95 comes after it.
  const auto other = d.write("other.csv", rows_file(100, [](std::size_t r) {
    const char* y = r <= 10 ? (r % 2 ? "1" : "0") : r == 70 ? "2" : "1";
    return std::string(r == 95 ? "-1" : "1") + ",k," + y;
  }));
  auto weighted = opt;
  weighted.weight = "x";
  const std::string third_first = "[credo.table.target_not_binary] '" + other +
                                  "' row 70, column 'y': a third value '2' besides bad '1' and good '0'"
                                  "; a target holds two values: check the bad value's spelling (compared exactly, case included)";
  for (std::size_t threads : {1, 2, 3, 4}) {
    CAPTURE(threads);
    so.threads = threads;
    CHECK(stream_error({same}, opt, so) == third);
    CHECK(stream_error({other}, weighted, so) == third_first);
  }
  check_threads_agree({same}, opt, so);
  check_threads_agree({other}, weighted, so);
}

TEST_CASE("csv_stream pieces: the first error in reading order wins, whatever piece finds it") {
  pieces_dir d;
  stream_options so;
  so.chunk_bytes = 1 << 20;
  so.infer_rows = 5;
  // A field-count error (row 30) before a non-number (row 70) and a bad UTF-8 label (row 90).
  const auto f = d.write("errs.csv", rows_file(100, [](std::size_t r) {
    if (r == 30) return std::string("30,k");
    if (r == 70) return std::string("zz,k,0");
    if (r == 90) return std::string("90,\xFF,0");
    return std::to_string(r) + ",k" + std::to_string(r % 3) + ",0";
  }));
  // The same without the row 30 error, and without both.
  const auto g = d.write("errs2.csv", rows_file(100, [](std::size_t r) {
    if (r == 70) return std::string("zz,k,0");
    if (r == 90) return std::string("90,\xFF,0");
    return std::to_string(r) + ",k,0";
  }));
  const auto h = d.write("errs3.csv", rows_file(100, [](std::size_t r) {
    if (r == 90) return std::string("90,\xFF,0");
    return std::to_string(r) + ",k,0";
  }));
  const auto q = d.write("quote.csv", rows_file(100, [](std::size_t r) {
    return r == 100 ? std::string("100,\"k,0") : std::to_string(r) + ",k,0";
  }));
  for (std::size_t threads : {1, 2, 3}) {
    CAPTURE(threads);
    so.threads = threads;
    CHECK(stream_error({f}, {}, so) == "[credo.csv.field_count] '" + f + "' line 31: 2 fields, the header has 3");
    CHECK(stream_error({g}, {}, so) ==
          "[credo.csv.mixed_column] '" + g +
              "' row 70, column 'x': 'zz' is not a number, but the first rows made the column numeric; treat such "
              "cells as missing or declare the column categorical");
    CHECK(stream_error({h}, {}, so) ==
          "[credo.csv.invalid_utf8] '" + h + "' row 90, column 'k': not valid UTF-8 at byte 1 ('\\xff')");
    CHECK(stream_error({q}, {}, so) ==
          "[credo.csv.unterminated_quote] '" + q + "' line 101, field 2: a quoted field never closes");
  }
  for (const auto& file : {f, g, h, q}) check_threads_agree({file}, {}, so);
  csv_options missing;
  missing.bad_numbers = credo::io::bad_number_policy::missing;
  check_threads_agree({g}, missing, so);
}

TEST_CASE("parse_number: the fast paths give the reference's answer on every string, bit for bit") {
  using credo::io::detail::parse_number;
  // Issue 17's cells, and the fast path's edges: 2^53 and 2^53 + 1 digits, 19 and 20
  // digits, powers of ten at ±22 and ±23, signs, "1." and ".5", exponents without digits.
  const std::vector<std::string> cells = {
      "1e-400", "1e400", "-1e400", "0x10", "1,234", " +2.5 ", "1e", "", "-", "+", ".", "1.", ".5", "-.5", "-0", "0.0",
      "-0.0", "9007199254740992", "9007199254740993", "1234567890123456789", "12345678901234567890", "1e22", "1e23",
      "1e-22", "1e-23", "1.5e+3", "1.5E-3", "2e+", "2e-", "1e0005", "inf", "-nan", "NaN", "00012.5000", "1.2.3",
      "--1", "1-", "4.9e-324", "0.1", "0.3", "123456.7e-22", "9.999999999999999e22",
      // The word-at-a-time path's edges: 7 and 8 digits on either side of the point.
      "1234567", "12345678", "-1234567.1234567", "1234567.12345678", "12345678.1", "-0.0000001", "9999999.9999999",
      "0000000.0000000", "1.", "-1.5-"};
  for (const auto& s : cells) {
    CAPTURE(s);
    double a = 7, b = 7, c = 7;
    const bool ra = parse_number(s, a), rb = parse_number_reference(s, b);
    CHECK(ra == rb);
    if (ra && rb) CHECK(bits_of(a) == bits_of(b));
    const std::string text = s + "12345678";  // digits after the cell are not the cell's
    const bool rc = credo::io::detail::parse_number_within(std::string_view(text).substr(0, s.size()),
                                                           text.data() + text.size(), c);
    CHECK(rc == rb);
    if (rc && rb) CHECK(bits_of(c) == bits_of(b));
  }
  // Random strings over the bytes numbers are made of.
  std::mt19937_64 rng(20261202);
  const std::string alphabet = "0123456789012345678901234567890123456789.-+eE ";
  for (int i = 0; i < 200000; ++i) {
    std::string s(1 + rng() % 14, ' ');
    for (auto& ch : s) ch = alphabet[rng() % alphabet.size()];
    double a = 7, b = 7;
    const bool ra = parse_number(s, a), rb = parse_number_reference(s, b);
    if (ra != rb || (ra && bits_of(a) != bits_of(b))) {
      CAPTURE(s);
      CHECK(ra == rb);
      CHECK(bits_of(a) == bits_of(b));
      break;
    }
    // Inside a text: the word read past the cell sees a delimiter, or more digits (which are
    // not the cell's), or random bytes; the answer is the cell's alone.
    for (const std::string& tail : {std::string(",12345678"), std::string("98765432"), std::string(s)}) {
      const std::string text = s + tail;
      double c = 7;
      const bool rc = credo::io::detail::parse_number_within(std::string_view(text).substr(0, s.size()),
                                                             text.data() + text.size(), c);
      if (rc != rb || (rc && bits_of(c) != bits_of(b))) {
        CAPTURE(s);
        CAPTURE(tail);
        CHECK(rc == rb);
        CHECK(bits_of(c) == bits_of(b));
        break;
      }
    }
  }
  // Numbers as %.6g and %.17g print them, the files the benchmark reads.
  std::normal_distribution<double> normal;
  char buf[64];
  for (int i = 0; i < 100000; ++i) {
    const double v = normal(rng) * std::pow(10.0, static_cast<double>(rng() % 12) - 6);
    for (const char* fmt : {"%.6g", "%.17g", "%.3f"}) {
      std::snprintf(buf, sizeof buf, fmt, v);
      double a = 7, b = 7, c = 7;
      REQUIRE(parse_number(buf, a));
      REQUIRE(parse_number_reference(buf, b));
      const std::string text = std::string(buf) + ",0,1,2,3,4";
      REQUIRE(credo::io::detail::parse_number_within(std::string_view(text).substr(0, std::strlen(buf)),
                                                     text.data() + text.size(), c));
      if (bits_of(a) != bits_of(b) || bits_of(c) != bits_of(b)) {
        CAPTURE(buf);
        CHECK(bits_of(a) == bits_of(b));
        CHECK(bits_of(c) == bits_of(b));
      }
    }
  }
}

TEST_CASE("csv_stream pieces: the inference sample ends where one scanner stops, whatever the threads") {
  pieces_dir d;
  // Column x: numbers up to row 40, then words; text after a closing quote on row 50 (line
  // 51), with an even number of quotes, so the record ends after it are found and the rows
  // after it are in the sample's text: the sample must stop before it all the same.
  const auto f = d.write("late.csv", rows_file(80, [](std::size_t r) {
    if (r == 50) return std::string("w,\"k\"q\"\",0");
    return (r <= 40 ? std::to_string(r) : std::string("w") + std::to_string(r)) + ",k,0";
  }));
  const std::string stray =
      "[credo.csv.stray_quote] '" + f + "' line 51, field 2: text follows the closing quote of a quoted field";
  // A sample of fewer than 50 rows holds more numbers than words in x: x is numeric, and
  // row 41 is the first error, met by next().
  const std::string mixed = "[credo.csv.mixed_column] '" + f +
                            "' row 41, column 'x': 'w41' is not a number, but the first rows made the column numeric; "
                            "treat such cells as missing or declare the column categorical";
  for (std::size_t infer : {1, 39, 40, 41, 49, 50, 51, 1000}) {
    CAPTURE(infer);
    stream_options so;
    so.infer_rows = infer;
    check_threads_agree({f}, {}, so);
    for (std::size_t threads : {1, 2, 3}) {
      so.threads = threads;
      so.chunk_bytes = 1 << 20;
      CHECK(stream_error({f}, {}, so) == (infer < 50 ? mixed : stray));  // stray: from the constructor
      if (infer < 50) CHECK(csv_stream({f}, {}, so).schema().kinds[0] == credo::column_kind::numeric);
    }
  }
}

TEST_CASE("csv_stream pieces: missing tokens of any length, as read_csv takes them") {
  pieces_dir d;
  // Tokens of 3 and of 70 bytes (past the 63 that the length test tells apart), and a cell of
  // 71 bytes that is not a token: only the tokens become missing.
  const std::string long_token(70, 'm');
  const auto f = d.write("tokens.csv", "x,k\n1,a\nn/a,n/a\n" + long_token + "," + long_token + "\n" + "3," +
                                           long_token + "m\n4,NA\n");
  csv_options opt;
  opt.missing_tokens = {"n/a", long_token};
  const auto ref = credo::io::read_csv(f, opt);
  REQUIRE(ref["x"].is_numeric());
  CHECK(std::isnan(ref["x"].values()[2]));
  CHECK(ref["k"].dictionary() == std::vector<std::string>{"a", long_token + "m", "NA"});
  for (std::size_t threads : {1, 2, 3}) {
    stream_options so;
    so.threads = threads;
    csv_stream s({f}, opt, so);
    credo::io::csv_chunk c;
    REQUIRE(s.next(c));
    CHECK(dump_table(c.data) == dump_table(ref));
  }
}

TEST_CASE("csv_stream pieces: field ends found sixteen bytes at a time, any delimiter, a stray quote among them") {
  pieces_dir d;
  // Cells of 0 to 20 bytes, so that a field's end falls at every offset of a 16-byte load,
  // with ';' as the delimiter (',' is then part of a cell).
  std::string text = "a;b;c\n";
  for (std::size_t r = 1; r <= 60; ++r)
    text += std::to_string(r) + ";" + std::string(r % 21, 'x') + "," + std::to_string(r % 7) + ";" +
            std::string((r * 7) % 19, '5') + "\r\n";
  csv_options opt;
  opt.delimiter = ';';
  const auto f = d.write("semi.csv", text);
  const auto ref = credo::io::read_csv(f, opt);
  REQUIRE(ref["b"].is_categorical());
  for (std::size_t threads : {1, 2, 3}) {
    stream_options so;
    so.threads = threads;
    csv_stream s({f}, opt, so);
    credo::io::csv_chunk c;
    REQUIRE(s.next(c));
    CHECK(dump_table(c.data) == dump_table(ref));
  }
  // A quote 10 bytes into a 30-byte cell on row 30 (line 31): the scanner's error, as read_csv's.
  std::string bad = text;
  const auto at = bad.find("\n30;") + 4;
  bad.insert(at, std::string(10, 'y') + "\"" + std::string(19, 'y'));
  const auto g = d.write("semi_bad.csv", bad);
  const std::string stray = "[credo.csv.stray_quote] '" + g +
                            "' line 31, field 2: a quote inside an unquoted field (quote the whole field)";
  CHECK_THROWS_WITH_AS(credo::io::read_csv(g, opt), stray.c_str(), credo::io_error);
  for (std::size_t threads : {1, 2, 3}) {
    stream_options so;
    so.threads = threads;
    so.infer_rows = 5;
    CHECK(stream_error({g}, opt, so) == stray);
  }
}
