#include <credo/features.hpp>
#include <credo/io/records.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <cmath>

namespace cf = credo::features;
using credo::io::parse_records;

namespace {
const char* persons_csv =
    "person_id,as_of,bad,region\n"
    "p1,2024-06-30,1,north\n"
    "\"p,2\",2024-06-30,0,\n"
    "p3,2024-03-31,,south\n";
const char* tradelines_csv =
    "source,person_id,account_type,opened,closed,last_reported,credit_limit,balance,payment_history\n"
    "bank,p1,revolving,2020-01-15,,2024-06-30,1000,250,0012100000\n"
    "card,\"p,2\",installment,2018-07-01,2022-01-31,2022-01-31,,0,E0000006\n"
    "bank,p3,open,2023-01-01,,2024-03-01,,40,\n";
const char* inquiries_csv =
    "person_id,source,date\n"
    "p1,telco,2024-06-01\n";
}  // namespace

TEST_CASE("canonical CSV records: columns in any order, sources in order of appearance") {
  const auto r = parse_records(persons_csv, tradelines_csv, inquiries_csv);
  REQUIRE(r.persons.size() == 3);
  CHECK(r.persons.id[1] == "p,2");
  CHECK(r.persons.as_of[2] == *cf::date::parse("2024-03-31"));
  CHECK(r.persons.bad == std::vector<std::int8_t>{1, 0, -1});
  CHECK(r.persons.segment("region").codes()[1] == credo::column::missing_code);
  CHECK(r.sources == std::vector<std::string>{"bank", "card", "telco"});
  REQUIRE(r.tradelines.size() == 3);
  CHECK(r.tradelines[1].person == 1);
  CHECK(r.tradelines[1].source == 1);
  CHECK(r.tradelines[1].closed == cf::date::parse("2022-01-31"));
  CHECK(std::isnan(r.tradelines[1].credit_limit));
  CHECK(r.tradelines[0].payment_history == "0012100000");
  CHECK(r.tradelines[2].payment_history.empty());
  CHECK(r.tradelines[2].type == cf::account_type::open);
  REQUIRE(r.inquiries.size() == 1);
  CHECK(r.inquiries[0].source == 2);
}

TEST_CASE("records CSV errors name file, line and column") {
  using credo::io_error;
  const char* tl_header =
      "person_id,source,account_type,opened,closed,last_reported,credit_limit,balance,payment_history\n";
  auto tl = [&](const char* row) { return parse_records(persons_csv, std::string(tl_header) + row); };
  CHECK_THROWS_WITH_AS(tl("p9,bank,revolving,2020-01-15,,2024-06-30,1,1,0\n"),
                       "[credo.records.unknown_person] tradelines line 2, column 'person_id': person 'p9' is not "
                       "in the persons file",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,bank,revolving,2020-02-30,,2024-06-30,1,1,0\n"),
                       "[credo.records.bad_date] tradelines line 2, column 'opened': '2020-02-30' is not a date "
                       "YYYY-MM-DD",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,bank,revolving,2020-01-15,,2024-06-30,1,1,00X1\n"),
                       "[credo.records.bad_status] tradelines line 2, column 'payment_history': character 'X' at "
                       "position 3 is not a Metro 2 status (0-6, B, D, E)",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,bank,card,2020-01-15,,2024-06-30,1,1,0\n"),
                       "[credo.records.bad_account_type] tradelines line 2, column 'account_type': 'card' is not "
                       "an account type (revolving, installment, mortgage, open, other)",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,bank,revolving,2020-01-15,,2024-06-30,lots,1,0\n"),
                       "[credo.records.bad_number] tradelines line 2, column 'credit_limit': 'lots' is not a number",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,bank,revolving,2020-01-15,,2019-06-30,1,1,0\n"),
                       "[credo.records.date_order] tradelines line 2, column 'last_reported': last reported "
                       "2019-06-30 before opened 2020-01-15",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,bank,revolving,2020-01-15,2019-01-01,2020-06-30,1,1,0\n"),
                       "[credo.records.date_order] tradelines line 2, column 'closed': closed 2019-01-01 before "
                       "opened 2020-01-15",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,,revolving,2020-01-15,,2024-06-30,1,1,0\n"),
                       "[credo.records.empty_source] tradelines line 2, column 'source': the source is empty",
                       io_error);
  CHECK_THROWS_WITH_AS(tl("p1,bank,revolving,2020-01-15,,2024-06-30,1,1\n"),
                       "[credo.records.field_count] tradelines line 2: 8 fields, the header has 9", io_error);
  CHECK_THROWS_WITH_AS(parse_records(persons_csv, "person_id,source\np1,bank\n"),
                       "[credo.records.missing_column] tradelines line 1: no column 'account_type' in the header",
                       io_error);
  CHECK_THROWS_WITH_AS(parse_records("person_id,as_of\np1,2024-06-31\n", tl_header),
                       "[credo.records.bad_date] persons line 2, column 'as_of': '2024-06-31' is not a date "
                       "YYYY-MM-DD",
                       io_error);
  // Found by fuzzing: a second column of one name could never be read as itself, and the
  // records written back would be another file.
  CHECK_THROWS_WITH_AS(parse_records("person_id,as_of,region,as_of\np1,2024-06-30,north,2024-01-01\n", tl_header),
                       "[credo.records.duplicate_column] persons line 1: column 'as_of' appears twice in the header "
                       "(fields 2 and 4)",
                       io_error);
  CHECK_THROWS_WITH_AS(parse_records(persons_csv, "person_id,source,account_type,source\n"),
                       "[credo.records.duplicate_column] tradelines line 1: column 'source' appears twice in the header "
                       "(fields 2 and 4)",
                       io_error);
  CHECK_THROWS_WITH_AS(parse_records("person_id,as_of\np1,2024-06-30\np1,2024-06-30\n", tl_header),
                       "[credo.records.duplicate_person] persons line 3, column 'person_id': person 'p1' appears a "
                       "second time (first on line 2)",
                       io_error);
  CHECK_THROWS_WITH_AS(parse_records("person_id,as_of,bad\np1,2024-06-30,yes\n", tl_header),
                       "[credo.records.bad_outcome] persons line 2, column 'bad': 'yes' is not 1 (bad), 0 (good) "
                       "or empty",
                       io_error);
  CHECK_THROWS_WITH_AS(parse_records("", tl_header), "[credo.records.empty] persons: no header row", io_error);
  CHECK_THROWS_WITH_AS(parse_records(persons_csv, tl_header, "person_id,source,date\np1,x,2024-6-1\n"),
                       "[credo.records.bad_date] inquiries line 2, column 'date': '2024-6-1' is not a date "
                       "YYYY-MM-DD",
                       io_error);
  CHECK_THROWS_WITH_AS(credo::io::read_records("/nonexistent/persons.csv", "x"),
                       "[credo.records.open_failed] '/nonexistent/persons.csv': cannot open the file: No such file or directory", io_error);
}

TEST_CASE("synthetic records survive a CSV round trip with the same features") {
  credo::synth::bureau_options o;
  o.persons = 1500;
  const auto b = credo::synth::generate(o);
  const auto& r = b.records;
  const auto back = parse_records(credo::io::format_persons(r), credo::io::format_tradelines(r),
                                  credo::io::format_inquiries(r));
  REQUIRE(back.tradelines.size() == r.tradelines.size());
  REQUIRE(back.inquiries.size() == r.inquiries.size());
  CHECK(back.persons.id == r.persons.id);
  CHECK(back.persons.bad == r.persons.bad);
  CHECK(back.persons.segment("group").codes()[7] == r.persons.segment("group").codes()[7]);
  const auto fs = cf::standard_features();
  const auto t1 = fs.extract(r.view()), t2 = fs.extract(back.view());
  // Sources are renumbered by first appearance, so compare the features, not the codes.
  for (std::size_t j = 0; j < t1.columns(); ++j) CHECK_MESSAGE(t1.at(j) == t2.at(j), t1.at(j).name());
}
