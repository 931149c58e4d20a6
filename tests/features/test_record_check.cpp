// The one bureau-record check: the reader (which throws, naming file, line and column) and
// the engine (which gives a status) refuse the same tradelines for the same reasons.
#include <credo/engine/engine.hpp>
#include <credo/features/extractors.hpp>
#include <credo/features/record_check.hpp>
#include <credo/io/records.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

namespace cf = credo::features;
namespace ce = credo::engine;

const char* one_person = "person_id,as_of\np1,2024-06-30\n";
const char* tradeline_header =
    "person_id,source,account_type,opened,closed,last_reported,credit_limit,balance,payment_history\n";

/// One tradeline's fields as they stand in a file.
struct fields {
  const char* opened;
  const char* closed;
  const char* last_reported;
  const char* credit_limit;
  const char* balance;
  const char* history;
};

std::string row(const fields& f) {
  return std::string("p1,bank,revolving,") + f.opened + "," + f.closed + "," + f.last_reported + "," + f.credit_limit +
         "," + f.balance + "," + f.history + "\n";
}

/// The same tradeline built in memory, as a lender's backend hands it to the engine.
cf::tradeline_record record(const fields& f) {
  cf::tradeline_record t;
  t.type = cf::account_type::revolving;
  t.opened = *cf::date::parse(f.opened);
  if (*f.closed) t.closed = *cf::date::parse(f.closed);
  t.last_reported = *cf::date::parse(f.last_reported);
  t.credit_limit = *f.credit_limit ? std::stod(f.credit_limit) : std::numeric_limits<double>::quiet_NaN();
  t.balance = *f.balance ? std::stod(f.balance) : std::numeric_limits<double>::quiet_NaN();
  t.payment_history = f.history;
  return t;
}

const fields valid{"2020-01-15", "", "2024-06-30", "1000", "250", "0012100000"};

using one_feature = cf::feature_set<cf::account_count>;
using card_t = credo::model::scorecard<double>;

ce::engine<one_feature, card_t, credo::decide::cutoff> small_engine() {
  std::vector<credo::model::characteristic_spec> cs{
      {"accounts_total", credo::binning::bins::numeric({3.0}), {-0.5, 0.4, 0.0}, -1.0, {}}};
  return {one_feature{}, card_t(cs, -2.5), credo::decide::cutoff(480)};
}

}  // namespace

TEST_CASE("the record reader refuses a negative amount, naming file, line and column") {
  using credo::io_error;
  const std::string second_line = row(valid);
  auto read = [&](const fields& f) {
    return credo::io::parse_records(one_person, std::string(tradeline_header) + second_line + row(f));
  };
  fields f = valid;
  f.balance = "-250";
  CHECK_THROWS_WITH_AS(read(f),
                       "[credo.records.bad_amount] tradelines line 3, column 'balance': '-250' is negative; a "
                       "balance or credit limit is >= 0, or empty when unknown",
                       io_error);
  f = valid;
  f.credit_limit = "-0.5";
  CHECK_THROWS_WITH_AS(read(f),
                       "[credo.records.bad_amount] tradelines line 3, column 'credit_limit': '-0.5' is negative; a "
                       "balance or credit limit is >= 0, or empty when unknown",
                       io_error);
  SUBCASE("zero, minus zero and a missing amount are accepted") {
    f = valid;
    f.balance = "-0";
    f.credit_limit = "";
    const auto r = read(f);
    REQUIRE(r.tradelines.size() == 2);
    CHECK(r.tradelines[1].balance == 0.0);
    CHECK(std::isnan(r.tradelines[1].credit_limit));
  }
}

TEST_CASE("the reader and the engine refuse the same tradelines for the same reasons") {
  struct case_ {
    const char* what;
    fields f;
    const char* reader_id;  // nullptr: accepted
    cf::record_problem problem;
    ce::input_problem engine_problem;
  };
  const std::vector<case_> cases{
      {"valid", valid, nullptr, cf::record_problem::none, ce::input_problem::none},
      {"negative balance", {"2020-01-15", "", "2024-06-30", "1000", "-1", "0"}, "credo.records.bad_amount",
       cf::record_problem::bad_amount, ce::input_problem::bad_amount},
      {"negative limit", {"2020-01-15", "", "2024-06-30", "-1000", "1", "0"}, "credo.records.bad_amount",
       cf::record_problem::bad_amount, ce::input_problem::bad_amount},
      {"reported before opened", {"2020-01-15", "", "2019-06-30", "1000", "1", "0"}, "credo.records.date_order",
       cf::record_problem::bad_dates, ce::input_problem::bad_dates},
      {"closed before opened", {"2020-01-15", "2019-01-01", "2024-06-30", "1000", "1", "0"},
       "credo.records.date_order", cf::record_problem::bad_dates, ce::input_problem::bad_dates},
      {"not a status", {"2020-01-15", "", "2024-06-30", "1000", "1", "00X0"}, "credo.records.bad_status",
       cf::record_problem::bad_history, ce::input_problem::bad_history},
      {"dates before amounts", {"2020-01-15", "", "2019-06-30", "1000", "-1", "0"}, "credo.records.date_order",
       cf::record_problem::bad_dates, ce::input_problem::bad_dates},
  };
  const auto eng = small_engine();
  auto session = eng.make_session();
  for (const auto& c : cases) {
    CAPTURE(c.what);
    const cf::tradeline_record t = record(c.f);
    CHECK(cf::check_tradeline(t).problem == c.problem);
    CHECK(ce::input_problem_of(c.problem) == c.engine_problem);
    const std::string tradelines = std::string(tradeline_header) + row(c.f);
    if (c.reader_id) {
      try {
        (void)credo::io::parse_records(one_person, tradelines);
        FAIL("the reader accepted it");
      } catch (const credo::io_error& e) {
        CHECK(e.id() == c.reader_id);
        CHECK(std::string(e.what()).find("tradelines line 2, column '") != std::string::npos);
      }
    } else {
      CHECK(credo::io::parse_records(one_person, tradelines).tradelines.size() == 1);
    }
    const std::vector<cf::tradeline_record> accounts{t};
    const std::vector<cf::inquiry_record> inquiries;
    const ce::applicant<> a{cf::date::from_ymd(2024, 6, 30), accounts, inquiries, 0, 0, -1};
    const auto d = eng.decide(a, session);
    CHECK(d.problem == c.engine_problem);
    CHECK((d.status == ce::decision_status::invalid_input) == (c.engine_problem != ce::input_problem::none));
  }
}

TEST_CASE("record_problem names") {
  CHECK(std::string(cf::to_string(cf::record_problem::bad_amount)) == "bad_amount");
  CHECK(std::string(ce::to_string(ce::input_problem_of(cf::record_problem::bad_history))) == "bad_history");
  CHECK(cf::first_invalid_status("00E1BD6") == std::string_view::npos);
  CHECK(cf::first_invalid_status("00x") == 2);
}
