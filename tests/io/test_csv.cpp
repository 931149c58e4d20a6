#include <credo/io/csv.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"

using credo::io::csv_options;
using credo::io::parse_csv;

TEST_CASE("RFC 4180: quoted commas, doubled quotes, newlines in fields, CRLF") {
  const auto t = parse_csv("name,amount\r\n\"Smith, J\",10\r\n\"say \"\"hi\"\"\",20\r\n\"two\nlines\",30\r\n");
  REQUIRE(t.rows() == 3);
  CHECK(t["amount"].is_numeric());
  CHECK(t["amount"].values()[2] == 30);
  const auto& d = t["name"].dictionary();
  CHECK(d[0] == "Smith, J");
  CHECK(d[1] == "say \"hi\"");
  CHECK(d[2] == "two\nlines");
}

TEST_CASE("missing tokens become NaN or the missing code; types can be forced") {
  const auto t = parse_csv("a,b,c\n1,x,7\nNA,,?\nNaN,y,8\n");
  CHECK(t["a"].is_numeric());
  CHECK(std::isnan(t["a"].values()[1]));
  CHECK(std::isnan(t["a"].values()[2]));
  CHECK(t["b"].codes()[1] == credo::column::missing_code);
  CHECK(t["c"].is_numeric());

  csv_options opt;
  opt.types["c"] = credo::column_kind::categorical;
  const auto u = parse_csv("a,b,c\n1,x,7\nNA,,?\nNaN,y,8\n", opt);
  CHECK(u["c"].is_categorical());
  CHECK(u["c"].dictionary() == std::vector<std::string>{"7", "8"});
}

TEST_CASE("errors name the line and the column") {
  CHECK_THROWS_WITH_AS(parse_csv("a,b\n1,2\n3\n"), "[credo.csv.field_count] csv line 3: 1 fields, the header has 2",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(parse_csv("a,b\n1,\"2\n"),
                       "[credo.csv.unterminated_quote] csv line 2, field 2: a quoted field never closes",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(parse_csv("a,b\n1,x\"y\n"),
                       "[credo.csv.stray_quote] csv line 2, field 2: a quote inside an unquoted field "
                       "(quote the whole field)",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(parse_csv(""), "[credo.csv.empty] csv: no header row", credo::io_error);
  CHECK_THROWS_WITH_AS(parse_csv("a,a\n1,2\n"),
                       "[credo.csv.duplicate_name] csv line 1: column name 'a' appears twice in the header",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(parse_csv("a,\n1,2\n"),
                       "[credo.csv.empty_name] csv line 1: column 2 of the header has no name", credo::io_error);
  csv_options opt;
  opt.types["b"] = credo::column_kind::numeric;
  CHECK_THROWS_WITH_AS(parse_csv("a,b\n1,2\n2,\"x\ny\"\n3,z\n", opt),
                       "[credo.csv.bad_number] csv row 2, column 'b': 'x\\x0ay' is not a number, and the column "
                       "is declared numeric",
                       credo::io_error);
  csv_options unknown;
  unknown.types["q"] = credo::column_kind::numeric;
  CHECK_THROWS_WITH_AS(parse_csv("a\n1\n", unknown),
                       "[credo.csv.unknown_column] csv: a type is given for column 'q', which is not in the header",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(credo::io::read_csv(std::string("/nonexistent/x.csv")),
                       "[credo.csv.open_failed] '/nonexistent/x.csv': cannot open the file: No such file or directory",
                       credo::io_error);
}

TEST_CASE("german_credit.csv reads with 7 numeric and 14 categorical columns") {
  csv_options opt;
  opt.target = "class";
  opt.bad_value = "bad";
  const auto t = credo::io::read_csv(credo::test::data_path("german_credit.csv"), opt);
  CHECK(t.rows() == 1000);
  int numeric = 0, categorical = 0;
  for (const auto& c : t) (c.is_numeric() ? numeric : categorical)++;
  CHECK(numeric == 7);
  CHECK(categorical == 13);  // 14 categorical columns, one of them (class) is now the target
  std::size_t bads = 0;
  for (auto y : t.target()) bads += y;
  CHECK(bads == 300);
  CHECK(t["checking_status"].dictionary().size() == 4);
  CHECK(t["credit_amount"].values()[0] == 1169);
}

TEST_CASE("numbers beyond double's range follow strtod; hex and thousands separators are not numbers") {
  double v = 0;
  using credo::io::detail::parse_number;
  CHECK(parse_number("1e400", v));
  CHECK(v == std::numeric_limits<double>::infinity());
  CHECK(parse_number("-1e400", v));
  CHECK(v == -std::numeric_limits<double>::infinity());
  CHECK(parse_number("1e-400", v));
  CHECK(v == 0.0);
  CHECK(parse_number("4e-320", v));  // subnormal, kept
  CHECK(v > 0.0);
  CHECK(v < std::numeric_limits<double>::min());
  CHECK(parse_number(" +2.5 ", v));
  CHECK(v == 2.5);
  CHECK_FALSE(parse_number("0x10", v));
  CHECK_FALSE(parse_number("1,234", v));
  CHECK_FALSE(parse_number("1e", v));
  CHECK_FALSE(parse_number("", v));

  const auto t = parse_csv("a,b\n1e400,1\n1e-400,2\n3,3\n");
  REQUIRE(t["a"].is_numeric());
  CHECK(std::isinf(t["a"].values()[0]));
  CHECK(t["a"].values()[1] == 0.0);
}

TEST_CASE("a numeric column with a few cells that are not numbers is never made categorical") {
  const std::string text = "x,c\n1,a\n2,b\n\"1,234\",a\n0x10,b\n5,a\n6,b\n";
  CHECK_THROWS_WITH_AS(parse_csv(text),
                       "[credo.csv.mixed_column] csv, column 'x': 2 of 6 cells are not numbers (the first in row 3: "
                       "'1,234'); treat them as missing or declare the column categorical",
                       credo::io_error);
  csv_options opt;
  opt.bad_numbers = credo::io::bad_number_policy::missing;
  std::vector<credo::io::bad_cells> bad;
  const auto t = parse_csv(text, opt, "csv", &bad);
  REQUIRE(t["x"].is_numeric());
  CHECK(std::isnan(t["x"].values()[2]));
  CHECK(std::isnan(t["x"].values()[3]));
  CHECK(t["x"].values()[4] == 5);
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].column == "x");
  CHECK(bad[0].rows == std::vector<std::size_t>{3, 4});
  CHECK(bad[0].first_value == "1,234");
  // Mostly words: categorical as before; declared categorical: categorical.
  CHECK(parse_csv("g\nA\nB\n1\n")["g"].is_categorical());
  opt.types["x"] = credo::column_kind::categorical;
  CHECK(parse_csv(text, opt)["x"].is_categorical());
}

TEST_CASE("declared kinds win over the cells: a categorical column that holds only numbers") {
  csv_options opt;
  opt.types["grade"] = credo::column_kind::categorical;
  const auto t = parse_csv("grade,amount\n1,10\n2,20\n3,30\n", opt);
  CHECK(t["grade"].is_categorical());
  CHECK(t["grade"].dictionary().size() == 3);
  opt.types_from = "the model file";
  opt.types["score"] = credo::column_kind::numeric;
  CHECK_THROWS_WITH_AS(parse_csv("grade\n1\n", opt),
                       "[credo.csv.unknown_column] csv: column 'score', which the model file needs, is not in the header",
                       credo::invalid_input);
}

TEST_CASE("target, bad value and weights: messages number data rows from 1") {
  csv_options opt;
  opt.target = "y";
  opt.bad_value = "Bad";
  CHECK_THROWS_WITH_AS(parse_csv("x,y\n1,bad\n2,good\n", opt),
                       "[credo.csv.bad_value_absent] csv: no row of target 'y' holds the bad value 'Bad' (it holds "
                       "'bad', 'good')",
                       credo::invalid_input);
  opt.bad_value = "bad";
  CHECK_THROWS_WITH_AS(parse_csv("x,y\n1,bad\n2,good\n3,\n", opt),
                       "[credo.table.missing_target] csv row 3, column 'y': the target is missing ('')",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(parse_csv("x,y\n1,bad\n2,good\n3,ugly\n", opt),
                       "[credo.table.target_not_binary] csv row 3, column 'y': a third value 'ugly' besides bad "
                       "'bad' and good 'good'",
                       credo::invalid_input);
  opt.weight = "w";
  CHECK_THROWS_WITH_AS(parse_csv("x,y,w\n1,bad,0\n2,good,0\n", opt),
                       "[credo.csv.zero_weights] csv: every weight in column 'w' is 0; at least one row must weigh "
                       "more than 0",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(parse_csv("x,y,w\n1,bad,1\n2,good,-1\n", opt),
                       "[credo.table.bad_weight] csv row 2, column 'w': '-1' is not a finite number >= 0",
                       credo::invalid_input);
  opt.bad_value = "";
  CHECK_THROWS_AS(parse_csv("x,y\n1,bad\n", opt), credo::invalid_input);
  // A numeric target: 1 and 1.0 are the same value.
  csv_options num;
  num.target = "y";
  num.bad_value = "1";
  const auto t = parse_csv("x,y\n1,1\n2,0\n3,1.0\n4,0.0\n", num);
  CHECK(t.target()[2] == 1);
  CHECK(t.target()[3] == 0);
}

TEST_CASE("invalid UTF-8 is refused naming the column and the row") {
  CHECK_THROWS_WITH_AS(parse_csv("name,x\nok,1\nbad\xff,2\n"),
                       "[credo.csv.invalid_utf8] csv row 2, column 'name': not valid UTF-8 at byte 4 ('bad\\xff')",
                       credo::io_error);
  CHECK_THROWS_WITH_AS(parse_csv("a,\xc3\x28\n1,2\n"),
                       "[credo.csv.invalid_utf8] csv line 1: the name of column 2 is not valid UTF-8 at byte 1 "
                       "('\\xc3(')",
                       credo::io_error);
  // Valid multi-byte text, and the limits of the encoding.
  CHECK(parse_csv("name\nZ\xc3\xbcrich\n\xe2\x82\xac\n\xf0\x9f\x98\x80\n")["name"].dictionary().size() == 3);
  using credo::io::detail::invalid_utf8_at;
  CHECK(invalid_utf8_at("\xc0\xaf") == 0);          // overlong
  CHECK(invalid_utf8_at("a\xed\xa0\x80") == 1);     // a surrogate
  CHECK(invalid_utf8_at("\xf4\x90\x80\x80") == 0);  // past U+10FFFF
  CHECK(invalid_utf8_at("\xe2\x82") == 0);          // cut short
}

TEST_CASE("a wide file reads in linear time: 100,000 columns") {
  const std::size_t n = 100000;
  std::string text;
  for (std::size_t j = 0; j < n; ++j) text += (j ? ",c" : "c") + std::to_string(j);
  text += "\n";
  for (int r = 0; r < 3; ++r) {
    for (std::size_t j = 0; j < n; ++j) text += (j ? "," : "") + std::to_string((j + static_cast<std::size_t>(r)) % 7);
    text += "\n";
  }
  const auto t = parse_csv(text);
  REQUIRE(t.columns() == n);
  CHECK(t.rows() == 3);
  CHECK(t.at(n - 1).name() == "c99999");
  CHECK(t.at(n - 1).values()[2] == static_cast<double>((n - 1 + 2) % 7));
  CHECK_THROWS_WITH_AS(parse_csv(text.substr(0, text.find('\n')) + ",c5\n"),
                       "[credo.csv.duplicate_name] csv line 1: column name 'c5' appears twice in the header",
                       credo::io_error);
}
