// The policies of docs/howto/write_a_policy.md, compiled and checked here: the guide's
// snippets are copies of the code between the "// doc:" markers.
#include "german_credit.hpp"
#include <credo/binning.hpp>
#include <credo/coverage.hpp>
#include <credo/engine.hpp>
#include <credo/io/csv.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model.hpp>
#include <credo/report.hpp>

#include <doctest/doctest.h>
#include <test_support.hpp>

#include <cmath>
#include <string_view>

// doc: decision
// Two cut-offs: decline below `decline_below`, approve from `approve_from`, refer between.
struct two_cutoffs {
  double decline_below = 0, approve_from = 0;
  std::string_view name() const { return "two_cutoffs"; }
  credo::engine::verdict decide(const credo::engine::decision_input& in) const {
    if (in.score >= approve_from) return credo::engine::verdict::approve;
    return in.score < decline_below ? credo::engine::verdict::decline : credo::engine::verdict::refer;
  }
};
static_assert(credo::decision_policy<two_cutoffs>);
// doc: end

// doc: rule
// Scoreable with at least `minimum` accounts reported in the last `months` months.
struct recently_active {
  int minimum = 2, months = 12;
  struct state {
    int active = 0;
  };
  void add(state& s, const credo::features::account_view& a, const credo::features::person_context& c) const {
    if (a.reported_month >= c.as_of_month - months) ++s.active;
  }
  bool scoreable(const state& s, const credo::features::person_context&) const { return s.active >= minimum; }
  void merge(state& s, const state& o) const { s.active += o.active; }  // disjoint accounts add up
};
static_assert(credo::coverage::mergeable_rule<recently_active>);
// doc: end

static_assert(!credo::decision_policy<int>);
static_assert(!credo::coverage::scoreability_rule<two_cutoffs>);

namespace {

}  // namespace

TEST_CASE("docs: rounding and missing values are options of the one card type") {
  const auto t = credo::test::german_credit();
  credo::binning::encoder_options eo;
  eo.columns = {"checking_status", "duration"};
  credo::binning::woe_encoder enc(eo);
  enc.fit(t);
  credo::model::logistic_regression<> lr;
  REQUIRE(lr.fit(enc.transform(t), t.target(), enc.columns()) == credo::model::fit_status::success);

  credo::model::scorecard_options o;
  o.rounding = credo::model::rounding_method::none;
  o.missing = credo::model::missing_action::error;
  const auto card = credo::model::scorecard<>::from_tables(enc.tables(), lr, o);
  bool whole = true;
  for (std::size_t j = 0; j < card.size(); ++j)
    for (std::size_t b = 0; b < card.characteristic(j).bins.size(); ++b)
      whole = whole && card.points(j)[b] == std::round(card.points(j)[b]);
  CHECK(!whole);  // unrounded

  const auto ok = card.score({"<0", 12});
  CHECK(ok.ok());
  const auto missing = card.score({"<0", credo::model::input::missing()});
  CHECK(missing.status == credo::model::score_status::missing_value);
  CHECK(missing.characteristic == 1);
  // The options travel in the model file by name; any card loads into the one card type.
  const auto back = credo::io::scorecard_from_string<credo::model::scorecard<>>(credo::io::scorecard_to_string(card));
  CHECK(back == card);
  CHECK(back.rounding() == credo::model::rounding_method::none);
  CHECK(back.missing() == credo::model::missing_action::error);
}

TEST_CASE("docs policy: two_cutoffs") {
  const two_cutoffs d{560, 600};
  CHECK(d.decide({.score = 620}) == credo::engine::verdict::approve);
  CHECK(d.decide({.score = 600}) == credo::engine::verdict::approve);
  CHECK(d.decide({.score = 580}) == credo::engine::verdict::refer);
  CHECK(d.decide({.score = 559.5}) == credo::engine::verdict::decline);
}

TEST_CASE("docs policy: recently_active rule") {
  using credo::features::date;
  const auto c = credo::features::person_context::at(date::from_ymd(2024, 6, 30));
  credo::features::account_view recent, old;
  recent.last_reported = date::from_ymd(2024, 5, 31);
  recent.reported_month = recent.last_reported.month_index();
  old.last_reported = date::from_ymd(2022, 1, 31);
  old.reported_month = old.last_reported.month_index();

  const recently_active rule;
  recently_active::state a, b;
  rule.add(a, recent, c);
  CHECK_FALSE(rule.scoreable(a, c));  // one active account, two needed
  rule.add(a, old, c);
  CHECK_FALSE(rule.scoreable(a, c));  // the old one does not count
  rule.add(b, recent, c);
  rule.merge(a, b);
  CHECK(rule.scoreable(a, c));
}

TEST_CASE("docs/report.md: building your own page") {
  // The snippet of docs/report.md, "Building your own page", written to a string.
  credo::report::html_document page("Approval by region");
  page.heading("Approval rate");
  page.chart(credo::report::bar_chart({"approval", "Approval rate by region", "region", "share"},
                                      {"north", "south"}, {{"approved", {0.71, 0.64}, {0.66, 0.58}, {0.76, 0.70}}}));
  page.table({"region", "approval"}, {{"north", "0.71"}, {"south", "0.64"}});
  CHECK(page.charts() == 1);
  const auto html = page.str();
  CHECK(html.find("data-chart=\"approval\"") != std::string::npos);
  CHECK(html.find("<td>south</td>") != std::string::npos);
}
