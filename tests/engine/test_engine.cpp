// The composed engine: a hand-derived decision, statuses, policies, bindings and errors.
#include "service_fixture.hpp"

#include <credo/engine/engine.hpp>
#include <credo/io/logistic_file.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <string>

using namespace credo;
using credo::features::date;
using credo::test::hand_card;
using credo::test::hand_features;
using credo::test::hand_records;

namespace {
using card_t = model::scorecard<double>;
using plain_engine = engine::engine<hand_features, card_t, decide::cutoff>;
using monitored_engine = engine::engine<hand_features, card_t, decide::cutoff, monitor::psi,
                                        monitor::approvals_by<>, monitor::coverage>;
}  // namespace

TEST_CASE("a hand-derived decision: score, PD, verdict and four reasons") {
  const plain_engine eng(hand_features{}, hand_card(), decide::cutoff(480));
  auto s = eng.make_session();
  const hand_records h;
  const auto d = eng.decide(h.applicant(), s);
  REQUIRE(d.status == engine::decision_status::scored);
  CHECK(d.problem == engine::input_problem::none);
  CHECK(d.file == coverage::file_status::scoreable);
  CHECK(d.score == 490);
  CHECK(d.pd == doctest::Approx(0.47509225618794687).epsilon(1e-12));
  CHECK(d.outcome == engine::verdict::approve);
  REQUIRE(d.reasons().size() == 4);
  // utilization and worst delinquency tie at 37 points: card order breaks the tie
  CHECK(d.reasons()[0] == model::reason_code{1, 2, 37});
  CHECK(d.reasons()[1] == model::reason_code{2, 1, 37});
  CHECK(d.reasons()[2] == model::reason_code{0, 0, 26});
  CHECK(d.reasons()[3] == model::reason_code{3, 1, 9});
  CHECK(eng.describe(d.reasons()[0]) == "utilization_revolving = [0.7, inf) (37 points below baseline)");
  const auto row = eng.last_row(s);
  CHECK(row[0] == 2);
  CHECK(row[1] == doctest::Approx(0.8));
  CHECK(row[2] == 1);
  CHECK(row[3] == 1);
}

TEST_CASE("the engine's score equals the card's score of the extracted features") {
  const test::synthetic_applicants pop(400);
  const auto card = hand_card();
  const plain_engine eng(hand_features{}, card, decide::cutoff(500));
  auto s = eng.make_session();
  hand_features fs;
  std::vector<double> row(fs.width());
  int scored = 0;
  for (const auto& a : pop.applicants) {
    const auto d = eng.decide(a, s);
    if (!d.scored()) continue;
    ++scored;
    fs.extract(a.as_of, a.accounts, a.inquiries, std::span<double>(row));
    model::reason_code why[4];
    const auto r = card.score({row[0], row[1], row[2], row[3]}, why);
    REQUIRE(r.ok());
    CHECK(d.score == r.score);
    CHECK(d.pd == card.pd_from_score(r.score));
    CHECK(d.outcome == (r.score >= 500 ? engine::verdict::approve : engine::verdict::decline));
    REQUIRE(d.reason_count == r.reasons);
    for (std::uint32_t i = 0; i < r.reasons; ++i) CHECK(d.reasons()[i] == why[i]);
  }
  CHECK(scored > 200);
}

TEST_CASE("persons the coverage rule cannot score get no score, and say why") {
  const plain_engine eng(hand_features{}, hand_card(), decide::cutoff(480));
  auto s = eng.make_session();
  const date as_of = date::from_ymd(2024, 6, 30);

  SUBCASE("no file at all") {
    const engine::applicant<> a{as_of, {}, {}};
    const auto d = eng.decide(a, s);
    CHECK(d.status == engine::decision_status::not_scoreable);
    CHECK(d.file == coverage::file_status::invisible);
    CHECK(d.outcome == engine::verdict::refer);
    CHECK(std::isnan(d.score));
    CHECK(std::isnan(d.pd));
    CHECK(d.reasons().empty());
  }
  SUBCASE("a thin file: one account opened two months ago") {
    hand_records h;
    h.accounts.resize(1);
    h.accounts[0].opened = date::from_ymd(2024, 4, 20);
    h.accounts[0].payment_history = "00";
    const auto d = eng.decide(h.applicant(), s);
    CHECK(d.status == engine::decision_status::not_scoreable);
    CHECK(d.file == coverage::file_status::unscoreable);
    CHECK(std::isnan(d.score));
  }
  SUBCASE("records dated after as_of are unseen: only a future inquiry is no file") {
    engine::applicant<> a{as_of, {}, {}};
    const std::vector<features::inquiry_record> q{{0, 0, date::from_ymd(2024, 7, 2)}};
    a.inquiries = q;
    CHECK(eng.decide(a, s).file == coverage::file_status::invisible);
  }
}

TEST_CASE("invalid input is a status, never a throw") {
  const plain_engine eng(hand_features{}, hand_card(), decide::cutoff(480));
  auto s = eng.make_session();
  hand_records h;
  auto problem = [&](const engine::applicant<>& a) {
    const auto d = eng.decide(a, s);
    CHECK(d.status == engine::decision_status::invalid_input);
    CHECK(d.outcome == engine::verdict::refer);
    CHECK(std::isnan(d.score));
    return d.problem;
  };
  SUBCASE("as_of before 1900") {
    auto a = h.applicant();
    a.as_of = date::from_ymd(1899, 12, 31);
    CHECK(problem(a) == engine::input_problem::bad_as_of);
  }
  SUBCASE("opened after the last report") {
    h.accounts[1].opened = date::from_ymd(2024, 7, 1);
    CHECK(problem(h.applicant()) == engine::input_problem::bad_dates);
  }
  SUBCASE("closed before opened") {
    h.accounts[0].closed = date::from_ymd(2019, 1, 1);
    CHECK(problem(h.applicant()) == engine::input_problem::bad_dates);
  }
  SUBCASE("a payment-history character that is not a status") {
    h.accounts[0].payment_history = "00X0";
    CHECK(problem(h.applicant()) == engine::input_problem::bad_history);
  }
  SUBCASE("a negative balance, an infinite limit") {
    h.accounts[0].balance = -1;
    CHECK(problem(h.applicant()) == engine::input_problem::bad_amount);
    h.accounts[0].balance = 1;
    h.accounts[1].credit_limit = std::numeric_limits<double>::infinity();
    CHECK(problem(h.applicant()) == engine::input_problem::bad_amount);
  }
  SUBCASE("a NaN balance is missing, not invalid") {
    h.accounts[1].balance = std::numeric_limits<double>::quiet_NaN();
    CHECK(eng.decide(h.applicant(), s).scored());
  }
}

TEST_CASE("a model that cannot score a missing value makes the input invalid") {
  using strict_card = model::scorecard<double>;
  const auto c = hand_card();
  model::scorecard_options strict;
  strict.missing = model::missing_action::error;
  const strict_card card(c.characteristics(), c.intercept(), strict);
  const engine::engine<hand_features, strict_card, decide::cutoff> eng(hand_features{}, card, decide::cutoff(480));
  auto s = eng.make_session();
  hand_records h;
  h.accounts[0].type = features::account_type::installment;  // no revolving account: utilization is NaN
  const auto d = eng.decide(h.applicant(), s);
  CHECK(d.status == engine::decision_status::invalid_input);
  CHECK(d.problem == engine::input_problem::missing_value);
  CHECK(std::isnan(d.score));
}

TEST_CASE("decision policies: refer band, cut-off table by segment, PD ceiling") {
  const hand_records h;
  SUBCASE("refer band [480, 500)") {
    const plain_engine eng(hand_features{}, hand_card(), decide::cutoff(500, 480));
    auto s = eng.make_session();
    CHECK(eng.decide(h.applicant(), s).outcome == engine::verdict::refer);
    const plain_engine strict(hand_features{}, hand_card(), decide::cutoff(500));
    auto s2 = strict.make_session();
    CHECK(strict.decide(h.applicant(), s2).outcome == engine::verdict::decline);
  }
  SUBCASE("a cut-off per segment") {
    const engine::engine<hand_features, card_t, decide::cutoff_table> eng(
        hand_features{}, hand_card(), decide::cutoff_table({decide::cutoff(480), decide::cutoff(491)}));
    auto s = eng.make_session();
    auto a = h.applicant();
    a.segment = 0;
    CHECK(eng.decide(a, s).outcome == engine::verdict::approve);
    a.segment = 1;
    const auto d1 = eng.decide(a, s);
    CHECK(d1.outcome == engine::verdict::decline);
    CHECK(d1.segment == 1);
    a.segment = 2;
    const auto d2 = eng.decide(a, s);
    CHECK(d2.status == engine::decision_status::invalid_input);
    CHECK(d2.problem == engine::input_problem::bad_segment);
  }
  SUBCASE("PD ceiling") {
    const engine::engine<hand_features, card_t, decide::max_pd> lax(hand_features{}, hand_card(), decide::max_pd{0.5});
    auto s = lax.make_session();
    CHECK(lax.decide(h.applicant(), s).outcome == engine::verdict::approve);
    const engine::engine<hand_features, card_t, decide::max_pd> tight(hand_features{}, hand_card(), decide::max_pd{0.4});
    auto s2 = tight.make_session();
    CHECK(tight.decide(h.applicant(), s2).outcome == engine::verdict::decline);
  }
}

TEST_CASE("policy errors") {
  CHECK_THROWS_WITH_AS(decide::cutoff(std::numeric_limits<double>::quiet_NaN()),
                       "[credo.engine.bad_cutoff] segment 0: the cut-off is not a finite number", invalid_input);
  CHECK_THROWS_WITH_AS(decide::cutoff(500, 510),
                       "[credo.engine.bad_cutoff] segment 0: refer_from must be finite and at most the cut-off",
                       invalid_input);
  CHECK_THROWS_WITH_AS(decide::cutoff_table({}), "[credo.engine.empty_table] a cut-off table needs at least one segment",
                       invalid_input);
  decide::cutoff bad;
  bad.approve_at = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(decide::cutoff_table({decide::cutoff(1), bad}),
                       "[credo.engine.bad_cutoff] segment 1: the cut-off is not a finite number", invalid_input);
}

TEST_CASE("binding errors name the feature or characteristic") {
  using binning::bins;
  SUBCASE("a characteristic with no feature column") {
    std::vector<model::characteristic_spec> cs{{"income", bins::numeric({1.0}), {0.1, -0.1, 0.0}, -1.0, {}}};
    CHECK_THROWS_WITH_AS(
        plain_engine(hand_features{}, card_t(cs, -2.0), decide::cutoff(500)),
        "[credo.engine.unknown_feature] model input 'income' is not a column of the feature set (accounts_total, "
        "utilization_revolving, worst_delinquency_24m, inquiries_6m)",
        invalid_input);
  }
  SUBCASE("a categorical characteristic") {
    std::vector<model::characteristic_spec> cs{{"accounts_total", bins::categorical({{"a"}, {"b"}}), {0.1, -0.1, 0.0}, -1.0, {}}};
    CHECK_THROWS_WITH_AS(plain_engine(hand_features{}, card_t(cs, -2.0), decide::cutoff(500)),
                         "[credo.engine.categorical_characteristic] characteristic 'accounts_total' is categorical; "
                         "engine features are numbers",
                         invalid_input);
  }
  SUBCASE("PSI without a reference distribution") {
    const auto c = hand_card();
    const card_t bare(c.characteristics(), c.intercept());
    CHECK_THROWS_WITH_AS(
        monitored_engine(hand_features{}, bare, decide::cutoff(500)),
        "[credo.engine.no_reference] monitor::psi needs a reference score distribution: give one, or keep the "
        "training distribution in the model (scorecard::set_score_distribution)",
        invalid_input);
  }
  SUBCASE("approvals_by with an unknown reference group, or none") {
    CHECK_THROWS_WITH_AS(
        monitored_engine(hand_features{}, hand_card(), decide::cutoff(500), monitor::psi{},
                         monitor::approvals_by<>(monitor::by_group{{"A", "B"}}, "C"), monitor::coverage{}),
        "[credo.engine.unknown_reference] monitor::approvals_by: reference group 'C' is not a group", invalid_input);
    CHECK_THROWS_WITH_AS(
        monitored_engine(hand_features{}, hand_card(), decide::cutoff(500), monitor::psi{},
                         monitor::approvals_by<>(monitor::by_group{{}}), monitor::coverage{}),
        "[credo.engine.no_groups] monitor::approvals_by: the grouping has no groups", invalid_input);
  }
  SUBCASE("an unfitted logistic regression") {
    CHECK_THROWS_WITH_AS((engine::engine<hand_features, model::logistic_regression<>, decide::cutoff>(
                             hand_features{}, model::logistic_regression<>{}, decide::cutoff(500))),
                         "[credo.engine.not_fitted] the logistic regression has not been fitted", invalid_input);
  }
}

TEST_CASE("a group a monitor does not know is invalid input") {
  const monitored_engine eng(hand_features{}, hand_card(), decide::cutoff(480));
  auto s = eng.make_session();
  const hand_records h;
  const auto d = eng.decide(h.applicant(2), s);
  CHECK(d.status == engine::decision_status::invalid_input);
  CHECK(d.problem == engine::input_problem::bad_group);
  CHECK(eng.decide(h.applicant(1), s).scored());
}

namespace {
// A custom rule: scoreable with at least three seen accounts.
struct three_accounts {
  struct state { int n = 0; };
  void add(state& s, const features::account_view&, const features::person_context&) const { ++s.n; }
  bool scoreable(const state& s, const features::person_context&) const { return s.n >= 3; }
};
}  // namespace

TEST_CASE("with_rule: the coverage rule is a policy") {
  using ruled = engine::engine<engine::with_rule<hand_features, three_accounts>, card_t, decide::cutoff>;
  const ruled eng({hand_features{}, three_accounts{}}, hand_card(), decide::cutoff(480));
  auto s = eng.make_session();
  hand_records h;
  CHECK(eng.decide(h.applicant(), s).file == coverage::file_status::unscoreable);
  h.accounts.push_back(h.accounts[1]);
  CHECK(eng.decide(h.applicant(), s).scored());

  using min1 = engine::engine<engine::with_rule<hand_features, coverage::min_accounts>, card_t, decide::cutoff>;
  const min1 lax({hand_features{}, coverage::min_accounts{1}}, hand_card(), decide::cutoff(480));
  auto s2 = lax.make_session();
  h.accounts.resize(1);
  h.accounts[0].opened = date::from_ymd(2024, 4, 20);  // thin, yet one account is enough here
  h.accounts[0].payment_history = "00";
  CHECK(lax.decide(h.applicant(), s2).scored());
}

namespace lender {
// A lender's own layout: different names, amounts in cents, an applicant of its own.
struct account {
  std::uint64_t customer;
  int product;  // 1 card, 2 loan
  features::date open_date, report_date;
  std::optional<features::date> close_date;
  long limit_cents, balance_cents;
  std::string history;
};
struct enquiry {
  std::uint64_t customer;
  features::date on;
};
struct application {
  features::date as_of;
  std::vector<account> accounts;
  std::vector<enquiry> inquiries;
};
// Projections onto the canonical fields, as named functions (std::invoke takes them like
// member pointers).
inline std::size_t single_source(const account&) { return 0; }
inline std::size_t single_source_inquiry(const enquiry&) { return 0; }
inline features::account_type type_of(const account& a) {
  return a.product == 1 ? features::account_type::revolving : features::account_type::installment;
}
inline double limit_of(const account& a) { return a.limit_cents / 100.0; }
inline double balance_of(const account& a) { return a.balance_cents / 100.0; }
inline std::string_view history_of(const account& a) { return a.history; }
}  // namespace lender

template <>
struct credo::features::tradeline_traits<lender::account>
    : credo::features::tradeline_members<&lender::account::customer, &lender::single_source, &lender::type_of,
                                         &lender::account::open_date, &lender::account::close_date,
                                         &lender::account::report_date, &lender::limit_of,
                                         &lender::balance_of, &lender::history_of> {};
template <>
struct credo::features::inquiry_traits<lender::enquiry>
    : credo::features::inquiry_members<&lender::enquiry::customer, &lender::single_source_inquiry,
                                       &lender::enquiry::on> {};

TEST_CASE("the lender's own record types and applicant type") {
  static_assert(engine::applicant_like<lender::application>);
  const plain_engine eng(hand_features{}, hand_card(), decide::cutoff(480));
  auto s = eng.make_session();
  lender::application a;
  a.as_of = date::from_ymd(2024, 6, 30);
  a.accounts = {{9, 1, date::from_ymd(2020, 1, 15), date::from_ymd(2024, 6, 30), std::nullopt, 100000, 80000, "000000"},
                {9, 2, date::from_ymd(2023, 1, 10), date::from_ymd(2024, 6, 30), std::nullopt, 500000, 300000, "1000"}};
  a.inquiries = {{9, date::from_ymd(2024, 5, 1)}, {9, date::from_ymd(2023, 1, 1)}};
  const auto d = eng.decide(a, s);
  CHECK(d.scored());
  CHECK(d.score == 490);  // the same person as the hand applicant
  CHECK(d.segment == 0);
}

namespace {
/// A logistic regression fitted on the synthetic persons' features with no missing value
/// (thick files).
model::logistic_regression<> fit_on_thick_files(const test::synthetic_applicants& pop) {
  hand_features fs;
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  std::vector<double> row(fs.width());
  for (const auto& a : pop.applicants) {
    fs.extract(a.as_of, a.accounts, a.inquiries, std::span<double>(row));
    bool ok = true;
    for (double v : row) ok = ok && !std::isnan(v);
    if (!ok) continue;
    rows.push_back(row);
    y.push_back(a.outcome);
  }
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), 4);
  Eigen::VectorXd yy(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (int j = 0; j < 4; ++j) x(static_cast<Eigen::Index>(i), j) = rows[i][static_cast<std::size_t>(j)];
    yy[static_cast<Eigen::Index>(i)] = y[i];
  }
  model::logistic_regression<> lr;
  lr.fit(x, yy, {"worst_delinquency_24m", "utilization_revolving", "inquiries_6m", "accounts_total"});
  return lr;
}
}  // namespace

TEST_CASE("a logistic regression as the model") {
  const test::synthetic_applicants pop(3000, 11);
  const model::logistic_regression<> lr = fit_on_thick_files(pop);
  REQUIRE(lr.fitted());
  using logit_engine = engine::engine<hand_features, model::logistic_regression<>, decide::max_pd>;
  const logit_engine eng(hand_features{}, lr, decide::max_pd{0.1});
  auto s = eng.make_session();
  const hand_records h;
  const auto d = eng.decide(h.applicant(), s);
  REQUIRE(d.scored());
  // η = α + Σ β_j x_j with the model's own names: worst 1, utilization 0.8, inquiries 1, accounts 2
  const auto b = lr.coefficients();
  const double eta = lr.intercept() + b[0] * 1 + b[1] * 0.8 + b[2] * 1 + b[3] * 2;
  CHECK(d.pd == doctest::Approx(1 / (1 + std::exp(-eta))).epsilon(1e-12));
  const double factor = 20 / std::log(2.0);
  CHECK(d.score == doctest::Approx(600 - factor * std::log(50.0) - factor * eta).epsilon(1e-12));
  CHECK(d.outcome == (d.pd <= 0.1 ? engine::verdict::approve : engine::verdict::decline));
  // reasons: the terms that cost points against x = 0, largest first
  double prev = std::numeric_limits<double>::infinity();
  for (const auto& r : d.reasons()) {
    const double contrib = factor * b[static_cast<Eigen::Index>(r.characteristic)] *
                           std::array<double, 4>{1, 0.8, 1, 2}[r.characteristic];
    CHECK(r.points_below == doctest::Approx(contrib));
    CHECK(r.points_below > 0);
    CHECK(r.points_below <= prev);
    prev = r.points_below;
  }
  // a missing utilization cannot be scored by a raw logistic model
  hand_records m;
  m.accounts[0].type = features::account_type::installment;
  const auto dm = eng.decide(m.applicant(), s);
  CHECK(dm.status == engine::decision_status::invalid_input);
  CHECK(dm.problem == engine::input_problem::missing_value);

  // The same model through a model file decides every applicant to the same bits.
  const logit_engine from_file(hand_features{}, io::logistic_from_string(io::logistic_to_string(lr)), decide::max_pd{0.1});
  auto sf = from_file.make_session();
  std::size_t scored = 0;
  for (const auto& a : pop.applicants) {
    const auto want = eng.decide(a, s), got = from_file.decide(a, sf);
    CHECK(got.status == want.status);
    if (!want.scored()) continue;
    ++scored;
    CHECK(got.score == want.score);
    CHECK(got.pd == want.pd);
    CHECK(got.outcome == want.outcome);
    CHECK(got.reason_count == want.reason_count);
  }
  CHECK(scored > 100);
}

TEST_CASE("a user's scaling reaches a logistic model in the engine") {
  const test::synthetic_applicants pop(3000, 11);
  const model::logistic_regression<> lr = fit_on_thick_files(pop);
  REQUIRE(lr.fitted());
  // 500 points at 20:1, 40 points to double the odds (not the defaults 600, 50:1, 20)
  const model::scaling scale{40, 500, 20};
  using scaled_engine = engine::engine<hand_features, engine::scaled<model::logistic_regression<>>, decide::max_pd>;
  const scaled_engine eng(hand_features{}, engine::scaled<model::logistic_regression<>>{lr, scale}, decide::max_pd{0.1});
  auto s = eng.make_session();
  const hand_records h;
  const auto d = eng.decide(h.applicant(), s);
  REQUIRE(d.scored());
  // by hand: Factor = 40 / ln 2, Offset = 500 − Factor · ln 20, score = Offset − Factor · η
  const auto b = lr.coefficients();
  const double eta = lr.intercept() + b[0] * 1 + b[1] * 0.8 + b[2] * 1 + b[3] * 2;
  const double factor = 40 / std::log(2.0), offset = 500 - factor * std::log(20.0);
  CHECK(d.score == doctest::Approx(offset - factor * eta).epsilon(1e-12));
  CHECK(d.pd == doctest::Approx(1 / (1 + std::exp(-eta))).epsilon(1e-12));
  // and the score is not the default scaling's
  const double default_factor = 20 / std::log(2.0);
  CHECK(std::abs(d.score - (600 - default_factor * std::log(50.0) - default_factor * eta)) > 1);
  // the scaled PD reads back from the score through the scaling
  CHECK(scale.pd_from_score(d.score) == doctest::Approx(d.pd).epsilon(1e-12));
  // reasons are in the scaled points: Factor · β_j · x_j
  for (const auto& r : d.reasons())
    CHECK(r.points_below == doctest::Approx(factor * b[static_cast<Eigen::Index>(r.characteristic)] *
                                            std::array<double, 4>{1, 0.8, 1, 2}[r.characteristic]));
  // the default-scaled wrapper gives the unwrapped engine's bits
  using plain_engine = engine::engine<hand_features, model::logistic_regression<>, decide::max_pd>;
  const plain_engine plain(hand_features{}, lr, decide::max_pd{0.1});
  const scaled_engine wrapped(hand_features{}, engine::scaled<model::logistic_regression<>>{lr, {}}, decide::max_pd{0.1});
  auto sp = plain.make_session();
  auto sw = wrapped.make_session();
  const auto dp = plain.decide(h.applicant(), sp), dw = wrapped.decide(h.applicant(), sw);
  CHECK(dw.score == dp.score);
  CHECK(dw.pd == dp.pd);
  // a bad scaling is refused when the engine is built
  CHECK_THROWS_WITH_AS(scaled_engine(hand_features{}, engine::scaled<model::logistic_regression<>>{lr, {0, 600, 50}},
                                     decide::max_pd{0.1}),
                       "[credo.engine.bad_option] pdo = 0 is not a finite number > 0", invalid_input);
  static_assert(engine::scoring_model<engine::scaled<model::logistic_regression<>>>);
}

namespace {
struct not_a_policy {};
struct no_name {
  engine::verdict decide(const engine::decision_input&) const { return engine::verdict::approve; }
};
struct not_a_monitor {
  struct state {};
};
struct good_monitor {
  struct state {
    int n = 0;
    state& operator+=(const state& o) { n += o.n; return *this; }
    bool operator==(const state&) const = default;
  };
  std::string_view name() const { return "n"; }
  state make_state() const { return {}; }
  template <class A>
  void add(state& s, const A&, const engine::decision&) const { ++s.n; }
  int report(const state& s) const { return s.n; }
};
}  // namespace

TEST_CASE("the concepts reject parts that do not fit") {
  static_assert(!credo::decision_policy<int>);
  static_assert(!credo::decision_policy<not_a_policy>);
  static_assert(!credo::decision_policy<no_name>);
  static_assert(credo::decision_policy<decide::cutoff>);
  static_assert(credo::decision_policy<decide::cutoff_table>);
  static_assert(!engine::monitor_policy<int>);
  static_assert(!engine::monitor_policy<not_a_monitor>);
  static_assert(engine::monitor_policy<good_monitor>);
  static_assert(engine::monitor_policy<monitor::psi>);
  static_assert(engine::monitor_policy<monitor::approvals_by<>>);
  static_assert(engine::monitor_policy<monitor::coverage>);
  static_assert(!engine::scoring_model<int>);
  static_assert(engine::scoring_model<card_t>);
  static_assert(engine::scoring_model<model::logistic_regression<>>);
  static_assert(!engine::feature_source<int>);
  static_assert(engine::feature_source<hand_features>);
  static_assert(engine::feature_source<engine::with_rule<hand_features, coverage::min_accounts>>);
  static_assert(!engine::applicant_like<int>);
  static_assert(engine::applicant_like<engine::applicant<>>);

  // A monitor of one's own takes part like the built-in ones.
  const engine::engine<hand_features, card_t, decide::cutoff, good_monitor> eng(hand_features{}, hand_card(),
                                                                               decide::cutoff(480));
  auto s = eng.make_session();
  const hand_records h;
  eng.decide(h.applicant(), s);
  eng.decide(h.applicant(), s);
  CHECK(eng.snapshot(s).get<0>() == 2);
}
