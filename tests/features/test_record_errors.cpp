// Error paths of the bureau records that the feature tests do not reach.
#include <credo/features/record_set.hpp>
#include <credo/io/records.hpp>

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace {
const char* no_tradelines =
    "source,person_id,account_type,opened,closed,last_reported,credit_limit,balance,payment_history\n";
const char* no_inquiries = "person_id,source,date\n";
}  // namespace

TEST_CASE("a person row with an empty id is refused, naming the file, line and column") {
  const char* persons = "person_id,as_of\np1,2024-06-30\n,2024-06-30\n";
  CHECK_THROWS_WITH_AS(credo::io::parse_records(persons, no_tradelines, no_inquiries),
                       doctest::Contains("[credo.records.empty_person]"), std::runtime_error);
  try {
    credo::io::parse_records(persons, no_tradelines, no_inquiries);
  } catch (const std::exception& e) {
    CHECK(std::string(e.what()).find("line 3") != std::string::npos);
  }
}

TEST_CASE("an unknown source name is refused, listing the sources there are") {
  const char* persons = "person_id,as_of\np1,2024-06-30\n";
  const char* tradelines =
      "source,person_id,account_type,opened,closed,last_reported,credit_limit,balance,payment_history\n"
      "bank,p1,revolving,2020-01-15,,2024-06-30,1000,250,000\n";
  const auto r = credo::io::parse_records(persons, tradelines, no_inquiries);
  CHECK(r.source_index("bank") == 0);
  CHECK_THROWS_WITH_AS(r.source_index("telco"),
                       "[credo.records.unknown_source] no source 'telco' (sources: bank)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(r.without({"telco"}), doctest::Contains("[credo.records.unknown_source]"),
                       std::invalid_argument);
}

TEST_CASE("payment histories need one offset per tradeline plus one") {
  credo::features::record_set r;
  r.tradelines.resize(2);
  CHECK_THROWS_WITH_AS(r.set_histories("0000", {0, 2}), doctest::Contains("[credo.records.history_offsets]"),
                       std::logic_error);
  r.set_histories("0000", {0, 2, 4});
  CHECK(r.tradelines[1].payment_history == "00");
}
