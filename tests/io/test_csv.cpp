#include <credo/io/csv.hpp>

#include <doctest/doctest.h>

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
                       "[credo.csv.bad_number] csv line 3, column 'b': 'x\ny' is not a number, and the column "
                       "is declared numeric",
                       credo::io_error);
  csv_options unknown;
  unknown.types["q"] = credo::column_kind::numeric;
  CHECK_THROWS_WITH_AS(parse_csv("a\n1\n", unknown),
                       "[credo.csv.unknown_column] csv: a type is given for column 'q', which is not in the header",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(credo::io::read_csv(std::string("/nonexistent/x.csv")),
                       "[credo.csv.open_failed] '/nonexistent/x.csv': cannot open the file", credo::io_error);
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
