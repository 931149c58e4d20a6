// Reject inference (credo/model/reject_inference.hpp): the three methods on hand-derived cases,
// the augmented table, every error path, and the fuzzy and hard cut-off refits against
// statsmodels' GLM with frequency weights (tests/reference/reject_inference_fuzzy.py).
#include "german_credit.hpp"
#include "test_support.hpp"

#include <credo/model/logistic_regression.hpp>
#include <credo/model/reject_inference.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace reject_inference_test {

using namespace credo::model;
constexpr double inf = std::numeric_limits<double>::infinity();

const nlohmann::json& reference() {
  static const nlohmann::json j = [] {
    std::ifstream in(credo::test::reference_path("reject_inference_fuzzy.json"));
    return nlohmann::json::parse(in);
  }();
  return j;
}

double rel(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

struct german_split {
  credo::table accepts, rejects;
};

// Accepts: duration <= 30; rejects: the rest, their target dropped (the reference's split).
german_split split_german() {
  const auto t = credo::test::german_credit();
  std::vector<std::size_t> a, r;
  for (std::size_t i = 0; i < t.rows(); ++i) (t["duration"].values()[i] <= 30 ? a : r).push_back(i);
  german_split s{t.take(a), credo::table{}};
  const auto rej = t.take(r);
  for (const auto& n : rej.names()) s.rejects.add(rej[n]);
  return s;
}

Eigen::MatrixXd design(const credo::table& t, const nlohmann::json& cols) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(t.rows()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t j = 0; j < cols.size(); ++j)
    for (std::size_t i = 0; i < t.rows(); ++i)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = t[cols[j].get<std::string>()].values()[i];
  return x;
}

std::vector<std::string> names_of(const nlohmann::json& cols) {
  std::vector<std::string> n;
  for (const auto& c : cols) n.push_back(c.get<std::string>());
  return n;
}

TEST_CASE("hard cut-off: bad above the cut-off PD, weighted by the reject weight") {
  const std::vector<double> pd = {0.1, 0.3, 0.5, 0.31}, w = {1, 1, 2, 1};
  const auto o = hard_cutoff_outcomes(pd, w, 0.3, 2.0);
  CHECK(o.bad == std::vector<std::uint8_t>{0, 0, 1, 1});  // 0.3 is not above 0.3
  CHECK(o.weight == std::vector<double>{2, 2, 4, 2});
  CHECK(o.reject_row == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(o.bad_weight() == 6);
  CHECK(o.bad_rate() == doctest::Approx(0.6));
}

TEST_CASE("fuzzy: each reject twice, bad with p*w and good with (1-p)*w") {
  const std::vector<double> pd = {0.2, 0.5}, w = {1, 3};
  const auto o = fuzzy_outcomes(pd, w, 0.5);
  REQUIRE(o.size() == 4);
  CHECK(o.reject_row == std::vector<std::size_t>{0, 0, 1, 1});
  CHECK(o.bad == std::vector<std::uint8_t>{1, 0, 1, 0});
  CHECK(o.weight[0] == doctest::Approx(0.1));
  CHECK(o.weight[1] == doctest::Approx(0.4));
  CHECK(o.weight[2] == doctest::Approx(0.75));
  CHECK(o.weight[3] == doctest::Approx(0.75));
  CHECK(o.bad_rate() == doctest::Approx(0.85 / 2.0));  // the weighted mean PD
}

TEST_CASE("parceling: band bad rates times the factor, riskiest rejects bad first") {
  const std::vector<double> edges = {-inf, 500, 600, inf};
  const std::vector<double> as = {450, 480, 520, 550, 580, 650, 700};
  const std::vector<std::uint8_t> ab = {1, 0, 1, 0, 0, 0, 0};
  auto bands = parcel_bands(edges, as, ab, {}, 2.0);
  REQUIRE(bands.size() == 3);
  CHECK(bands[0].accepts_bad_rate == doctest::Approx(0.5));
  CHECK(bands[1].accepts_bad_rate == doctest::Approx(1.0 / 3));
  CHECK(bands[2].accepts_bad_rate == 0);
  CHECK(bands[0].target_bad_rate == 1.0);  // min(1, 2 * 0.5)
  CHECK(bands[1].target_bad_rate == doctest::Approx(2.0 / 3));
  CHECK(bands[2].target_bad_rate == 0);
  const std::vector<double> rs = {490, 400, 510, 590, 560, 620};
  const auto o = parcel_outcomes(rs, {}, bands);
  // Band 1 holds 510, 560, 590: the goal is 2/3 * 3 = 2 bads, the two lowest scores.
  CHECK(o.bad == std::vector<std::uint8_t>{1, 1, 1, 0, 1, 0});
  CHECK(bands[0].rejects == 2);
  CHECK(bands[1].rejects == 3);
  CHECK(bands[1].assigned_bad_weight == 2);
  CHECK(bands[2].assigned_bad_weight == 0);
  CHECK(o.bad_rate() == doctest::Approx(4.0 / 6));

  SUBCASE("weights: bad while the weight before plus half its own is within the goal") {
    auto b = parcel_bands(edges, as, ab, {}, 2.0);
    const std::vector<double> w = {1, 1, 1.5, 1, 1, 1};  // band 1: 510 (1.5), 560 (1), 590 (1): goal 2/3 * 3.5
    const auto ow = parcel_outcomes(rs, w, b, 1.0);
    // 510: 0 + 0.75 <= 2.33 bad; 560: 1.5 + 0.5 <= 2.33 bad; 590: 2.5 + 0.5 > 2.33 good.
    CHECK(ow.bad == std::vector<std::uint8_t>{1, 1, 1, 0, 1, 0});
    CHECK(b[1].rejects_weight == doctest::Approx(3.5));
    CHECK(b[1].assigned_bad_weight == doctest::Approx(2.5));
  }
  SUBCASE("a band without accepts takes its nearest neighbour's rate, the lower first") {
    const std::vector<double> e4 = {-inf, 500, 600, 640, inf};
    const auto b = parcel_bands(e4, as, ab, {}, 1.5);
    REQUIRE(b.size() == 4);
    CHECK(std::isnan(b[2].accepts_bad_rate));
    CHECK(b[2].target_bad_rate == doctest::Approx(1.5 / 3));  // from band 1, not band 3 (rate 0)
  }
}

TEST_CASE("augment: accepts then inferred rejects, categorical labels merged") {
  credo::table a, r;
  a.add(credo::column::numeric("x", {1, 2}));
  a.add(credo::column::categorical_from_labels("c", {"u", "v"}));
  a.set_target(std::vector<std::uint8_t>{0, 1}, "y");
  r.add(credo::column::categorical_from_labels("c", {"w", "u", ""}));
  r.add(credo::column::numeric("x", {5, 6, std::nan("")}));
  r.add(credo::column::numeric("unused", {0, 0, 0}));
  reject_outcomes o;
  o.reject_row = {0, 0, 2};
  o.bad = {1, 0, 1};
  o.weight = {0.25, 0.75, 1};
  const auto t = augment(a, r, o);
  REQUIRE(t.rows() == 5);
  CHECK(t.names() == std::vector<std::string>{"x", "c"});
  CHECK(t["x"].values()[2] == 5);
  CHECK(t["x"].values()[3] == 5);
  CHECK(std::isnan(t["x"].values()[4]));
  CHECK(t["c"].dictionary() == std::vector<std::string>{"u", "v", "w"});
  CHECK(t["c"].codes()[2] == 2);
  CHECK(t["c"].codes()[4] == credo::column::missing_code);
  CHECK(std::vector<std::uint8_t>(t.target().begin(), t.target().end()) == std::vector<std::uint8_t>{0, 1, 1, 0, 1});
  CHECK(t.weight(0) == 1);
  CHECK(t.weight(3) == 0.75);
  CHECK(t.target_name() == "y");
}

TEST_CASE("reject inference errors name the parameter, reject or column") {
  const std::vector<double> pd = {0.2, 0.4};
  CHECK_THROWS_WITH_AS(hard_cutoff_outcomes(pd, {}, 1.5),
                       "[credo.reject_inference.bad_parameter] cutoff_pd 1.5 is not a probability in [0, 1]",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fuzzy_outcomes(pd, {}, 0.0),
                       "[credo.reject_inference.bad_parameter] reject_weight 0 is not a finite number > 0",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fuzzy_outcomes(std::vector<double>{0.2, 1.2}, {}),
                       "[credo.reject_inference.bad_pd] fuzzy, reject 1: PD 1.2 is not a probability in [0, 1]",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fuzzy_outcomes(pd, std::vector<double>{1}),
                       "[credo.reject_inference.length_mismatch] fuzzy: 1 weights for 2 rejects", credo::invalid_input);
  CHECK_THROWS_WITH_AS(hard_cutoff_outcomes(pd, std::vector<double>{1, -1}, 0.3),
                       "[credo.reject_inference.bad_weight] hard cut-off, reject 1: weight -1 is not a finite number >= 0",
                       credo::invalid_input);
  const std::vector<double> one_edge = {0};
  CHECK_THROWS_WITH_AS(parcel_bands(one_edge, {}, {}, {}, 2),
                       "[credo.reject_inference.bad_bands] parceling needs at least two increasing band edges (1 given)",
                       credo::invalid_input);
  const std::vector<double> edges = {-inf, inf}, s = {1};
  const std::vector<std::uint8_t> b = {1};
  CHECK_THROWS_WITH_AS(parcel_bands(edges, s, b, {}, 0),
                       "[credo.reject_inference.bad_parameter] event_rate_increase 0 is not a finite number > 0",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(parcel_bands(edges, s, b, std::vector<double>{0}, 2),
                       "[credo.reject_inference.no_accepts] parceling: no accept with a score and a weight",
                       credo::invalid_input);
  std::vector<parcel_band> none;
  CHECK_THROWS_WITH_AS(parcel_outcomes(s, {}, none), "[credo.reject_inference.bad_bands] parceling: no band",
                       credo::invalid_input);
  auto bands = parcel_bands(edges, s, b, {}, 2);
  CHECK_THROWS_WITH_AS(parcel_outcomes(std::vector<double>{std::nan("")}, {}, bands),
                       "[credo.reject_inference.bad_pd] parceling, reject 0: no score", credo::invalid_input);

  credo::table a, r;
  a.add(credo::column::numeric("x", {1, 2}));
  a.set_target(std::vector<std::uint8_t>{0, 1}, "y");
  r.add(credo::column::numeric("z", {1}));
  const reject_outcomes o{{0}, {1}, {1}};
  CHECK_THROWS_WITH_AS(augment(a, r, o),
                       "[credo.reject_inference.missing_column] the rejects have no column 'x', which the accepts have",
                       credo::invalid_input);
  credo::table rc;
  rc.add(credo::column::categorical_from_labels("x", {"a"}));
  CHECK_THROWS_WITH_AS(augment(a, rc, o),
                       "[credo.reject_inference.kind_mismatch] column 'x' is numeric in the accepts but categorical in the rejects",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(fit_with_reject_inference(a, credo::table{}),
                       "[credo.reject_inference.no_rejects] the rejects table has no rows", credo::invalid_input);
}

TEST_CASE("fuzzy and hard cut-off refits match statsmodels' GLM with frequency weights") {
  const auto& ref = reference();
  const auto s = split_german();
  REQUIRE(s.accepts.rows() == ref["accepts"].get<std::size_t>());
  REQUIRE(s.rejects.rows() == ref["rejects"].get<std::size_t>());
  const double rw = ref["reject_weight"];
  const Eigen::MatrixXd xa = design(s.accepts, ref["columns"]), xr = design(s.rejects, ref["columns"]);
  logistic_regression<double> kgb;
  REQUIRE(kgb.fit(xa, s.accepts.target(), names_of(ref["columns"])) == fit_status::success);
  for (Eigen::Index j = 0; j < kgb.params().size(); ++j)
    CHECK(rel(kgb.params()[j], ref["kgb_params"][static_cast<std::size_t>(j)]) < 1e-7);
  const Eigen::VectorXd p = kgb.predict_proba(xr);
  CHECK(rel(p.sum(), ref["reject_pd_sum"]) < 1e-9);
  const std::vector<double> pd(p.data(), p.data() + p.size());

  // The refit design: the KGB columns and three more, over accepts and the augmented rejects.
  const auto refit_names = names_of(ref["refit_columns"]);
  const Eigen::MatrixXd xa2 = design(s.accepts, ref["refit_columns"]), xr2 = design(s.rejects, ref["refit_columns"]);
  auto refit = [&](const reject_outcomes& o, const Eigen::MatrixXd& xa_, const Eigen::MatrixXd& xr_,
                   const std::vector<std::string>& names) {
    const auto na = xa_.rows(), n = na + static_cast<Eigen::Index>(o.size());
    Eigen::MatrixXd x(n, xa_.cols());
    Eigen::VectorXd y(n), w(n);
    x.topRows(na) = xa_;
    for (Eigen::Index i = 0; i < na; ++i) y[i] = s.accepts.target()[static_cast<std::size_t>(i)], w[i] = 1;
    for (std::size_t k = 0; k < o.size(); ++k) {
      const auto i = na + static_cast<Eigen::Index>(k);
      x.row(i) = xr_.row(static_cast<Eigen::Index>(o.reject_row[k]));
      y[i] = o.bad[k];
      w[i] = o.weight[k];
    }
    logistic_regression<double> m;
    REQUIRE(m.fit(x, y, names, w) == fit_status::success);
    return m;
  };

  SUBCASE("fuzzy") {
    const auto o = fuzzy_outcomes(pd, {}, rw);
    CHECK(static_cast<std::size_t>(s.accepts.rows() + o.size()) == ref["fuzzy"]["augmented_rows"].get<std::size_t>());
    CHECK(rel(o.bad_rate(), ref["fuzzy"]["inferred_bad_rate"]) < 1e-12);
    const auto m = refit(o, xa2, xr2, refit_names);
    for (Eigen::Index j = 0; j < m.params().size(); ++j) {
      CHECK(rel(m.params()[j], ref["fuzzy"]["params"][static_cast<std::size_t>(j)]) < 1e-6);
      CHECK(rel(m.std_errors()[j], ref["fuzzy"]["bse_freq_weights"][static_cast<std::size_t>(j)]) < 1e-6);
    }
    CHECK(rel(m.log_likelihood(), ref["fuzzy"]["llf"]) < 1e-9);
    // On the KGB's own design the fuzzy refit gives back the KGB (its score equations vanish).
    const auto same = refit(o, xa, xr, names_of(ref["columns"]));
    for (Eigen::Index j = 0; j < same.params().size(); ++j) {
      CHECK(rel(same.params()[j], ref["fuzzy"]["fuzzy_same_design"][static_cast<std::size_t>(j)]) < 1e-6);
      CHECK(rel(same.params()[j], kgb.params()[j]) < 1e-6);
    }
  }
  SUBCASE("hard cut-off at the accepts' bad rate") {
    double bad = 0;
    for (auto v : s.accepts.target()) bad += v;
    const double rate = bad / static_cast<double>(s.accepts.rows());
    CHECK(rel(rate, ref["accepts_bad_rate"]) < 1e-12);
    const auto o = hard_cutoff_outcomes(pd, {}, rate, rw);
    CHECK(o.bad_weight() / rw == doctest::Approx(ref["hard"]["inferred_bads"].get<double>()));
    const auto m = refit(o, xa2, xr2, refit_names);
    for (Eigen::Index j = 0; j < m.params().size(); ++j) {
      CHECK(rel(m.params()[j], ref["hard"]["params"][static_cast<std::size_t>(j)]) < 1e-6);
      CHECK(rel(m.std_errors()[j], ref["hard"]["bse"][static_cast<std::size_t>(j)]) < 1e-6);
    }
  }
}

TEST_CASE("the scorecard workflow with reject inference on German credit") {
  const auto s = split_german();
  scorecard_plan plan;
  const auto kgb_alone = fit_scorecard(s.accepts, plan);
  for (auto method : {reject_inference_method::hard_cutoff, reject_inference_method::fuzzy,
                      reject_inference_method::parceling}) {
    CAPTURE(to_string(method));
    reject_inference_options ri;
    ri.method = method;
    const auto r = fit_with_reject_inference(s.accepts, s.rejects, plan, ri);
    CHECK(r.accepts == 827);
    CHECK(r.rejects == 173);
    CHECK(r.rejects_left_out == 0);
    CHECK(r.accepts_bad_rate == doctest::Approx(217.0 / 827));
    // The KGB model is the plain workflow on the accepts.
    REQUIRE(r.kgb.model.coefficients.size() == kgb_alone.model.coefficients.size());
    for (std::size_t j = 0; j < r.kgb.model.coefficients.size(); ++j)
      CHECK(r.kgb.model.coefficients[j].estimate == kgb_alone.model.coefficients[j].estimate);
    // Each reject's KGB PD from its card score.
    std::vector<double> pd, score;
    for (const auto& x : r.kgb.card.score(s.rejects)) {
      score.push_back(x.score);
      pd.push_back(r.kgb.card.pd_from_score(x.score));
    }
    double mean_pd = 0;
    for (double v : pd) mean_pd += v / static_cast<double>(pd.size());
    // The inferred model is refitted on the augmented rows: its weights sum to accepts + rejects.
    CHECK(r.inferred.model.nobs == doctest::Approx(827.0 + 173.0));
    CHECK(r.augmented_bad_rate ==
          doctest::Approx((217.0 + r.outcomes.bad_weight()) / (827.0 + r.outcomes.total_weight())));
    switch (method) {
      case reject_inference_method::hard_cutoff: {
        REQUIRE(r.options.cutoff_pd);
        CHECK(*r.options.cutoff_pd == r.accepts_bad_rate);
        std::size_t bads = 0;
        for (double v : pd) bads += v > r.accepts_bad_rate;
        CHECK(r.outcomes.bad_weight() == static_cast<double>(bads));
        break;
      }
      case reject_inference_method::fuzzy:
        CHECK(r.outcomes.size() == 346);
        CHECK(r.inferred_bad_rate == doctest::Approx(mean_pd).epsilon(1e-12));
        break;
      case reject_inference_method::parceling: {
        REQUIRE(r.bands.size() == r.kgb.card.training_distribution()->counts.size());
        std::size_t in_bands = 0;
        double assigned = 0;
        for (const auto& b : r.bands) {
          in_bands += b.rejects;
          assigned += b.assigned_bad_weight;
          CHECK(b.target_bad_rate == doctest::Approx(std::min(1.0, 2 * b.accepts_bad_rate)));
          // The rank rule meets the goal to within half a row.
          CHECK(std::abs(b.assigned_bad_weight - b.target_bad_rate * b.rejects_weight) <= 0.5);
        }
        CHECK(in_bands == 173);
        CHECK(assigned == r.outcomes.bad_weight());
        break;
      }
    }
    CHECK(r.inferred_bad_rate > r.accepts_bad_rate);  // the rejects are riskier here
  }
}

}  // namespace reject_inference_test
