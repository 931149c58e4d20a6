// The German credit data (data/german_credit.csv) as the tests use it: target `class`, bad =
// "bad" (300 of 1,000 rows), 7 numeric and 13 categorical characteristics.
#pragma once
#include "test_support.hpp"

#include <credo/io/csv.hpp>

namespace credo::test {

inline credo::table german_credit() {
  credo::io::csv_options opt;
  opt.target = "class";
  opt.bad_value = "bad";
  return credo::io::read_csv(data_path("german_credit.csv"), opt);
}

}  // namespace credo::test
